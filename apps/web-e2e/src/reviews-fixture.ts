import { AuditLog } from '@lantern/audit';
import { IdentityResolution, type PersonIdentity, personRecordId } from '@lantern/identity-service';
import type { DataSource } from 'typeorm';

interface FixturePerson {
  sourceSystem: string;
  localId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
}

/**
 * Children the identity reviews tests decide about: each pair shares a surname and a birth date
 * under another given name, which the matching engine sends to a steward (a twin, or one child
 * written two ways). The known child arrives first, from one district; the other later, from the other.
 */
export const REVIEW_PAIRS = {
  /** The steward links these: one girl. */
  linked: {
    known: { sourceSystem: 'lea-255901.sis', localId: 'RV-1001', firstName: 'Adaeze', lastName: 'Balogun', birthDate: '2014-03-22' },
    incoming: { sourceSystem: 'lea-255902.sis', localId: 'RV-2001', firstName: 'Ngozi', lastName: 'Balogun', birthDate: '2014-03-22' },
  },
  /** The steward keeps these apart: twins. */
  apart: {
    known: { sourceSystem: 'lea-255902.sis', localId: 'RV-1002', firstName: 'Rafael', lastName: 'Quintanilla', birthDate: '2012-10-05' },
    incoming: { sourceSystem: 'lea-255901.sis', localId: 'RV-2002', firstName: 'Santiago', lastName: 'Quintanilla', birthDate: '2012-10-05' },
  },
  /** Left open: read in Spanish. */
  open: {
    known: { sourceSystem: 'lea-255901.sis', localId: 'RV-1003', firstName: 'Ines', lastName: 'Albarracin', birthDate: '2013-07-30' },
    incoming: { sourceSystem: 'lea-255902.sis', localId: 'RV-2003', firstName: 'Lucia', lastName: 'Albarracin', birthDate: '2013-07-30' },
  },
} satisfies Record<string, { known: FixturePerson; incoming: FixturePerson }>;

const identityOf = ({ sourceSystem, localId, firstName, lastName, birthDate }: FixturePerson): PersonIdentity => ({
  sourceSystem,
  localId,
  person: { record_id: personRecordId(sourceSystem, localId), first_name: firstName, last_name: lastName, birth_date: birthDate, local_id: localId },
});

/** Resolves the pairs through the identity stage ingestion runs (known children first, in a batch of their own), which opens a review for each incoming one. */
export async function seedReviews(dataSource: DataSource): Promise<void> {
  const resolution = new IdentityResolution(new AuditLog(dataSource));
  const pairs = Object.values(REVIEW_PAIRS);
  await dataSource.transaction((manager) =>
    resolution.resolveWithin(
      manager,
      pairs.map((pair) => identityOf(pair.known)),
    ),
  );
  const outcomes = await dataSource.transaction((manager) =>
    resolution.resolveWithin(
      manager,
      pairs.map((pair) => identityOf(pair.incoming)),
    ),
  );
  const reviewed = [...outcomes.values()].filter((outcome) => 'decision' in outcome && outcome.decision === 'review').length;
  if (reviewed !== pairs.length) throw new Error(`the matching engine sent ${reviewed} of the reviews fixture's ${pairs.length} records to review`);
}
