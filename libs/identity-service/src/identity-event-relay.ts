import type { HubProducer } from '@lantern/kafka';
import type { DataSource } from 'typeorm';

const PAGE = 1000;

/**
 * Publishes identity events from the outbox table to Kafka after the transactions that wrote
 * them committed (transactional outbox). Rows are claimed with SKIP LOCKED, so instances never
 * send the same page twice at once; a crash between send and mark resends the page, and
 * consumers dedupe by the `lantern.event.id` header.
 */
export class IdentityEventRelay {
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: HubProducer,
    private readonly topic: string,
  ) {}

  /** Sends everything pending; concurrent calls share one run. Returns how many were sent. */
  flush(): Promise<number> {
    this.running ??= this.sendPending().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sendPending(): Promise<number> {
    let sent = 0;
    for (;;) {
      const page = await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ id: string; type: string; sid: string; payload: unknown; created_at: Date }> = await manager.query(
          `SELECT id, type, sid, payload, created_at FROM identity_event
            WHERE published_at IS NULL ORDER BY id LIMIT ${PAGE} FOR UPDATE SKIP LOCKED`,
        );
        if (rows.length === 0) return 0;
        await this.producer.send({
          topic: this.topic,
          messages: rows.map((row) => ({
            key: row.sid,
            value: JSON.stringify({ id: row.id, type: row.type, sid: row.sid, at: row.created_at.toISOString(), ...(row.payload as object) }),
            headers: { 'lantern.event.id': row.id, 'lantern.event.type': row.type },
          })),
        });
        await manager.query(`UPDATE identity_event SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
        return rows.length;
      });
      sent += page;
      if (page < PAGE) return sent;
    }
  }
}
