import { Inject, Injectable } from '@nestjs/common';
import { CARE_REPORT_MINIMUM_CELL_SIZE, CareFlags, CareInbox, CareNoticeRelay, CareReports, SchoolCalendars } from '@lantern/care-notices';
import type { Principal } from '@lantern/governance';
import type { Logger } from 'pino';
import { LOGGER_TOKEN } from '../hub-connections';
import type { CareFlagReference, IssueCareFlagCommand, ReplaceSchoolCalendarCommand } from './care.commands';

/** The API flags of an agency use its organisation id as their source system: its local person ids are its own. */
function issuerOf(agency: Principal) {
  return { agencyId: agency.organizationId, actor: agency.clientId, sourceSystem: agency.organizationId };
}

@Injectable()
export class IssueCareFlagUseCase {
  constructor(
    private readonly flags: CareFlags,
    private readonly relay: CareNoticeRelay,
    @Inject(LOGGER_TOKEN) private readonly logger: Logger,
  ) {}

  async run(command: IssueCareFlagCommand, agency: Principal) {
    const status = await this.flags.issue(command.flag, issuerOf(agency));
    this.relay.kick((error) => this.logger.error({ err: error }, 'care notice relay failed; the next sweep retries'));
    return status;
  }
}

@Injectable()
export class RevokeCareFlagUseCase {
  constructor(
    private readonly flags: CareFlags,
    private readonly relay: CareNoticeRelay,
    @Inject(LOGGER_TOKEN) private readonly logger: Logger,
  ) {}

  async run(reference: CareFlagReference, agency: Principal) {
    const status = await this.flags.revoke(agency.organizationId, reference.flagId, agency.clientId);
    this.relay.kick((error) => this.logger.error({ err: error }, 'care notice relay failed; the next sweep retries'));
    return status;
  }
}

@Injectable()
export class CareFlagStatusQuery {
  constructor(private readonly flags: CareFlags) {}

  run(reference: CareFlagReference, agency: Principal) {
    return this.flags.statusOf(agency.organizationId, reference.flagId);
  }
}

@Injectable()
export class CareInboxQuery {
  constructor(private readonly inbox: CareInbox) {}

  async run(reader: Principal) {
    return { organizationId: reader.organizationId, notices: await this.inbox.open(reader) };
  }
}

@Injectable()
export class AcknowledgeCareNoticeUseCase {
  constructor(private readonly inbox: CareInbox) {}

  run(noticeId: string, reader: Principal) {
    return this.inbox.acknowledge(reader, noticeId);
  }
}

@Injectable()
export class CareReportQuery {
  constructor(private readonly reports: CareReports) {}

  async run() {
    return { suppressionRule: `counts from 1 to ${CARE_REPORT_MINIMUM_CELL_SIZE - 1} are withheld ('*'), with complementary suppression so no withheld count follows from the totals`, table: await this.reports.flagsPerDistrictPerMonth() };
  }
}

@Injectable()
export class ReplaceSchoolCalendarUseCase {
  constructor(private readonly calendars: SchoolCalendars) {}

  run(command: ReplaceSchoolCalendarCommand) {
    return this.calendars.replace(command.organizationId, command.nonSchoolDays);
  }
}
