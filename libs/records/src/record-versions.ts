import type { RecordReference } from '@lantern/contracts';
import type { DataSource, EntityManager } from 'typeorm';

/** One inbound version of a source record, with where it came from. */
export interface NewVersion {
  contractId: string;
  contractVersion: string;
  sourceSystem: string;
  naturalKey: string;
  operation: 'upsert' | 'delete';
  eventTime: string;
  record: unknown;
  lineage: { topic: string; partition: number; offset: string };
  /** The person the record is about, in its source's numbering (catalogue person.localId). */
  personLocalId?: string;
}

/** A version as written (stored, parked or released): its row id, lineage and key. */
export interface WrittenVersion {
  id: string;
  topic: string;
  partition: number;
  kafka_offset: string;
  source_system: string | null;
  contract_id: string;
  natural_key: string;
  person_local_id: string | null;
}

/** A released version, with its record: a record that waited for its references is resolved to its person only now. */
export interface ReleasedVersion extends WrittenVersion {
  record: unknown;
}

export interface RecordKey {
  contractId: string;
  naturalKey: string;
}

const WRITTEN_COLUMNS = 'id, topic, partition, kafka_offset, source_system, contract_id, natural_key, person_local_id';
const VERSION_COLUMNS = 'contract_id, contract_version, source_system, natural_key, operation, event_time, record, topic, partition, kafka_offset, arrived_at, person_local_id';

/**
 * Lock space for the current-version marker: versions of one source record hash to one of 256
 * advisory locks, so concurrent writers of the same record mark it one after the other.
 */
const CURRENT_MARKER_LOCKS = 7_246_101;

/**
 * The write side of the records read model: stores versions (never overwriting one), keeps each
 * source record's current-version marker, and parks versions whose references have not arrived
 * (ADR 0003). Bulk statements (unnest) rather than entity saves: ingestion is write-bound and
 * they are several times faster (docs/benchmarks.md). Every write is idempotent.
 */
