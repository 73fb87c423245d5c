import type { RejectionStage } from '@lantern/contracts';
import type { InboundMessage } from '@lantern/kafka';
import type { DataSource, EntityManager } from 'typeorm';
import type { IdentityOutcome, IdentityResolution } from './identity/identity-resolution';
import { type PersonIdentity, personRecordId } from './identity/person-identity';

/** Contract stages, 'resolve' for a person who cannot be given a SID, 'write' for a record the database refused. */
export type RejectStage = RejectionStage | 'resolve' | 'write';

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
}

export interface RecordReference {
  name: string;
  contracts: string[];
  naturalKey: string;
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
 * Writes inbound versions and rejects. Bulk statements (unnest) rather than entity saves:
 * ingestion is write-bound and they are several times faster (see docs/benchmarks.md).
 * Every write is idempotent, so a redelivered batch changes nothing.
 */
export class RecordStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityResolution,
  ) {}

  async save(versions: AcceptedVersion[], rejects: RejectedMessage[], arrivedAt: Date): Promise<SaveOutcome> {
    let written: Written;
    let refused: RejectedMessage[] = [];
    try {
      written = await this.writeBatch(versions, rejects, arrivedAt);
    } catch {
      // One bad row must not stall the partition: retry one message at a time and turn
      // the rows the database refuses into rejects.
      ({ written, refused } = await this.saveOneByOne(versions, rejects, arrivedAt));
    }
    const released = await this.release(written.stored.map(keyOf), written.parked.map((row) => row.id));
    return { ...written.tally.totals(), released, refused: [...written.unidentified, ...refused] };
  }

  /**
   * Releases every parked version whose references now all resolve. The ingest service runs
   * it at start and now and then, so a release lost to a crash between storing a batch and
   * releasing what it completed still happens.
   */
  async releaseAllComplete(): Promise<number> {
    let released = 0;
    for (let afterId = '0'; ; ) {
      const page: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM parked_record WHERE id > $1 ORDER BY id LIMIT 5000`, [afterId]);
      if (page.length === 0) return released;
      released += await this.release([], page.map((row) => row.id));
      afterId = page[page.length - 1].id;
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
        refused.push({
          message: version.message,
          stage: 'write',
          errorPath: '/record',
          errorMessage: `the database refused the record (SQLSTATE ${(error as { code?: string }).code ?? 'unknown'})`,
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
    const stored = await this.insertVersions(manager, 'record_version', identified, arrivedAt);
    stored.forEach((row) => tally.add(row.topic, row.source_system, 'stored'));
    const parked = await this.park(manager, waiting, arrivedAt);
    parked.forEach((row) => tally.add(row.topic, row.source_system, 'parked'));

    if (rejects.length > 0) {
      const inserted: StoredRow[] = await manager.query(
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
          rejects.map((r) => JSON.stringify(r.message.headers)),
          rejects.map((r) => r.sourceSystem ?? null),
          rejects.map((r) => r.contractId ?? null),
          rejects.map((r) => r.stage),
          rejects.map((r) => r.errorPath),
          rejects.map((r) => r.errorMessage),
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
    const people = versions.flatMap((version) => (version.operation === 'upsert' && version.person ? [version.person] : []));
    const outcomes = people.length === 0 ? new Map<string, IdentityOutcome>() : await this.resolveCommitted(people);
    const identified: AcceptedVersion[] = [];
    const unidentified: RejectedMessage[] = [];
    for (const version of versions) {
      const outcome = version.operation === 'upsert' && version.person ? outcomes.get(personRecordId(version.person.sourceSystem, version.person.localId)) : undefined;
      if (outcome && 'unresolved' in outcome) {
        unidentified.push({ message: version.message, stage: 'resolve', errorPath: '/record', errorMessage: outcome.unresolved, contractId: version.contractId, sourceSystem: version.sourceSystem });
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
    const wanted = versions.filter((v) => v.operation === 'upsert').flatMap((v) => v.references.flatMap((r) => r.contracts.map((contractId) => ({ contractId, naturalKey: r.naturalKey }))));
    if (wanted.length === 0) return { complete: versions, waiting: [] };
    const found: Array<{ contract_id: string; natural_key: string }> = await this.dataSource.query(
      `SELECT DISTINCT v.contract_id, v.natural_key
         FROM record_version v
         JOIN unnest($1::text[], $2::text[]) AS w(c, k) ON v.contract_id = w.c AND v.natural_key = w.k`,
      [wanted.map((w) => w.contractId), wanted.map((w) => w.naturalKey)],
    );
    const known = new Set(found.map((row) => `${row.contract_id}\u0000${row.natural_key}`));
    const resolves = (reference: RecordReference) => reference.contracts.some((contractId) => known.has(`${contractId}\u0000${reference.naturalKey}`));
    const complete: AcceptedVersion[] = [];
    const waiting: AcceptedVersion[] = [];
    for (const version of versions) {
      (version.operation === 'delete' || version.references.every(resolves) ? complete : waiting).push(version);
    }
    return { complete, waiting };
  }

  private async insertVersions(manager: EntityManager, table: 'record_version' | 'parked_record', versions: AcceptedVersion[], arrivedAt: Date): Promise<StoredRow[]> {
    if (versions.length === 0) return [];
    return manager.query(
      `INSERT INTO ${table}
         (contract_id, contract_version, source_system, natural_key, operation, event_time, record,
          topic, partition, kafka_offset, arrived_at, person_local_id)
       SELECT c, cv, s, k, op, et, r, t, p, o, $11, pl
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                     $7::jsonb[], $8::text[], $9::int[], $10::bigint[], $12::text[]) AS v(c, cv, s, k, op, et, r, t, p, o, pl)
       ON CONFLICT DO NOTHING
       RETURNING id, topic, partition, kafka_offset, source_system, contract_id, natural_key`,
      [
        versions.map((v) => v.contractId),
        versions.map((v) => v.contractVersion),
        versions.map((v) => v.sourceSystem),
        versions.map((v) => v.naturalKey),
        versions.map((v) => v.operation),
        versions.map((v) => v.eventTime),
        versions.map((v) => JSON.stringify(v.record)),
        versions.map((v) => v.message.topic),
        versions.map((v) => v.message.partition),
        versions.map((v) => v.message.offset),
        arrivedAt,
        versions.map((v) => v.person?.localId ?? null),
      ],
    );
  }

  private async park(manager: EntityManager, versions: AcceptedVersion[], arrivedAt: Date): Promise<StoredRow[]> {
    const parked = await this.insertVersions(manager, 'parked_record', versions, arrivedAt);
    const byLineage = new Map(versions.map((v) => [`${v.message.topic}/${v.message.partition}/${v.message.offset}`, v]));
    const references = parked.flatMap((row) =>
      byLineage.get(`${row.topic}/${row.partition}/${row.kafka_offset}`)!.references.flatMap((reference) =>
        reference.contracts.map((contractId) => ({ parkedId: row.id, name: reference.name, contractId, naturalKey: reference.naturalKey })),
      ),
    );
    if (references.length > 0) {
      await manager.query(
        `INSERT INTO parked_reference (parked_id, reference_name, contract_id, natural_key)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])`,
        [references.map((r) => r.parkedId), references.map((r) => r.name), references.map((r) => r.contractId), references.map((r) => r.naturalKey)],
      );
    }
    return parked;
  }

  /**
   * Stores the parked versions that were waiting for `storedKeys` or are among `parkedIds` and
   * now have every reference, then those waiting for them, and so on down the chain. It runs
   * in its own transaction after the batch committed: concurrent batches (other partitions,
   * other instances) cannot see each other's uncommitted rows, and whichever of "store the
   * referenced record" and "park the dependant" commits last is the one whose release finds
   * the other. Returns how many were released.
   */
  private async release(storedKeys: Array<{ contractId: string; naturalKey: string }>, parkedIds: string[]): Promise<number> {
    if (storedKeys.length === 0 && parkedIds.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const tally = new BatchTally();
      let keys = storedKeys;
      let ids = parkedIds;
      while (keys.length > 0 || ids.length > 0) {
        const released: StoredRow[] = await manager.query(
          `WITH candidate AS (
             SELECT r.parked_id
               FROM parked_reference r
               JOIN unnest($1::text[], $2::text[]) AS n(c, k) ON r.contract_id = n.c AND r.natural_key = n.k
             UNION
             SELECT unnest($3::bigint[])
           ), complete AS (
             SELECT c.parked_id FROM candidate c
              WHERE NOT EXISTS (
                SELECT 1 FROM parked_reference r
                 WHERE r.parked_id = c.parked_id
                 GROUP BY r.reference_name
                HAVING NOT bool_or(EXISTS (SELECT 1 FROM record_version v WHERE v.contract_id = r.contract_id AND v.natural_key = r.natural_key)))
           ), moved AS (
             DELETE FROM parked_record p USING complete WHERE p.id = complete.parked_id RETURNING p.*
           )
           INSERT INTO record_version SELECT * FROM moved
           ON CONFLICT DO NOTHING
           RETURNING id, topic, partition, kafka_offset, source_system, contract_id, natural_key`,
          [keys.map((key) => key.contractId), keys.map((key) => key.naturalKey), ids],
        );
        released.forEach((row) => tally.add(row.topic, row.source_system, 'released'));
        keys = released.map(keyOf);
        ids = [];
      }
      await this.addToCounters(manager, tally, new Date());
      return tally.totals().released;
    });
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
  }
}

interface Written {
  tally: BatchTally;
  stored: StoredRow[];
  parked: StoredRow[];
  unidentified: RejectedMessage[];
}

const keyOf = (row: StoredRow) => ({ contractId: row.contract_id, naturalKey: row.natural_key });

interface StoredRow {
  id: string;
  topic: string;
  partition: number;
  kafka_offset: string;
  source_system: string | null;
  contract_id: string;
  natural_key: string;
}

const TALLY_KINDS = ['received', 'stored', 'parked', 'released', 'rejected'] as const;
type TallyKind = (typeof TALLY_KINDS)[number];

/** Per topic and source, what one batch did; duplicates are what arrived but was neither stored nor parked. */
class BatchTally {
  private readonly counts = new Map<string, { topic: string; sourceSystem: string } & Record<TallyKind, number>>();

  add(topic: string, sourceSystem: string | null, kind: TallyKind, count = 1) {
    // Rejects that could not be parsed far enough to name their source are counted under "".
    const source = sourceSystem ?? '';
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
