import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { HubTopics } from '@lantern/ingest';
import { createKafka } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { eventually, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLantern } from './testing/run-lantern';

const SOURCE = 'lea-255901.sis';
const EVENT_TIME = '2025-03-14T09:26:53-05:00';
const registry = ContractRegistry.default();
const logger = createJsonLogger('cli-load-test', 'warn');

/** Runs `npm run lantern -- load ...` as a steward would, against the test broker. */
const lanternLoad = (topicPrefix: string, args: string[]) => runLantern(['load', ...args], { ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'warn' });

interface Published {
  readonly key: string;
  readonly envelope: Envelope;
}

/** Everything on the prefix's inbound topics, read back from the broker, by contract. */
async function publishedMessages(topicPrefix: string): Promise<Record<string, Published[]>> {
  const topics = new HubTopics(registry, topicPrefix);
  const kafka = createKafka(testKafka(), 'cli-load-test', logger);
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const inbound = topics.inbound().filter((topic) => existing.has(topic));
  let expected = 0;
  for (const topic of inbound) {
    for (const partition of await admin.fetchTopicOffsets(topic)) expected += Number(partition.high) - Number(partition.low);
  }
  await admin.disconnect();

  const byContract: Record<string, Published[]> = {};
  if (expected === 0) return byContract;
  const consumer = kafka.consumer({ groupId: `${topicPrefix}reader-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: inbound, fromBeginning: true });
    let received = 0;
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const contract = topics.contractOn(topic)!;
        (byContract[contract] ??= []).push({ key: String(message.key), envelope: JSON.parse(String(message.value)) });
        received++;
      },
    });
    await eventually(() => expect(received).toBe(expected), { timeoutMs: 30_000 });
  } finally {
    await consumer.disconnect();
  }
  for (const messages of Object.values(byContract)) messages.sort((a, b) => a.key.localeCompare(b.key));
  return byContract;
}

function published(contract: string, record: Record<string, unknown>, sourceSystem = SOURCE, eventTime = EVENT_TIME): Published {
  return {
    key: registry.naturalKey(contract, record),
    envelope: { contract, contractVersion: registry.contract(contract).version, operation: 'upsert', sourceSystem, eventTime, record },
  };
}

const STUDENTS_NDJSON = [
  '{"id":"a1","studentUniqueId":"T-1","firstName":"Avery","lastSurname":"Testcase","birthDate":"2012-04-03","otherNames":[],"_etag":"1"}',
  '{"studentUniqueId":"T-2","firstName":"Rowan","lastSurname":"Samplefield"}',
  '{"studentUniqueId":"T-3","firstName":"Sky","lastSurname":"Placeholder","birthDate":"2013-01-30","birthSexDescriptor":"Female"}',
].join('\n');

const ENROLLMENT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<InterchangeStudentEnrollment xmlns="http://ed-fi.org/5.0.0">
  <StudentSchoolAssociation>
    <StudentReference><StudentIdentity><StudentUniqueId>T-1</StudentUniqueId></StudentIdentity></StudentReference>
    <SchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></SchoolReference>
    <SchoolYear>2024-2025</SchoolYear>
    <EntryDate>2024-08-19</EntryDate>
    <EntryGradeLevel>Seventh grade</EntryGradeLevel>
  </StudentSchoolAssociation>
  <GraduationPlan><GraduationPlanType>uri://ed-fi.org/GraduationPlanTypeDescriptor#Minimum</GraduationPlanType></GraduationPlan>
  <StudentSchoolAssociation>
    <StudentReference><StudentIdentity><StudentUniqueId>T-3</StudentUniqueId></StudentIdentity></StudentReference>
    <SchoolReference><SchoolIdentity><SchoolId>255901044</SchoolId></SchoolIdentity></SchoolReference>
    <EntryDate>2024-08-20</EntryDate>
    <EntryGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#Eighth grade</EntryGradeLevel>
  </StudentSchoolAssociation>
</InterchangeStudentEnrollment>
`;

// The first student is complete; the second never closes <Name> (line 12).
const BROKEN_STUDENTS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<InterchangeStudent xmlns="http://ed-fi.org/4.0.0">
  <Student>
    <StudentUniqueId>T-4</StudentUniqueId>
    <Name><FirstName>Jordan</FirstName><LastSurname>Example</LastSurname></Name>
    <BirthData><BirthDate>2010-02-14</BirthDate></BirthData>
  </Student>
  <Student>
    <StudentUniqueId>T-5</StudentUniqueId>
    <Name>
      <FirstName>Casey</FirstName>
  </Student>
</InterchangeStudent>
`;

const JORDAN = { studentUniqueId: 'T-4', firstName: 'Jordan', lastSurname: 'Example', birthDate: '2010-02-14' };

describe('lantern load against the real broker', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'lantern-load-'));
    await writeFile(join(directory, 'students.ndjson'), STUDENTS_NDJSON);
    await writeFile(join(directory, 'Interchange-StudentEnrollment.xml'), ENROLLMENT_XML);
    await writeFile(join(directory, 'Interchange-Student-broken.xml'), BROKEN_STUDENTS_XML);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('publishes exactly the valid records of a directory, and nothing from its malformed file', async () => {
    const prefix = `${testTopicPrefix()}dir.`;

    const run = await lanternLoad(prefix, [directory, '--source', SOURCE, '--event-time', EVENT_TIME]);

    expect(run.code).toBe(1);
    expect(await publishedMessages(prefix)).toEqual({
      'edfi.student': [
        published('edfi.student', { studentUniqueId: 'T-1', firstName: 'Avery', lastSurname: 'Testcase', birthDate: '2012-04-03' }),
        published('edfi.student', {
          studentUniqueId: 'T-3',
          firstName: 'Sky',
          lastSurname: 'Placeholder',
          birthDate: '2013-01-30',
          birthSexDescriptor: 'uri://ed-fi.org/SexDescriptor#Female',
        }),
      ],
      'edfi.studentSchoolAssociation': [
        published('edfi.studentSchoolAssociation', {
          studentReference: { studentUniqueId: 'T-1' },
          schoolReference: { schoolId: 255901001 },
          schoolYearTypeReference: { schoolYear: 2025 },
          entryDate: '2024-08-19',
          entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Seventh grade',
        }),
        published('edfi.studentSchoolAssociation', {
          studentReference: { studentUniqueId: 'T-3' },
          schoolReference: { schoolId: 255901044 },
          entryDate: '2024-08-20',
          entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Eighth grade',
        }),
      ],
    });
    const broken = join(directory, 'Interchange-Student-broken.xml');
    expect(run.stderr).toContain(`${broken}: malformed, nothing published`);
    expect(run.stderr).toContain(`${broken}:12:`);
    expect(run.stdout).toContain(`${broken}: malformed, nothing published`);
    expect(run.stdout).toContain(`${join(directory, 'students.ndjson')}: published 2, rejected 1`);
    expect(run.stdout).toMatch(/edfi\.student: schema: \/record\/birthDate is required — 1 record, first at .*students\.ndjson:2\n/);
    expect(run.stdout).toMatch(/GraduationPlan — 1 element, first at .*Interchange-StudentEnrollment\.xml:10/);
    expect(run.stdout).toMatch(/\n {2}total\s+4\s+1\n/);
    expect(run.stdout).not.toMatch(/^\{/m);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/Rowan|Samplefield|Casey/);
  });

  it('publishes what precedes the malformed part when asked to with --partial', async () => {
    const prefix = `${testTopicPrefix()}partial.`;

    const run = await lanternLoad(prefix, [join(directory, 'Interchange-Student-broken.xml'), '--partial', '--source', SOURCE, '--event-time', EVENT_TIME]);

    expect(run.code).toBe(1);
    expect(await publishedMessages(prefix)).toEqual({ 'edfi.student': [published('edfi.student', JORDAN)] });
    expect(run.stdout).toContain('malformed, published 1 before the error (--partial)');
  });

  it('publishes envelopes as given without --source, and refuses Ed-Fi resources without it', async () => {
    const prefix = `${testTopicPrefix()}envelopes.`;
    const envelopesOnly = join(directory, 'envelopes', 'anything.ndjson');
    const example = registry.readExample(registry.contract('edfi.student'));
    await mkdir(join(directory, 'envelopes'));
    await writeFile(envelopesOnly, `${JSON.stringify(example)}\n`);

    const envelopesRun = await lanternLoad(prefix, [envelopesOnly]);
    const resourcesRun = await lanternLoad(prefix, [join(directory, 'students.ndjson')]);

    expect(envelopesRun.code).toBe(0);
    expect(resourcesRun.code).toBe(1);
    expect(resourcesRun.stdout).toContain('give --source <system>');
    expect(await publishedMessages(prefix)).toEqual({
      'edfi.student': [published('edfi.student', example.record, example.sourceSystem, example.eventTime)],
    });
  });

  it('refuses bad arguments before reading or publishing anything', async () => {
    const run = await lanternLoad(`${testTopicPrefix()}usage.`, [directory, '--source', SOURCE, '--event-time', 'yesterday']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--event-time must match format "date-time"');
  });
});
