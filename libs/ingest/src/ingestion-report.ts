import { IdentityDirectory } from '@lantern/identity-service';
import { RecordVersionStore } from '@lantern/records';
import type { DataSource } from 'typeorm';

export interface SourceStatus {
  topic: string;
  sourceSystem: string;
  received: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** Stored but waiting for a record they reference (ADR 0003). */
  parked: number;
  lastMessageAt: string | null;
  lastRejectAt: string | null;
}

export interface RejectFilter {
  sourceSystem?: string;
  contractId?: string;
  stage?: string;
  from?: Date;
  to?: Date;
  /** Rejects with an id below this one (the next page of a newest-first listing). */
  beforeId?: number;
  limit: number;
}

/** One hour of ingestion (all sources, or one): what arrived, and what was stored, found a duplicate, rejected or newly parked. */
export interface IngestionHour {
  hour: string;
  received: number;
  stored: number;
  duplicates: number;
  rejected: number;
  parked: number;
}

/** What a steward sees of a reject: where it came from and why, not the record itself. */
export interface RejectSummary {
  id: number;
  topic: string;
  partition: number;
  offset: string;
  sourceSystem: string | null;
  contractId: string | null;
  stage: string;
  errorPath: string;
  errorMessage: string;
  arrivedAt: string;
  replayedAt: string | null;
}

export interface RejectOriginal {
  id: number;
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** The steward's view of ingestion, read from the running totals and the reject table. */
export class IngestionReport {
  constructor(private readonly dataSource: DataSource) {}

  async statusBySource(): Promise<SourceStatus[]> {
    const rows: Array<Record<string, string | Date | null>> = await this.dataSource.query(
      `SELECT topic, source_system, stored, duplicates, rejected, parked, last_message_at, last_reject_at
         FROM ingest_counter ORDER BY topic, source_system`,
    );
    return rows.map((row) => ({
      topic: row.topic as string,
      sourceSystem: row.source_system as string,
      received: Number(row.stored) + Number(row.parked) + Number(row.duplicates) + Number(row.rejected),
      stored: Number(row.stored),
      duplicates: Number(row.duplicates),
      rejected: Number(row.rejected),
      parked: Number(row.parked),
      lastMessageAt: (row.last_message_at as Date | null)?.toISOString() ?? null,
      lastRejectAt: (row.last_reject_at as Date | null)?.toISOString() ?? null,
    }));
  }

  /**
   * Per source system, how many records identity resolution compared with a field missing
   * (absent or malformed: a birth date that is no date, one name, a malformed identification
   * code) and resolved all the same: counts by field, never values.
   */
  dataQualityWarnings() {
    return new IdentityDirectory(this.dataSource).qualityWarnings();
  }

  /** What is parked, by contract, source and the reference it waits for: no keys, no records. */
  parkedSummary() {
    return new RecordVersionStore(this.dataSource).parkedSummary();
  }

  /** The `hours` hours up to and including the one `until` is in, oldest first; an hour without traffic is zeros. */
  async hourly(filter: { hours: number; until: Date; sourceSystem?: string }): Promise<IngestionHour[]> {
    const rows: Array<Record<string, string | Date>> = await this.dataSource.query(
      `SELECT g.hour, coalesce(sum(c.received), 0) AS received, coalesce(sum(c.stored), 0) AS stored, coalesce(sum(c.duplicates), 0) AS duplicates,
              coalesce(sum(c.rejected), 0) AS rejected, coalesce(sum(c.parked), 0) AS parked
         FROM generate_series(date_trunc('hour', $1::timestamptz) - ($2::int - 1) * interval '1 hour', date_trunc('hour', $1::timestamptz), interval '1 hour') AS g(hour)
         LEFT JOIN ingest_hourly_count c ON c.hour = g.hour AND ($3::text IS NULL OR c.source_system = $3)
        GROUP BY g.hour ORDER BY g.hour`,
      [filter.until, filter.hours, filter.sourceSystem ?? null],
    );
    return rows.map((row) => ({
      hour: (row.hour as Date).toISOString(),
      received: Number(row.received),
      stored: Number(row.stored),
      duplicates: Number(row.duplicates),
      rejected: Number(row.rejected),
      parked: Number(row.parked),
    }));
  }

  async rejects(filter: RejectFilter): Promise<RejectSummary[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      parameters.push(value);
      conditions.push(sql.replace('?', `$${parameters.length}`));
    };
    if (filter.sourceSystem !== undefined) where('source_system = ?', filter.sourceSystem);
    if (filter.contractId !== undefined) where('contract_id = ?', filter.contractId);
    if (filter.stage !== undefined) where('stage = ?', filter.stage);
    if (filter.from !== undefined) where('rejected_at >= ?', filter.from);
    if (filter.to !== undefined) where('rejected_at < ?', filter.to);
    if (filter.beforeId !== undefined) where('id < ?', filter.beforeId);
    parameters.push(filter.limit);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, topic, partition, kafka_offset, source_system, contract_id, stage, error_path, error_message, arrived_at, replayed_at
         FROM ingest_reject ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      topic: row.topic as string,
      partition: row.partition as number,
      offset: row.kafka_offset as string,
      sourceSystem: row.source_system as string | null,
      contractId: row.contract_id as string | null,
      stage: row.stage as string,
      errorPath: row.error_path as string,
      errorMessage: row.error_message as string,
      arrivedAt: (row.arrived_at as Date).toISOString(),
      replayedAt: (row.replayed_at as Date | null)?.toISOString() ?? null,
    }));
  }

  async originals(ids: number[]): Promise<RejectOriginal[]> {
    const rows: Array<{ id: string; topic: string; message_key: Buffer | null; original: Buffer | null; headers: Record<string, string> }> = await this.dataSource.query(
      `SELECT id, topic, message_key, original, headers FROM ingest_reject WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    );
    return rows.map((row) => ({ id: Number(row.id), topic: row.topic, key: row.message_key, value: row.original, headers: row.headers }));
  }

  async markReplayed(ids: number[], at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE ingest_reject SET replayed_at = $2 WHERE id = ANY($1::bigint[])`, [ids, at]);
  }
}
