import { ContractRegistry } from '@lantern/contracts';
import { ensureTopics, type HubProducer, type KafkaClient, type OutboundMessage } from '@lantern/kafka';
import type { DataSource } from 'typeorm';
import { HANDLE_WITH_CARE } from './care-inbox';

/** The catalogue's care-notices topic for one school or district, so each reads only its own. */
export function careNoticeTopic(prefix: string, organizationId: string): string {
  // Kafka topic names allow letters, digits, '.', '_' and '-' only.
  return `${prefix}${ContractRegistry.default().careNotices.topic.replace('{organizationId}', organizationId.replace(/[^A-Za-z0-9._-]/g, '_'))}`;
}

interface EventRow {
  id: string;
  organization_id: string;
  type: 'issued' | 'revoked' | 'expired' | 'escalated';
  notice_id: string;
  school_id: string;
  district_id: string;
  student_unique_id: string | null;
  first_name: string | null;
  last_surname: string | null;
  agency_type: string | null;
  issued_at: Date;
  due_by: Date;
  expires_at: Date;
  closed_at: Date | null;
}

const BATCH = 500;

/**
 * Publishes the notice outbox to the organisations' topics after the transactions that wrote
 * it committed (transactional outbox, as identity events). Rows are claimed with SKIP LOCKED,
 * so worker instances share the work; a crash between send and mark sends again, so delivery is
 * at least once and consumers dedupe by the lantern.event.id header.
 */
export class CareNoticeRelay {
  private readonly topicsReady = new Set<string>();
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaClient,
    private readonly producer: () => Promise<HubProducer>,
    private readonly topicPrefix: string,
  ) {}

  /** Publishes soon, without making the caller wait; calls during a run schedule one more run. */
  kick(onError: (error: unknown) => void): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while ((await this.publishPending()) === BATCH);
      } while (this.again);
    })()
      .catch(onError)
      .finally(() => (this.running = undefined));
  }

  /** Resolves when no run is in progress (for shutdown: the connections are closed after it). */
  async settled(): Promise<void> {
    await this.running;
  }

  /** Publishes up to one batch of pending events; answers how many. */
  async publishPending(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: EventRow[] = await manager.query(
        `SELECT e.id, e.organization_id, e.type, n.id AS notice_id, n.school_id, n.district_id, n.student_unique_id, n.first_name, n.last_surname,
                n.agency_type, n.issued_at, n.due_by, n.expires_at, n.closed_at
           FROM care_notice_event e JOIN care_notice n ON n.id = e.notice_id
          WHERE e.published_at IS NULL ORDER BY e.id LIMIT ${BATCH} FOR UPDATE OF e SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, OutboundMessage[]>();
      for (const row of rows) {
        const topic = careNoticeTopic(this.topicPrefix, row.organization_id);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), toMessage(row)]);
      }
      const missing = [...byTopic.keys()].filter((topic) => !this.topicsReady.has(topic));
      if (missing.length > 0) {
        await ensureTopics(
          this.kafka,
          missing.map((topic) => ({ topic, numPartitions: 1 })),
        );
        missing.forEach((topic) => this.topicsReady.add(topic));
      }
      await (await this.producer()).sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      await manager.query(`UPDATE care_notice_event SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}

/**
 * An issued notice carries what the inbox shows; other events carry only ids and times. An
 * issued event whose notice has closed before publication goes out without the student.
 */
function toMessage(row: EventRow): OutboundMessage {
  const common = { eventId: String(row.id), type: row.type, noticeId: String(row.notice_id), schoolId: row.school_id, districtId: row.district_id };
  const value =
    row.type === 'issued' || row.type === 'escalated'
      ? {
          ...common,
          words: HANDLE_WITH_CARE,
          student: row.closed_at ? null : { firstName: row.first_name, lastSurname: row.last_surname, studentUniqueId: row.student_unique_id },
          agencyType: row.agency_type,
          issuedAt: row.issued_at.toISOString(),
          dueBy: row.due_by.toISOString(),
          expiresAt: row.expires_at.toISOString(),
        }
      : common;
  return { key: String(row.notice_id), value: JSON.stringify(value), headers: { 'lantern.event.id': String(row.id), 'lantern.event.type': row.type, 'content-type': 'application/json' } };
}
