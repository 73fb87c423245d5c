import { type ContractEntry, type ContractRegistry, type RecordReference, type RejectionStage, storableText } from '@lantern/contracts';
import type { InboundMessage } from '@lantern/kafka';
import { type NewVersion, type RecordKey, type ReleasedVersion, RecordVersionStore, recordKeyOf, recordKeyOfRow, type WrittenVersion } from '@lantern/records';
import { constraintOf, isContentRefusal, sqlStateOf } from '@lantern/persistence';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { type IdentityOutcome, type IdentityResolution, type PersonIdentity, personRecordId } from '@lantern/identity-service';

/**
 * Contract stages; 'producer' for an envelope its Kafka principal may not publish (another
 * source system); 'resolve' for a person who cannot be given a SID; 'write' for a record the
 * database refused.
 */
export type RejectStage = RejectionStage | 'producer' | 'resolve' | 'write';

/** Every stage a reject can name: the dead-letter catalogue's and 'producer' (a producing system publishing beyond its registration, ADR 0017). */
export function rejectStages(registry: ContractRegistry): string[] {
  return [...new Set([...registry.deadLetter.stages, 'producer'])];
}

export interface AcceptedVersion {
  message: InboundMessage;
  contractId: string;
  contractVersion: string;
  sourceSystem: string;
  naturalKey: string;
  operation: 'upsert' | 'delete';
  eventTime: string;
  record: unknown;
  /** Records this one names (ADR 0003); each resolves when any of its candidate contracts holds the key. */
  references: RecordReference[];
  /** The person the record is about, for person-bearing contracts. */
  person?: PersonIdentity;
  /** False when another part of the hub resolves the person after checks of its own (the catalogue's person.identifiedOnIngest). */
  identifyPerson: boolean;
}

/** Whether ingestion gives a contract's people their SIDs (the catalogue's person.identifiedOnIngest; Handle with Care flags are resolved by their intake, after its agreement check). */
export function identifiedOnIngest(contract: ContractEntry): boolean {
  return contract.person?.identifiedOnIngest !== false;
}

export interface RejectedMessage {
  message: InboundMessage;
  stage: RejectStage;
  /** JSON pointer of the failing field; empty when the whole message is at fault. */
  errorPath: string;
  /** Names the field and the rule, never a field's value. */
  errorMessage: string;
  contractId?: string;
  sourceSystem?: string;
}

export interface SaveOutcome {
  stored: number;
  duplicates: number;
  /** Versions waiting for a record they reference. */
  parked: number;
  /** Earlier parked versions this save made complete and stored. */
  released: number;
  /** Records refused while storing (no SID possible, or the database refused them): now rejects too. */
  refused: RejectedMessage[];
}

/**
 * Ingestion's side of storing a batch: gives its people SIDs, has the records read model store
 * or park the versions, and writes the rejects and the per-source counters, all in one
 * transaction. Bulk statements (unnest) rather than entity saves: ingestion is write-bound and
 * they are several times faster (see docs/benchmarks.md). Every write is idempotent, so a
 * redelivered batch changes nothing.
 */
