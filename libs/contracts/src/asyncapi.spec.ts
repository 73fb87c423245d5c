import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument, renderAsyncApi } from './asyncapi';
import { ContractRegistry } from './contract-registry';
import { naturalKeyOf } from './natural-key';

const registry = ContractRegistry.load();
interface MessageShape {
  name: string;
  headers: unknown;
  payload: { schema: { allOf: [unknown, { then: { properties: { record: unknown } } }] } };
  bindings: { kafka: { key: { examples: string[] } } };
}
const document = buildAsyncApiDocument(registry) as {
  asyncapi: string;
  channels: Record<string, { address: string }>;
  operations: Record<string, { channel: { $ref: string } }>;
  components: {
    messages: Record<string, MessageShape>;
    schemas: Record<string, { required: string[]; properties: Record<string, { enum?: string[] }> }>;
  };
};

describe('contracts/asyncapi.yaml', () => {
  it('is the current rendering of the catalogue (regenerate with libs/contracts/src/write-asyncapi.ts)', () => {
    expect(readFileSync(join(registry.contractsDir, 'asyncapi.yaml'), 'utf8')).toBe(renderAsyncApi(registry));
  });

  it('is an AsyncAPI 3.0 document with one channel per topic, each with an operation', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    expect(addresses).toEqual([...registry.contracts().map((contract) => contract.topic), registry.deadLetter.topic, registry.identityEvents.topic, registry.careNotices.topic]);
    const operationChannels = Object.values(document.operations).map((operation) => operation.channel.$ref);
    expect(operationChannels).toEqual(Object.keys(document.channels).map((id) => `#/channels/${id}`));
  });

  it('documents the per-organisation Handle with Care topics with their address parameter', () => {
    const channel = Object.values(document.channels).find((candidate) => candidate.address === 'hub.care-notices.v1.{organizationId}') as unknown as { parameters: Record<string, unknown> };
    expect(Object.keys(channel.parameters)).toEqual(['organizationId']);
  });

  it.each(registry.contracts().map((contract) => [contract.id, contract] as const))(
    'describes the %s message: key, headers and payload schema files',
    (_id, contract) => {
      const message = Object.values(document.components.messages).find((candidate) => candidate.name === contract.id)!;
      expect(message.headers).toEqual({ $ref: '#/components/schemas/ingestHeaders' });
      expect(message.payload.schema.allOf[0]).toEqual({ $ref: './envelope.schema.json' });
      expect(message.payload.schema.allOf[1].then.properties.record).toEqual({ $ref: `./${contract.schema}` });
      expect(message.bindings.kafka.key.examples).toEqual([naturalKeyOf(contract, registry.readExample(contract).record)]);
    },
  );

  it('gives the dead-letter message its error headers', () => {
    const headers = document.components.schemas['deadLetterHeaders'];
    expect(Object.keys(headers.properties)).toEqual(Object.values(registry.deadLetter.headers).map((header) => header.name));
    expect(headers.properties['lantern.errors.stage'].enum).toEqual(registry.deadLetter.stages);
    expect(headers.required).not.toContain('lantern.errors.contract');
  });
});