export class RecordVersionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores versions within the caller's transaction; a version already stored is skipped. */
  async store(manager: EntityManager, versions: readonly NewVersion[], arrivedAt: Date): Promise<WrittenVersion[]> {
    const stored = await this.insert(manager, 'record_version', versions, arrivedAt);
    await this.markCurrent(manager, stored);
    return stored;
  }

  /** Parks versions within the caller's transaction, each with the references it waits for. */
  async park(manager: EntityManager, versions: ReadonlyArray<{ version: NewVersion; references: readonly RecordReference[] }>, arrivedAt: Date): Promise<WrittenVersion[]> {
    const parked = await this.insert(
      manager,
      'parked_record',
      versions.map((entry) => entry.version),
      arrivedAt,
    );
    const byLineage = new Map(versions.map((entry) => [lineageKey(entry.version.lineage.topic, entry.version.lineage.partition, entry.version.lineage.offset), entry]));
    const references = parked.flatMap((row) =>
      byLineage
        .get(lineageKey(row.topic, row.partition, row.kafka_offset))!
        .references.flatMap((reference) => reference.contracts.map((contractId) => ({ parkedId: row.id, name: reference.name, contractId, naturalKey: reference.naturalKey }))),
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
   * Which of these records are stored (any version, any source): what a reference needs. A
   * semi-join from the keys, so each key is one probe of the unique index; joining the table to
   * them and de-duplicating took 70 ms a batch at 200,000 records, the most of any statement.
   */
  async existing(keys: readonly RecordKey[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const found: Array<{ contract_id: string; natural_key: string }> = await this.dataSource.query(
      `SELECT w.c AS contract_id, w.k AS natural_key
         FROM unnest($1::text[], $2::text[]) AS w(c, k)
        WHERE EXISTS (SELECT FROM record_version v WHERE v.contract_id = w.c AND v.natural_key = w.k)`,
      [keys.map((key) => key.contractId), keys.map((key) => key.naturalKey)],
    );
    return new Set(found.map((row) => recordKeyOf(row.contract_id, row.natural_key)));
  }

  /**
   * Stores the parked versions that were waiting for `storedKeys` or are among `parkedIds` and
   * now have every reference, then those waiting for them, and so on down the chain, within
   * the caller's transaction. Returns every version it released.
   */
  async release(manager: EntityManager, storedKeys: readonly RecordKey[], parkedIds: readonly string[]): Promise<ReleasedVersion[]> {
    const all: ReleasedVersion[] = [];
    let keys = storedKeys;
    let ids = parkedIds;
    while (keys.length > 0 || ids.length > 0) {
      const released: ReleasedVersion[] = await manager.query(
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
         INSERT INTO record_version (id, ${VERSION_COLUMNS}, stored_at)
         SELECT id, ${VERSION_COLUMNS}, stored_at FROM moved
         ON CONFLICT DO NOTHING
         RETURNING ${WRITTEN_COLUMNS}, record`,
        [keys.map((key) => key.contractId), keys.map((key) => key.naturalKey), ids],
      );
      await this.markCurrent(manager, released);
      all.push(...released);
      keys = released.map(recordKeyOfRow);
      ids = [];
    }
    return all;
  }

  /** Parked version ids in pages, for a sweep that releases whatever a crash left complete. */
  async parkedIdsAfter(afterId: string, limit: number): Promise<string[]> {
    const page: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM parked_record WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit]);
    return page.map((row) => row.id);
  }

  /** What is parked, by contract, source and the reference it waits for: no keys, no records. */
  async parkedSummary(): Promise<Array<{ contractId: string; sourceSystem: string; waitingFor: string; records: number; oldestArrivedAt: string }>> {
    const rows: Array<{ contract_id: string; source_system: string; reference_name: string; records: string; oldest: Date }> = await this.dataSource.query(
      `SELECT p.contract_id, p.source_system, r.reference_name, count(DISTINCT p.id) AS records, min(p.arrived_at) AS oldest
         FROM parked_record p
         JOIN parked_reference r ON r.parked_id = p.id
        WHERE NOT EXISTS (SELECT 1 FROM record_version v WHERE v.contract_id = r.contract_id AND v.natural_key = r.natural_key)
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    return rows.map((row) => ({
      contractId: row.contract_id,
      sourceSystem: row.source_system,
      waitingFor: row.reference_name,
      records: Number(row.records),
      oldestArrivedAt: row.oldest.toISOString(),
    }));
  }

  // The batch goes as one JSON document (json_to_recordset) rather than one array per column:
  // node-pg escapes a jsonb[] array element by element, quotes and all, and PostgreSQL parses
  // the array literal before each record again; a JSON document is written and read once.
  private async insert(manager: EntityManager, table: 'record_version' | 'parked_record', versions: readonly NewVersion[], arrivedAt: Date): Promise<WrittenVersion[]> {
    if (versions.length === 0) return [];
    return manager.query(
      `INSERT INTO ${table} (${VERSION_COLUMNS})
       SELECT c, cv, s, k, op, et, r, t, p, o, $2, pl
         FROM json_to_recordset($1::json) AS v(c text, cv text, s text, k text, op text, et timestamptz, r jsonb, t text, p int, o bigint, pl text)
       ON CONFLICT DO NOTHING
       RETURNING ${WRITTEN_COLUMNS}`,
      [
        JSON.stringify(
          versions.map((v) => ({
            c: v.contractId,
            cv: v.contractVersion,
            s: v.sourceSystem,
            k: v.naturalKey,
            op: v.operation,
            et: v.eventTime,
            r: v.record,
            t: v.lineage.topic,
            p: v.lineage.partition,
            o: v.lineage.offset,
            pl: v.personLocalId ?? null,
          })),
        ),
        arrivedAt,
      ],
    );
  }

  /**
   * Keeps `is_current` true on exactly the latest version (by the source's event time, then
   * arrival) of each source record these rows belong to, so a late-arriving older version lands
   * in history without superseding the newer one. The locks are taken after the insert: a
   * writer that waits for another's lock then sees its committed versions and marks them all,
   * so whichever commits last leaves the marker right.
   */
  private async markCurrent(manager: EntityManager, written: readonly WrittenVersion[]): Promise<void> {
    if (written.length === 0) return;
    const keys = {
      contracts: written.map((row) => row.contract_id),
      sources: written.map((row) => row.source_system),
      naturalKeys: written.map((row) => row.natural_key),
    };
    await manager.query(
      `SELECT pg_advisory_xact_lock(${CURRENT_MARKER_LOCKS}, bucket)
         FROM (SELECT DISTINCT hashtext(c || chr(31) || s || chr(31) || k) & 255 AS bucket
                 FROM unnest($1::text[], $2::text[], $3::text[]) AS w(c, s, k) ORDER BY bucket OFFSET 0) buckets`,
      [keys.contracts, keys.sources, keys.naturalKeys],
    );
    // A version is stored current (the column's default); what a write can make stale is a
    // current version with a newer one beside it: the one this write superseded, or the write
    // itself when it arrived late. Clearing those leaves exactly the latest current, and a
    // record's first version, most of what arrives, changes nothing.
    await manager.query(
      `UPDATE record_version v SET is_current = false
         FROM (SELECT DISTINCT c, s, k FROM unnest($1::text[], $2::text[], $3::text[]) AS w(c, s, k)) w
        WHERE v.contract_id = w.c AND v.natural_key = w.k AND v.source_system = w.s AND v.is_current
          AND EXISTS (SELECT FROM record_version newer
                       WHERE newer.contract_id = v.contract_id AND newer.natural_key = v.natural_key AND newer.source_system = v.source_system
                         AND (newer.event_time, newer.id) > (v.event_time, v.id))`,
      [keys.contracts, keys.sources, keys.naturalKeys],
    );
  }
}

export function recordKeyOf(contractId: string, naturalKey: string): string {
  return `${contractId}\u0000${naturalKey}`;
}

export function recordKeyOfRow(row: WrittenVersion): RecordKey {
  return { contractId: row.contract_id, naturalKey: row.natural_key };
}

function lineageKey(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}/${offset}`;
}
