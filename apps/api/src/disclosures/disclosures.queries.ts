import { Injectable } from '@nestjs/common';
import { type DisclosureEntry, DisclosureLog, type DisclosurePage } from '@lantern/disclosures';
import type { OrganizationDisclosuresCommand, StudentDisclosuresCommand } from './disclosures.commands';

/** The id to ask for the next page by, or null when this page is the last. */
function nextBeforeId(disclosures: DisclosureEntry[], page: DisclosurePage): string | null {
  const last = disclosures.at(-1);
  return disclosures.length === page.limit && last ? last.id : null;
}

/** What a parent may inspect (FERPA 34 CFR 99.32(c)), read for them by a steward. */
@Injectable()
export class StudentDisclosuresQuery {
  constructor(private readonly disclosures: DisclosureLog) {}

  async run(command: StudentDisclosuresCommand) {
    // An unknown SID and a student never disclosed answer alike: an empty record.
    const disclosures = await this.disclosures.forStudent(command.sid, command.page);
    return { sid: command.sid, disclosures, nextBeforeId: nextBeforeId(disclosures, command.page) };
  }
}

@Injectable()
export class OrganizationDisclosuresQuery {
  constructor(private readonly disclosures: DisclosureLog) {}

  async run(command: OrganizationDisclosuresCommand) {
    const disclosures = await this.disclosures.forOrganization(command.organizationId, command.page);
    return { organizationId: command.organizationId, disclosures, nextBeforeId: nextBeforeId(disclosures, command.page) };
  }
}
