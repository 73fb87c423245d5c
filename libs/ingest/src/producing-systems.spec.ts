import { ContractRegistry } from '@lantern/contracts';
import { HubTopics } from './hub-topics';
import { ProducerGrants, producerCheck } from './producing-systems';

const topics = new HubTopics(ContractRegistry.default(), 't2.');
const flagTopicOf = (producer: string) => topics.producerTopics(producer).find((topic) => topics.contractOn(topic) === 'partner.careFlag')!;

describe('producerCheck: who may issue Handle with Care flags on which topic', () => {
  const grants = new ProducerGrants({ all: async () => new Map([['county-sheriff', { sourceSystems: ['county-sheriff.cad'], agencyIds: ['sheriff-17'] }]]) });
  const mayIssue = producerCheck(topics, grants);

  it('lets a producing system speak only for the source and the agency it is registered for', async () => {
    expect(await mayIssue(flagTopicOf('county-sheriff'), 'county-sheriff.cad', 'sheriff-17')).toBe(true);
    expect(await mayIssue(flagTopicOf('county-sheriff'), 'county-sheriff.cad', 'child-welfare-3')).toBe(false);
    expect(await mayIssue(flagTopicOf('county-sheriff'), 'another.cad', 'sheriff-17')).toBe(false);
  });

  it('refuses a producer that is not registered, and leaves the shared topic (the hub’s own principals) to the agreement checks', async () => {
    expect(await mayIssue(flagTopicOf('unknown-agency'), 'county-sheriff.cad', 'sheriff-17')).toBe(false);
    expect(await mayIssue(topics.topicFor('partner.careFlag'), 'anything', 'anyone')).toBe(true);
  });
});
