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
const HOUR_MS = 3_600_000;

/**
 * A notice topic keeps the latest event per notice (the key is the notice id) and forgets a
 * notice once its tombstone is cleaned (ADR 0016). The active segment is never compacted, and
 * Kafka rolls a segment only when a message arrives after `segment.ms`: so segments may roll
 * after `compactionWindowMs`, the cleaner must visit within it, and the relay repeats each
 * tombstone once that window has passed, which rolls even a quiet topic. Tombstones stay a
 * week, so a school's consumer that was off for less than that sees every revocation.
 */
export function noticeTopicConfigs(compactionWindowMs: number): Record<string, string> {
  return {
    'cleanup.policy': 'compact',
    'segment.ms': String(compactionWindowMs),
    'max.compaction.lag.ms': String(compactionWindowMs),
    'delete.retention.ms': String(7 * 24 * HOUR_MS),
  };
}

/**
 * Publishes the notice outbox to the organisations' topics after the transactions that wrote
 * it committed (transactional outbox, as identity events). A crash between send and mark sends
 * again, so delivery is at least once and consumers dedupe by the lantern.event.id header.
 */
export class CareNoticeRelay {
  private readonly topicsReady = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaClient,
    private readonly producer: () => Promise<HubProducer>,
    private readonly topicPrefix: string,
    private readonly compactionWindowMs = HOUR_MS,
  ) {}

  /** Publishes up to one batch of pending events; answers how many (none while another worker's relay runs). */
  async publishPending(): Promise<number> {
    return this.publishBatch(`WHERE e.published_at IS NULL ORDER BY e.id`, [], `UPDATE care_notice_event SET published_at = now() WHERE id = ANY($1::bigint[])`);
  }

  /**
   * Publishes again, once, each closing tombstone published longer ago than the compaction
   * window: the segment holding the notice's value then rolls and is cleaned, even on a topic
   * that gets no other event. The repeat has the same event id, so readers see it once.
   */
  async repeatClosingTombstones(): Promise<number> {
    return this.publishBatch(
      `WHERE e.type IN ('revoked', 'expired') AND e.tombstone_repeated_at IS NULL AND e.published_at IS NOT NULL
         AND e.published_at < now() - make_interval(secs => $1::double precision / 1000) ORDER BY e.published_at`,
      [this.compactionWindowMs],
      `UPDATE care_notice_event SET tombstone_repeated_at = now() WHERE id = ANY($1::bigint[])`,
    );
  }

  private async publishBatch(selection: string, parameters: unknown[], markSent: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // One relay at a time, so each topic gets its events in outbox order: a notice's tombstone
      // published before its value would leave the name on the compacted topic for good.
      const [{ relay }]: Array<{ relay: boolean }> = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext('care-notice-relay')) AS relay`);
      if (!relay) return 0;
      const rows: EventRow[] = await manager.query(
        `SELECT e.id, e.organization_id, e.type, n.id AS notice_id, n.school_id, n.district_id, n.student_unique_id, n.first_name, n.last_surname,
                n.agency_type, n.issued_at, n.due_by, n.expires_at, n.closed_at
           FROM care_notice_event e JOIN care_notice n ON n.id = e.notice_id
          ${selection} LIMIT ${BATCH}`,
        parameters,
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
          missing.map((topic) => ({ topic, numPartitions: 1, configs: noticeTopicConfigs(this.compactionWindowMs) })),
        );
        missing.forEach((topic) => this.topicsReady.add(topic));
      }
      await (await this.producer()).sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      await manager.query(markSent, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}

/**
 * An issued or escalated event carries what the inbox shows (without the student once the
 * notice has closed). A revocation or expiry is a tombstone: the notice's key with no value, so
 * compaction removes the notice from the topic; its headers say which event it is.
 */
function toMessage(row: EventRow): OutboundMessage {
  const key = String(row.notice_id);
  const headers = { 'lantern.event.id': String(row.id), 'lantern.event.type': row.type };
  if (row.type === 'revoked' || row.type === 'expired') return { key, value: null, headers };
  const value = {
    eventId: String(row.id),
    type: row.type,
    noticeId: key,
    schoolId: row.school_id,
    districtId: row.district_id,
    words: HANDLE_WITH_CARE,
    student: row.closed_at ? null : { firstName: row.first_name, lastSurname: row.last_surname, studentUniqueId: row.student_unique_id },
    agencyType: row.agency_type,
    issuedAt: row.issued_at.toISOString(),
    dueBy: row.due_by.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
  return { key, value: JSON.stringify(value), headers: { ...headers, 'content-type': 'application/json' } };
}
