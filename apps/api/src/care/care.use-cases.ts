import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@lantern/audit';
import { CARE_REPORT_MINIMUM_CELL_SIZE, CareFlags, CareInbox, CareReports, registerNoticeReader, removeNoticeReader, SchoolCalendars } from '@lantern/care-notices';
import type { Principal } from '@lantern/governance';
import { kafkaConnectionOf } from '@lantern/kafka';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN } from '../hub-connections';
import { AgencyFlagsCommand, type CareFlagReference, type IssueCareFlagCommand, type ReplaceSchoolCalendarCommand } from './care.commands';

/** The API flags of an agency use its organisation id as their source system: its local person ids are its own. */
function issuerOf(agency: Principal) {
  return { agencyId: agency.organizationId, actor: agency.clientId, sourceSystem: agency.organizationId };
}

/**
 * The notices are in the schools' inboxes when this answers; their events reach the schools'
 * Kafka topics through the worker's relay, which polls the outbox every second.
 */
@Injectable()
export class IssueCareFlagUseCase {
  constructor(private readonly flags: CareFlags) {}

  run(command: IssueCareFlagCommand, agency: Principal) {
    return this.flags.issue(command.flag, issuerOf(agency));
  }
}

@Injectable()
export class RevokeCareFlagUseCase {
  constructor(private readonly flags: CareFlags) {}

  run(reference: CareFlagReference, agency: Principal) {
    return this.flags.revoke(agency.organizationId, reference.flagId, agency.clientId);
  }
}

/** The flags the agency's own organisation issued: never another agency's. */
@Injectable()
export class AgencyFlagsQuery {
  constructor(private readonly flags: CareFlags) {}

  run(command: AgencyFlagsCommand, agency: Principal) {
    return this.flags.issuedBy(agency.organizationId, { status: command.status, page: command.page, pageSize: AgencyFlagsCommand.PAGE_SIZE });
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
    return {
      suppressionRule: `counts from 1 to ${CARE_REPORT_MINIMUM_CELL_SIZE - 1} are withheld ('*'), with complementary suppression so no withheld count follows from the totals`,
      table: await this.reports.flagsPerDistrictPerMonth(),
    };
  }
}

@Injectable()
export class ReplaceSchoolCalendarUseCase {
  constructor(private readonly calendars: SchoolCalendars) {}

  run(command: ReplaceSchoolCalendarCommand) {
    return this.calendars.replace(command.organizationId, command.nonSchoolDays);
  }
}

/** A school's or district's Kafka login for its own notice topic; the password is in this answer only (ADR 0017). */
@Injectable()
export class RegisterNoticeReaderUseCase {
  private readonly dependencies: Parameters<typeof registerNoticeReader>[0];

  constructor(auditLog: AuditLog, @Inject(API_SETTINGS_TOKEN) settings: ApiSettings) {
    this.dependencies = { hub: kafkaConnectionOf(settings), audit: auditLog, topicPrefix: settings.LANTERN_TOPIC_PREFIX };
  }

  run(organizationId: string, steward: Principal) {
    return registerNoticeReader(this.dependencies, organizationId, steward.clientId);
  }
}

/** Takes a school's or district's notice login away: it can no longer log in or read its topic (ADR 0017). */
@Injectable()
export class RemoveNoticeReaderUseCase {
  private readonly dependencies: Parameters<typeof removeNoticeReader>[0];

  constructor(auditLog: AuditLog, @Inject(API_SETTINGS_TOKEN) settings: ApiSettings) {
    this.dependencies = { hub: kafkaConnectionOf(settings), audit: auditLog };
  }

  run(organizationId: string, steward: Principal) {
    return removeNoticeReader(this.dependencies, organizationId, steward.clientId);
  }
}
