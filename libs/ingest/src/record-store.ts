import type { InboundMessage } from '@lantern/kafka';
import type { DataSource, EntityManager } from 'typeorm';

export type RejectStage = 'size' | 'decode' | 'envelope' | 'contract' | 'schema' | 'write';

export interface AcceptedVersion {
  message: InboundMessage;
  contractId: string;
  contractVersion: string;
  sourceSystem: string;
  naturalKey: string;
  operation: 'upsert' | 'delete';
  eventTime: string;
  record: unknown;
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
  /** Records the database refused (e.g. a NUL character in text): now rejects too. */
  refused: RejectedMessage[];
}

/** A stored version as the API shows it: the record plus its lineage. */
export interface StoredVersion {
  contractId: string;
  contractVersion: string;
  sourceSystem: string;
  naturalKey: string;
  operation: 'upsert' | 'delete';
  record: unknown;
  validFrom: string;
  validTo: string | null;
  lineage: { topic: string; partition: number; offset: string; arrivedAt: string; eventTime: string };
}

/**
 * Writes inbound versions and rejects. Bulk statements (unnest) rather than entity saves:
 * ingestion is write-bound and they are several times faster (see docs/benchmarks.md).
 * Every write is idempotent, so a redelivered batch changes nothing.
 */
export class RecordStore {
  constructor(private readonly dataSource: DataSource) {}

  async save(versions: AcceptedVersion[], rejects: RejectedMessage[], arrivedAt: Date): Promise<SaveOutcome> {
    try {
      const stored = await this.dataSource.transaction((manager) => this.writeBatch(manager, versions, rejects, arrivedAt));
      return { stored, duplicates: versions.length - stored, refused: [] };
    } catch {
      // One bad row must not stall the partition: retry one message at a time and turn
      // the rows the database refuses into rejects.
      return this.saveOneByOne(versions, rejects, arrivedAt);
    }
  }

  private async saveOneByOne(versions: AcceptedVersion[], rejects: RejectedMessage[], arrivedAt: Date): Promise<SaveOutcome> {
    const outcome: SaveOutcome = { stored: 0, duplicates: 0, refused: [] };
    for (const version of versions) {
      try {
        const stored = await this.dataSource.transaction((manager) => this.writeBatch(manager, [version], [], arrivedAt));
        outcome.stored += stored;
        outcome.duplicates += 1 - stored;
      } catch (error) {
        outcome.refused.push({
          message: version.message,
          stage: 'write',
          errorPath: '/record',
          errorMessage: `the database refused the record (SQLSTATE ${(error as { code?: string }).code ?? 'unknown'})`,
          contractId: version.contractId,
          sourceSystem: version.sourceSystem,
        });
      }
    }
    await this.dataSource.transaction((manager) => this.writeBatch(manager, [], [...rejects, ...outcome.refused], arrivedAt));
    return outcome;
  }

  /** Returns how many versions were new. */
  private async writeBatch(manager: EntityManager, versions: AcceptedVersion[], rejects: RejectedMessage[], arrivedAt: Date): Promise<number> {
    let stored = 0;
    if (versions.length > 0) {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO record_version
           (contract_id, contract_version, source_system, natural_key, operation, event_time, record,
            topic, partition, kafka_offset, arrived_at)
         SELECT c, cv, s, k, op, et, r, t, p, o, $11
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                       $7::jsonb[], $8::text[], $9::int[], $10::bigint[]) AS v(c, cv, s, k, op, et, r, t, p, o)
         ON CONFLICT DO NOTHING
         RETURNING id`,
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
        ],
      );
      stored = inserted.length;
    }
    if (rejects.length > 0) {
      await manager.query(
        `INSERT INTO ingest_reject
           (topic, partition, kafka_offset, message_key, original, headers, source_system, contract_id,
            stage, error_path, error_message, arrived_at)
         SELECT t, p, o, decode(k, 'base64'), decode(b, 'base64'), h, s, c, st, ep, em, $12
           FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::jsonb[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::text[]) AS r(t, p, o, k, b, h, s, c, st, ep, em)
         ON CONFLICT DO NOTHING`,
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
    }
    return stored;
  }

  /** The latest version from each source system of one record; deleted records are left out. */
  async currentVersions(contractId: string, naturalKey: string): Promise<StoredVersion[]> {
    const rows: HistoryRow[] = await this.dataSource.query(
      `SELECT * FROM record_history
        WHERE contract_id = $1 AND natural_key = $2 AND is_latest AND operation = 'upsert'
        ORDER BY source_system`,
      [contractId, naturalKey],
    );
    return rows.map(toStoredVersion);
  }

  /** Every version of one source record, oldest first. */
  async history(contractId: string, sourceSystem: string, naturalKey: string): Promise<StoredVersion[]> {
    const rows: HistoryRow[] = await this.dataSource.query(
      `SELECT * FROM record_history
        WHERE contract_id = $1 AND source_system = $2 AND natural_key = $3
        ORDER BY valid_from, id`,
      [contractId, sourceSystem, naturalKey],
    );
    return rows.map(toStoredVersion);
  }
}

interface HistoryRow {
  contract_id: string;
  contract_version: string;
  source_system: string;
  natural_key: string;
  operation: 'upsert' | 'delete';
  record: unknown;
  valid_from: Date;
  valid_to: Date | null;
  topic: string;
  partition: number;
  kafka_offset: string;
  arrived_at: Date;
  event_time: Date;
}

function toStoredVersion(row: HistoryRow): StoredVersion {
  return {
    contractId: row.contract_id,
    contractVersion: row.contract_version,
    sourceSystem: row.source_system,
    naturalKey: row.natural_key,
    operation: row.operation,
    record: row.record,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to?.toISOString() ?? null,
    lineage: {
      topic: row.topic,
      partition: row.partition,
      offset: row.kafka_offset,
      arrivedAt: row.arrived_at.toISOString(),
      eventTime: row.event_time.toISOString(),
    },
  };
}
