import { AuditLog } from '@lantern/audit';
import { ContractRegistry } from '@lantern/contracts';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import { HubTopics } from './hub-topics';
import { ProducerGrants, producerCheck, ProducingSystems } from './producing-systems';

const topics = new HubTopics(ContractRegistry.default(), 't2.');
const flagTopicOf = (producer: string) => topics.producerTopics(producer).find((topic) => topics.contractOn(topic) === 'partner.careFlag')!;

describe('producerCheck: who may issue Handle with Care flags on which topic (real PostgreSQL)', () => {
  let database: MigratedTestDatabase;
  let mayIssue: ReturnType<typeof producerCheck>;
  let registry: ProducingSystems;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    registry = new ProducingSystems(database.dataSource, new AuditLog(database.dataSource));
    await registry.register('county-sheriff', { sourceSystems: ['county-sheriff.cad'], agencyIds: ['sheriff-17'], educationOrganizationIds: [] }, 'producing-systems-test');
    mayIssue = producerCheck(topics, new ProducerGrants(registry));
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('lets a producing system speak only for the source and the agency it is registered for', async () => {
    expect(await mayIssue(flagTopicOf('county-sheriff'), 'county-sheriff.cad', 'sheriff-17')).toBe(true);
    expect(await mayIssue(flagTopicOf('county-sheriff'), 'county-sheriff.cad', 'child-welfare-3')).toBe(false);
    expect(await mayIssue(flagTopicOf('county-sheriff'), 'another.cad', 'sheriff-17')).toBe(false);
  });

  it('refuses a producer that is not registered, and leaves the shared topic (the hub’s own principals) to the agreement checks', async () => {
    expect(await mayIssue(flagTopicOf('unknown-agency'), 'county-sheriff.cad', 'sheriff-17')).toBe(false);
    expect(await mayIssue(topics.topicFor('partner.careFlag'), 'anything', 'anyone')).toBe(true);
  });

  it('knows a producer registered a moment ago, without waiting for its cache to expire', async () => {
    expect(await mayIssue(flagTopicOf('school-police'), 'school-police.cad', 'police-4')).toBe(false);
    await registry.register('school-police', { sourceSystems: ['school-police.cad'], agencyIds: ['police-4'], educationOrganizationIds: [] }, 'producing-systems-test');
    expect(await mayIssue(flagTopicOf('school-police'), 'school-police.cad', 'police-4')).toBe(true);
  });
});
