import { ContractRegistry } from '@lantern/contracts';
import { IDENTITY_LOCK_SQL, IdentityDirectory, IdentityResolution, personIdentityOf } from '@lantern/identity-service';
import type { DataSource } from 'typeorm';
import { CARE_FLAG_CONTRACT, type CareFlag } from './care-flag';

/** Who the flag is about: a SID, or why the hub cannot say without guessing. */
export type ChildIdentity = { sid: string } | { unresolved: 'identity-review' | 'identity-unknown' };

/**
 * Resolves a flagged child to a SID through the identity service ingestion uses. The agency's
 * own local id is looked up in the crosswalk first; otherwise the identity attributes go to
 * the matching engine, which links, creates a SID, or opens a steward review. A match still
 * under review is never used: a wrong child would tell the wrong school (domain rule 3).
 */
export class ChildResolution {
  private readonly directory: IdentityDirectory;
  private readonly contract = ContractRegistry.default().contract(CARE_FLAG_CONTRACT);

  constructor(
    private readonly dataSource: DataSource,
    private readonly resolution: IdentityResolution,
  ) {
    this.directory = new IdentityDirectory(dataSource);
  }

  async resolve(flag: CareFlag, sourceSystem: string): Promise<ChildIdentity> {
    const localId = flag.person.localPersonId;
    if (!(await this.directory.crosswalk(sourceSystem, localId))) {
      const identity = personIdentityOf(this.contract, sourceSystem, flag);
      // An agency's local id is not statewide: without attributes there is nothing safe to match on.
      if (!identity?.person) return { unresolved: 'identity-unknown' };
      await this.dataSource.transaction((manager) => this.resolution.resolveWithin(manager, [identity]));
    }
    const entry = (await this.directory.crosswalk(sourceSystem, localId)) ?? (await this.crosswalkOnceDecided(sourceSystem, localId));
    if (!entry) return { unresolved: 'identity-unknown' };
    return (await this.directory.underReview(sourceSystem, localId)) ? { unresolved: 'identity-review' } : { sid: entry.sid };
  }

  /**
   * A child this process already knows but whose crosswalk row is not committed yet: another
   * request's identity transaction is deciding the same child (two flags at once). It holds the
   * identity lock until it commits, so once the lock is ours the row is there to read.
   */
  private async crosswalkOnceDecided(sourceSystem: string, localId: string) {
    await this.dataSource.transaction((manager) => manager.query(IDENTITY_LOCK_SQL));
    return this.directory.crosswalk(sourceSystem, localId);
  }
}
