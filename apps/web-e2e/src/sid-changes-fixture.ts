import { AuditLog } from '@lantern/audit';
import { IdentityResolution, personRecordId } from '@lantern/identity-service';
import type { Page } from '@playwright/test';
import type { DataSource } from 'typeorm';

/**
 * Children the merges and splits test decides about, each given a SID of their own on arrival:
 * the steward merges the second into the first (one child, sent twice) and splits it off again.
 * Names and birth dates unlike any other fixture's, so the matching engine links none of them.
 */
export const SID_CHANGE_PEOPLE = {
  survivor: { sourceSystem: 'lea-255901.sis', localId: 'MS-1001', firstName: 'Oluwaseun', lastName: 'Adeyemi-Park', birthDate: '2011-11-02' },
  retired: { sourceSystem: 'lea-255902.sis', localId: 'MS-2001', firstName: 'Theodora', lastName: 'Vasquez-Lind', birthDate: '2015-04-19' },
};

/** The SID the crosswalk holds one of these children's records under now, as the API tells the signed-in steward. */
export async function sidOf(page: Page, { sourceSystem, localId }: { sourceSystem: string; localId: string }): Promise<string> {
  const answer = await page.request.get(`/identity/crosswalk?${new URLSearchParams({ sourceSystem, localId })}`);
  if (answer.status() !== 200) throw new Error(`the crosswalk answered ${answer.status()} for record ${localId} from ${sourceSystem}`);
  return ((await answer.json()) as { sid: string }).sid;
}

export async function seedSidChanges(dataSource: DataSource): Promise<void> {
  const resolution = new IdentityResolution(new AuditLog(dataSource));
  const outcomes = await dataSource.transaction((manager) =>
    resolution.resolveWithin(
      manager,
      Object.values(SID_CHANGE_PEOPLE).map(({ sourceSystem, localId, firstName, lastName, birthDate }) => ({
        sourceSystem,
        localId,
        person: { record_id: personRecordId(sourceSystem, localId), first_name: firstName, last_name: lastName, birth_date: birthDate, local_id: localId },
      })),
    ),
  );
  const fresh = [...outcomes.values()].filter((outcome) => 'decision' in outcome && outcome.decision === 'new').length;
  if (fresh !== outcomes.size) throw new Error(`the matching engine gave ${fresh} of the merges and splits fixture's ${outcomes.size} records a SID of their own`);
}