export class RecordStore {
  private readonly versions: RecordVersionStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityResolution,
    /** Who a stored record is about (personIdentityOf over the record's contract). */
    private readonly personOf: (contractId: string, sourceSystem: string, record: unknown) => PersonIdentity | undefined,
    private readonly logger: Logger,
  ) {
    this.versions = new RecordVersionStore(dataSource);
  }

  /**
   * Throws when the database failed for a reason that may pass (isTransientDatabaseError), or
   * the hub's own code failed: the caller retries the whole batch and commits no offset. Only
   * what the database refuses for its content becomes a reject.
   */
  async save(versions: AcceptedVersion[], rejects: RejectedMessage[], arrivedAt: Date): Promise<SaveOutcome> {
    let written: Written;
    let refused: RejectedMessage[] = [];
    try {
      written = await this.writeBatch(versions, rejects, arrivedAt);
    } catch (error) {
      if (!isContentRefusal(error)) throw error;
      // One bad row must not stall the partition: retry one message at a time and turn
      // the rows the database refuses into rejects.
      this.logger.warn({ code: sqlStateOf(error), constraint: constraintOf(error), versions: versions.length }, 'the database refused a batch; storing its records one by one');
      ({ written, refused } = await this.saveOneByOne(versions, rejects, arrivedAt));
    }
    const released = await this.release(
      written.stored.map(recordKeyOfRow),
      written.parked.map((row) => row.id),
    );
    return { ...written.tally.totals(), released, refused: [...written.unidentified, ...refused] };
  }

  /**
   * Releases every parked version whose references now all resolve. The ingest service runs
   * it at start and now and then, so a release lost to a crash between storing a batch and
   * releasing what it completed still happens.
   */
  async releaseAllComplete(): Promise<number> {
    let released = 0;
    for (let afterId = '0'; ;) {
      const page = await this.versions.parkedIdsAfter(afterId, 5000);
      if (page.length === 0) return released;
      released += await this.release([], page);
      afterId = page[page.length - 1];
    }
  }

  private async saveOneByOne(versions: AcceptedVersion[], rejects: RejectedMessage[], arrivedAt: Date) {
    const written: Written = { tally: new BatchTally(), stored: [], parked: [], unidentified: [] };
    const refused: RejectedMessage[] = [];
    for (const version of versions) {
      try {
        const one = await this.writeBatch([version], [], arrivedAt);
        written.tally.merge(one.tally);
        written.stored.push(...one.stored);
        written.parked.push(...one.parked);
        written.unidentified.push(...one.unidentified);
      } catch (error) {
        if (!isContentRefusal(error)) throw error;
        refused.push({
          message: version.message,
          stage: 'write',
          errorPath: '/record',
          errorMessage: `the database refused the record (${refusalOf(error)})`,
          contractId: version.contractId,
          sourceSystem: version.sourceSystem,
        });
      }
    }
    const rejected = await this.writeBatch([], [...rejects, ...refused], arrivedAt);
    written.tally.merge(rejected.tally);
    return { written, refused };
  }

  /**
   * Identity first, in a short transaction of its own, then the records in another. The identity
   * lock serialises batches with new people, so it is held for the engine and the decisions
   * only, not while the records are written. The committed crosswalk rows make the SIDs durable:
   * if the records' transaction then fails or the process dies, the batch comes again and finds
   * its people known, so no decision is made, published or audited twice, and the records'
   * idempotent inserts store each once.
   */
  private async writeBatch(versions: AcceptedVersion[], rejects: RejectedMessage[], arrivedAt: Date): Promise<Written> {
    const { complete, waiting } = await this.splitByReferences(versions);
    const { identified, unidentified } = await this.identify(complete);
    const written = await this.dataSource.transaction((manager) => this.storeBatch(manager, versions, identified, waiting, [...rejects, ...unidentified], arrivedAt));
    return { ...written, unidentified };
  }

  private async storeBatch(
    manager: EntityManager,
    received: AcceptedVersion[],
    identified: AcceptedVersion[],
    waiting: AcceptedVersion[],
    rejects: RejectedMessage[],
    arrivedAt: Date,
  ): Promise<Omit<Written, 'unidentified'>> {
    const tally = new BatchTally();
    received.forEach((version) => tally.add(version.message.topic, version.sourceSystem, 'received'));
    const stored = await this.versions.store(manager, identified.map(newVersion), arrivedAt);
    stored.forEach((row) => tally.add(row.topic, row.source_system, 'stored'));
    const parked = await this.versions.park(
      manager,
      waiting.map((version) => ({ version: newVersion(version), references: version.references })),
      arrivedAt,
    );
    parked.forEach((row) => tally.add(row.topic, row.source_system, 'parked'));

    if (rejects.length > 0) {
      const inserted: WrittenVersion[] = await manager.query(
        `INSERT INTO ingest_reject
           (topic, partition, kafka_offset, message_key, original, headers, source_system, contract_id,
            stage, error_path, error_message, arrived_at)
         SELECT t, p, o, decode(k, 'base64'), decode(b, 'base64'), h, s, c, st, ep, em, $12
           FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::jsonb[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[]) AS r(t, p, o, k, b, h, s, c, st, ep, em)
         ON CONFLICT DO NOTHING
         RETURNING topic, source_system`,
        [
          rejects.map((r) => r.message.topic),
          rejects.map((r) => r.message.partition),
          rejects.map((r) => r.message.offset),
          rejects.map((r) => r.message.key?.toString('base64') ?? null),
          rejects.map((r) => r.message.value?.toString('base64') ?? null),
          rejects.map((r) => JSON.stringify(storableHeaders(r.message.headers))),
          rejects.map((r) => (r.sourceSystem === undefined ? null : storableText(r.sourceSystem))),
          rejects.map((r) => (r.contractId === undefined ? null : storableText(r.contractId))),
          rejects.map((r) => r.stage),
          rejects.map((r) => storableText(r.errorPath)),
          rejects.map((r) => storableText(r.errorMessage)),
          arrivedAt,
        ],
      );
      inserted.forEach((row) => tally.add(row.topic, row.source_system, 'rejected'));
    }
    await this.addToCounters(manager, tally, arrivedAt);
    return { tally, stored, parked };
  }

  /** Every person-bearing upsert gets its SID before it is stored, or becomes a reject. */
  private async identify(versions: AcceptedVersion[]) {
    const resolving = (version: AcceptedVersion) => version.operation === 'upsert' && version.identifyPerson && version.person !== undefined;
    const people = versions.flatMap((version) => (resolving(version) ? [version.person!] : []));
    const outcomes = people.length === 0 ? new Map<string, IdentityOutcome>() : await this.resolveCommitted(people);
    const identified: AcceptedVersion[] = [];
    const unidentified: RejectedMessage[] = [];
    for (const version of versions) {
      const outcome = resolving(version) ? outcomes.get(personRecordId(version.person!.sourceSystem, version.person!.localId)) : undefined;
      if (outcome && 'unresolved' in outcome) {
        unidentified.push({
          message: version.message,
          stage: 'resolve',
          errorPath: '/record',
          errorMessage: outcome.unresolved,
          contractId: version.contractId,
          sourceSystem: version.sourceSystem,
        });
      } else {
        identified.push(version);
      }
    }
    return { identified, unidentified };
  }

  private async resolveCommitted(people: PersonIdentity[]): Promise<Map<string, IdentityOutcome>> {
    try {
      return await this.dataSource.transaction((manager) => this.identity.resolveWithin(manager, people));
    } catch (error) {
      // Also when the commit itself failed: the in-memory index may hold decisions that were never stored.
      this.identity.invalidate();
      throw error;
    }
  }

  /** Deletes never wait; an upsert waits until every reference it names resolves. */
  private async splitByReferences(versions: AcceptedVersion[]) {
    // A batch names the same schools and students many times over: each key is looked up once.
    const wanted = new Map<string, RecordKey>();
    for (const version of versions) {
      if (version.operation !== 'upsert') continue;
      for (const reference of version.references) {
        for (const contractId of reference.contracts) wanted.set(recordKeyOf(contractId, reference.naturalKey), { contractId, naturalKey: reference.naturalKey });
      }
    }
    if (wanted.size === 0) return { complete: versions, waiting: [] };
    const known = await this.versions.existing([...wanted.values()]);
    const resolves = (reference: RecordReference) => reference.contracts.some((contractId) => known.has(recordKeyOf(contractId, reference.naturalKey)));
    const complete: AcceptedVersion[] = [];
    const waiting: AcceptedVersion[] = [];
    for (const version of versions) {
      (version.operation === 'delete' || version.references.every(resolves) ? complete : waiting).push(version);
    }
    return { complete, waiting };
  }

  /**
   * Stores the parked versions this batch completed (and those waiting for them, down the
   * chain) in a transaction of its own after the batch committed: concurrent batches (other
   * partitions, other instances) cannot see each other's uncommitted rows, and whichever of
   * "store the referenced record" and "park the dependant" commits last is the one whose
   * release finds the other. Released records that name their person only by id then get
   * their SID as any other record would. Returns how many were released.
   */
  private async release(storedKeys: Array<{ contractId: string; naturalKey: string }>, parkedIds: string[]): Promise<number> {
    if (storedKeys.length === 0 && parkedIds.length === 0) return 0;
    const released = await this.dataSource.transaction(async (manager) => {
      const rows = await this.versions.release(manager, storedKeys, parkedIds);
      const tally = new BatchTally();
      rows.forEach((row) => tally.add(row.topic, row.source_system, 'released'));
      await this.addToCounters(manager, tally, new Date());
      return rows;
    });
    await this.identifyReleased(released);
    return released.length;
  }

  /**
   * A parked record waited for the records it references, not for its person, so it is resolved
   * once released, exactly as it would have been on arrival: its person as the record names
   * them (identity attributes for the engine, or only an id). One that cannot be (its id
   * belongs to several children) stays stored and belongs to no one until a steward or its
   * source decides.
   */
  private async identifyReleased(released: ReleasedVersion[]): Promise<void> {
    const people = released.flatMap((row) => {
      const person = row.source_system ? this.personOf(row.contract_id, row.source_system, row.record) : undefined;
      return person ? [person] : [];
    });
    if (people.length === 0) return;
    const outcomes = await this.resolveCommitted(people);
    const unlinked = [...outcomes.values()].filter((outcome) => 'unresolved' in outcome).length;
    if (unlinked > 0) this.logger.warn({ unlinked }, 'released records whose person could not be identified belong to no SID yet');
  }

  private async addToCounters(manager: EntityManager, tally: BatchTally, arrivedAt: Date): Promise<void> {
    const rows = tally.rows();
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ingest_counter AS c (topic, source_system, stored, duplicates, rejected, parked, last_message_at, last_reject_at)
       SELECT t, s, st, du, rj, pk, $7, CASE WHEN rj > 0 THEN $7::timestamptz END
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[]) AS n(t, s, st, du, rj, pk)
       ON CONFLICT (topic, source_system) DO UPDATE SET
         stored = c.stored + excluded.stored,
         duplicates = c.duplicates + excluded.duplicates,
         rejected = c.rejected + excluded.rejected,
         parked = c.parked + excluded.parked,
         last_message_at = excluded.last_message_at,
         last_reject_at = coalesce(excluded.last_reject_at, c.last_reject_at)`,
      [
        rows.map((r) => r.topic),
        rows.map((r) => r.sourceSystem),
        rows.map((r) => r.stored + r.released),
        rows.map((r) => r.duplicates),
        rows.map((r) => r.rejected),
        rows.map((r) => r.parked - r.released),
        arrivedAt,
      ],
    );
    // Hour by hour: what arrived, and what was stored (released ones too, in the hour of their release) or newly parked.
    await manager.query(
      `INSERT INTO ingest_hourly_count AS h (hour, topic, source_system, received, stored, duplicates, rejected, parked)
       SELECT date_trunc('hour', $8::timestamptz), t, s, rc, st, du, rj, pk
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[]) AS n(t, s, rc, st, du, rj, pk)
       ON CONFLICT (hour, topic, source_system) DO UPDATE SET
         received = h.received + excluded.received,
         stored = h.stored + excluded.stored,
         duplicates = h.duplicates + excluded.duplicates,
         rejected = h.rejected + excluded.rejected,
         parked = h.parked + excluded.parked`,
      [
        rows.map((r) => r.topic),
        rows.map((r) => r.sourceSystem),
        rows.map((r) => r.received + r.rejected),
        rows.map((r) => r.stored + r.released),
        rows.map((r) => r.duplicates),
        rows.map((r) => r.rejected),
        rows.map((r) => r.parked),
        arrivedAt,
      ],
    );
  }
}

interface Written {
  tally: BatchTally;
  stored: WrittenVersion[];
  parked: WrittenVersion[];
  unidentified: RejectedMessage[];
}

/** A message's headers as the reject's jsonb column can hold them: names and values are outside text. */
function storableHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [storableText(name, 200), storableText(value)]));
}

/** What a refusal says in a reject or a log: the SQLSTATE, and the constraint it broke when it names one. */
function refusalOf(error: unknown): string {
  const constraint = constraintOf(error);
  return `SQLSTATE ${sqlStateOf(error) ?? 'unknown'}${constraint ? `, constraint ${constraint}` : ''}`;
}

function newVersion(version: AcceptedVersion): NewVersion {
  return {
    contractId: version.contractId,
    contractVersion: version.contractVersion,
    sourceSystem: version.sourceSystem,
    naturalKey: version.naturalKey,
    operation: version.operation,
    eventTime: version.eventTime,
    record: version.record,
    lineage: { topic: version.message.topic, partition: version.message.partition, offset: version.message.offset },
    personLocalId: version.person?.localId,
  };
}

const TALLY_KINDS = ['received', 'stored', 'parked', 'released', 'rejected'] as const;
type TallyKind = (typeof TALLY_KINDS)[number];

/** Per topic and source, what one batch did; duplicates are what arrived but was neither stored nor parked. */
class BatchTally {
  private readonly counts = new Map<string, { topic: string; sourceSystem: string } & Record<TallyKind, number>>();

  add(topic: string, sourceSystem: string | null, kind: TallyKind, count = 1) {
    // Rejects that could not be parsed far enough to name their source are counted under "".
    const source = storableText(sourceSystem ?? '');
    const key = `${topic}\u0000${source}`;
    const entry = this.counts.get(key) ?? { topic, sourceSystem: source, received: 0, stored: 0, parked: 0, released: 0, rejected: 0 };
    entry[kind] += count;
    this.counts.set(key, entry);
  }

  merge(other: BatchTally) {
    for (const row of other.counts.values()) {
      for (const kind of TALLY_KINDS) this.add(row.topic, row.sourceSystem, kind, row[kind]);
    }
  }

  rows() {
    return [...this.counts.values()].map((entry) => ({ ...entry, duplicates: entry.received - entry.stored - entry.parked }));
  }

  totals() {
    const sum = (pick: (row: ReturnType<BatchTally['rows']>[number]) => number) => this.rows().reduce((total, row) => total + pick(row), 0);
    return { stored: sum((r) => r.stored), duplicates: sum((r) => r.duplicates), parked: sum((r) => r.parked), released: sum((r) => r.released) };
  }
}
