import { localDateOf } from '@lantern/care-rules';
import { ContractRegistry } from '@lantern/contracts';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { type Principal, Role } from '@lantern/governance';
import { type Queryable, type RecordScope, RecordsReadModel, type StoredVersion } from '@lantern/records';

/**
 * Reads stored records through the caller's organisation scope (after twenty's
 * workspace-scoped repository): the only way to get a reader is `for(principal)`, and every
 * read it makes carries the principal's scope, so an unscoped read cannot be written by
 * accident. A record outside the scope is indistinguishable from one that does not exist.
 * Who sees what is decided here; what is current and who is enrolled where is the records
 * read model's.
 */
export class ScopedRecordReader {
  private readonly registry = ContractRegistry.default();

  private constructor(
    private readonly records: RecordsReadModel,
    private readonly scope: RecordScope,
  ) {}

  /**
   * Stewards read every record; schools and districts the records of their currently
   * enrolled students (as of `asOf`, the hub's local date); researchers and agencies read no
   * individual records at all (they receive extracts and notices under agreements).
   */
  static for(principal: Principal, database: Queryable, asOf: Date = new Date()): ScopedRecordReader {
    const records = new RecordsReadModel(database);
    const today = localDateOf(asOf);
    switch (principal.role) {
      case Role.Steward:
        return new ScopedRecordReader(records, { kind: 'every-record' });
      case Role.School:
        return new ScopedRecordReader(records, { kind: 'enrolled-at', school: principal.organizationId, asOf: today });
      case Role.District:
        return new ScopedRecordReader(records, { kind: 'enrolled-in-district', district: principal.organizationId, asOf: today });
      default:
        throw new LanternError(LanternErrorCode.Forbidden, 'This client may not read individual records.');
    }
  }

  /** The current version of a record from each source system that holds it, if the principal may see it. */
  async current(contractId: string, naturalKey: string): Promise<StoredVersion[]> {
    const contract = this.registry.contract(contractId);
    // Only K-12 records about a child are a school's to read; other domains never are.
    if (this.scope.kind !== 'every-record' && (contract.domain !== 'k12' || !contract.person)) return [];
    return this.records.current(contract.id, naturalKey, this.scope);
  }
}
