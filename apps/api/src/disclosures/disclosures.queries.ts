import { Injectable } from '@nestjs/common';
import { DisclosureLog } from '@lantern/disclosures';
import type { OrganizationDisclosuresCommand } from './disclosures.commands';

/** What a parent may inspect (FERPA 34 CFR 99.32(c)), read for them by a steward. */
@Injectable()
export class StudentDisclosuresQuery {
  constructor(private readonly disclosures: DisclosureLog) {}

  async run(sid: string) {
    // An unknown SID and a student never disclosed answer alike: an empty record.
    return { sid, disclosures: await this.disclosures.forStudent(sid) };
  }
}

@Injectable()
export class OrganizationDisclosuresQuery {
  constructor(private readonly disclosures: DisclosureLog) {}

  async run(command: OrganizationDisclosuresCommand) {
    const disclosures = await this.disclosures.forOrganization(command.organizationId, command.page);
    const last = disclosures.at(-1);
    return { organizationId: command.organizationId, disclosures, nextBeforeId: disclosures.length === command.page.limit && last ? last.id : null };
  }
}
