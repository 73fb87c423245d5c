import type { HubProducer, OutboundMessage } from '@lantern/kafka';
import type { IngestionReport } from './ingestion-report';

export const REPLAY_OF_HEADER = 'lantern.replay.of';

/**
 * Sends the original bytes of selected rejects through ingestion again, e.g. after a
 * contract fix or once a referenced record exists. A replayed message that fails again
 * becomes a new reject; one that passes is stored like any other (idempotently).
 */
export class RejectReplayer {
  constructor(
    private readonly report: IngestionReport,
    private readonly producer: HubProducer,
  ) {}

  async replay(ids: number[]): Promise<{ replayed: number[]; notFound: number[] }> {
    const originals = await this.report.originals(ids);
    const found = new Set(originals.map((original) => original.id));
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const original of originals) {
      const messages = byTopic.get(original.topic) ?? [];
      messages.push({ key: original.key, value: original.value, headers: { ...original.headers, [REPLAY_OF_HEADER]: String(original.id) } });
      byTopic.set(original.topic, messages);
    }
    if (byTopic.size > 0) {
      await this.producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
      await this.report.markReplayed([...found], new Date());
    }
    return { replayed: [...found], notFound: ids.filter((id) => !found.has(id)) };
  }
}
