import { ContractRegistry } from '@lantern/contracts';
import fc from 'fast-check';
import { HubTopics } from './hub-topics';

const topics = new HubTopics(ContractRegistry.default(), 't1.');
const producerId = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);

describe('HubTopics for producing systems', () => {
  it('gives each producer one topic per contract under its own prefix, read back to the contract and the producer', () => {
    fc.assert(
      fc.property(producerId, (producer) => {
        const own = topics.producerTopics(producer);
        expect(own).toHaveLength(topics.inbound().length);
        for (const [index, topic] of own.entries()) {
          expect(topic.startsWith(topics.producerPrefix(producer))).toBe(true);
          expect(topics.producerOf(topic)).toBe(producer);
          expect(topics.contractOn(topic)).toBe(topics.contractOn(topics.inbound()[index]));
        }
      }),
    );
  });

  it("never lets one producer's prefix cover another's topics", () => {
    fc.assert(
      fc.property(producerId, producerId, (a, b) => {
        fc.pre(a !== b);
        for (const topic of topics.producerTopics(b)) expect(topic.startsWith(topics.producerPrefix(a))).toBe(false);
      }),
    );
  });

  it('refuses producer ids with dots, capitals or outer hyphens, and names no producer on the shared topics', () => {
    for (const id of ['a.b', 'A', '-a', 'a-', '', 'x'.repeat(65)]) expect(() => topics.producerPrefix(id)).toThrow(/producer id/);
    for (const topic of topics.inbound()) expect(topics.producerOf(topic)).toBeUndefined();
  });
});
