import type { Envelope } from '@lantern/contracts';
import type { HubTopics } from '@lantern/ingest';
import type { InboundMessage } from '@lantern/kafka';

/** Envelopes as the ingest consumer hands them to the pipeline: each on its contract's topic, partition 0, offsets from `firstOffset`. */
export function inboundMessagesOf(topics: HubTopics, envelopes: readonly Envelope[], firstOffset: number): InboundMessage[] {
  return envelopes.map((envelope, index) => ({
    topic: topics.topicFor(envelope.contract),
    partition: 0,
    offset: String(firstOffset + index),
    key: null,
    headers: {},
    value: Buffer.from(JSON.stringify(envelope)),
  }));
}
