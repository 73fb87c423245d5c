/**
 * `npm run bench:careflags -- --rate 50 --seconds 20`: populates a hub (districts, schools,
 * students and their enrolments through the ingest pipeline; a Handle with Care agreement),
 * runs the real API and worker as their own processes, and issues flags from an agency at a steady rate
 * (open loop: each flag is sent at its scheduled time whatever the earlier ones are doing).
 * Issue-to-inbox latency is from a flag's scheduled send time to the API's answer, which
 * comes after the notice's transaction committed, i.e. once the notice is readable in the
 * school's inbox. At the end every school inbox is read: a flag whose notice is not there is
 * lost, as is one whose notice event never reached the school's Kafka topic (the worker's
 * relay publishes them). Last line:
 * `careflags: p50 <ms> ms, p99 <ms> ms issue-to-inbox at <rate>/s, lost <n>`
 */
import { ClientRegistry } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { localDateOf } from '@lantern/care-rules';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { PURPOSES, Role } from '@lantern/governance';
import { createIngestPipeline, HubTopics } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type KafkaConnection, kafkaEnvironmentOf } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createHubDataSource } from '@lantern/persistence';
import { findFreePort, lanternStateDir, provisionKafka, startHubService, type HubServiceProcess } from '@lantern/provisioning';
import { parseArgs } from 'node:util';
import { provisionBenchDatabase } from './bench-database';
import { openLoop, percentile, waitUntilLive } from './http-load';
import type { DataSource } from 'typeorm';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '50' }, seconds: { type: 'string', default: '20' }, students: { type: 'string', default: '4000' } } });
const RATE = Number(values.rate);
const FLAGS = Math.round(RATE * Number(values.seconds));
const STUDENTS = Number(values.students);
const DISTRICTS = [265901, 265902];
const SCHOOLS_PER_DISTRICT = 10;
const AGENCY = 'bench-sheriff';
const logger = createJsonLogger('bench-careflags', 'warn');
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const registry = ContractRegistry.default();

const schools = DISTRICTS.flatMap((districtId) => Array.from({ length: SCHOOLS_PER_DISTRICT }, (_, index) => ({ districtId, schoolId: districtId * 1000 + index + 1 })));
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'su', 'te', 'vo', 'ne', 'bi', 'dor', 'han', 'wel', 'ost', 'gri', 'pel'];
const FIRST_NAMES = ['Ava', 'Liam', 'Noah', 'Emma', 'Mia', 'Lucas', 'Amara', 'Jonas', 'Priya', 'Mateo', 'Sofia', 'Omar', 'Hana', 'Ethan', 'Zoe', 'Kofi', 'Ines', 'Arjun', 'Lena', 'Diego'];

/** Student number n as the school and the agency know them: distinct names and birth dates. */
function child(n: number) {
  const lastSurname = [n % 15, Math.floor(n / 15) % 15, Math.floor(n / 225) % 15]
    .map((index) => SYLLABLES[index])
    .join('')
    .replace(/^./, (c) => c.toUpperCase());
  const birth = new Date(Date.UTC(2010, 0, 1) + ((n * 7919) % 2500) * 86_400_000).toISOString().slice(0, 10);
  return { studentUniqueId: `BS-${n}`, firstName: FIRST_NAMES[Math.floor(n / 3375) % 20], lastSurname, birthDate: birth, school: schools[n % schools.length] };
}

function envelope(contract: string, record: Record<string, unknown>): Envelope {
  return { ...registry.readExample(registry.contract(contract)), sourceSystem: 'bench-state-directory', eventTime: '2026-08-20T08:00:00Z', record } as Envelope;
}

/** Districts, schools, students and enrolments through the ingest pipeline, referenced records first. */
async function populate(dataSource: DataSource, connection: KafkaConnection, prefix: string) {
  const topics = new HubTopics(registry, prefix);
  const kafka = createKafka(connection, 'bench-populate', logger);
  await ensureTopics(kafka, topics.all());
  const producer = await connectProducer(kafka);
  const children = Array.from({ length: STUDENTS }, (_, n) => child(n));
  const batches: Envelope[][] = [
    DISTRICTS.map((localEducationAgencyId) =>
      envelope('edfi.localEducationAgency', { ...registry.readExample(registry.contract('edfi.localEducationAgency')).record, localEducationAgencyId }),
    ),
    schools.map(({ schoolId, districtId }) =>
      envelope('edfi.school', { ...registry.readExample(registry.contract('edfi.school')).record, schoolId, localEducationAgencyReference: { localEducationAgencyId: districtId } }),
    ),
  ];
  for (let start = 0; start < children.length; start += 1000) {
    const slice = children.slice(start, start + 1000);
    batches.push(slice.map(({ studentUniqueId, firstName, lastSurname, birthDate }) => envelope('edfi.student', { studentUniqueId, firstName, lastSurname, birthDate })));
    batches.push(
      slice.map(({ studentUniqueId, school }) =>
        envelope('edfi.studentSchoolAssociation', {
          studentReference: { studentUniqueId },
          schoolReference: { schoolId: school.schoolId },
          entryDate: '2026-08-19',
          entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Sixth grade',
        }),
      ),
    );
  }
  try {
    const { processor } = createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 524288, logger });
    let offset = 0;
    for (const batch of batches) {
      const outcome = await processor.process(
        batch.map((message) => ({ topic: topics.topicFor(message.contract), partition: 0, offset: String(offset++), key: null, headers: {}, value: Buffer.from(JSON.stringify(message)) })),
      );
      if (outcome.stored !== batch.length) throw new Error(`populating stored ${outcome.stored} of ${batch.length}: ${JSON.stringify(outcome)}`);
    }
  } finally {
    await producer.disconnect();
  }
  return children;
}

async function tokenFor(base: string, dataSource: DataSource, role: Role, organizationId: string): Promise<string> {
  const { registration, clientSecret } = await new ClientRegistry(dataSource, new AuditLog(dataSource)).register({ role, organizationId, displayName: `bench ${role}` }, 'bench');
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${registration.clientId}:${clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
}

async function call(base: string, method: string, path: string, authorization: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function registerAgreement(base: string, steward: string) {
  const DAY = 86_400_000;
  const terms = {
    title: 'Bench Handle with Care',
    parties: [{ organizationId: AGENCY, roles: ['contributor'] }, ...DISTRICTS.map((districtId) => ({ organizationId: String(districtId), roles: ['recipient'] }))],
    purpose: { code: PURPOSES.handleWithCare, description: 'Handle with Care notices' },
    legalBases: [{ kind: 'state-statute', citation: 'W. Va. Code 49-5-101' }],
    elements: ['studentUniqueId', 'firstName', 'lastSurname'].map((element) => ({ domain: 'edfi.student', element, granularity: 'as-recorded' })),
    population: { kind: 'enrolled-at-recipient' },
    linkagePermitted: false,
    outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 },
    effectiveDate: new Date(Date.now() - DAY).toISOString(),
    expiresAt: new Date(Date.now() + 365 * DAY).toISOString(),
    destroyBy: new Date(Date.now() + 365 * DAY).toISOString(),
  };
  const drafted = await call(base, 'POST', '/agreements', steward, terms);
  const approved = await call(base, 'POST', `/agreements/${drafted.body.id}/versions/1/approvals`, steward, { organizationId: AGENCY });
  if (approved.status !== 201) throw new Error(`agreement not approved: ${JSON.stringify(approved.body)}`);
}

async function main() {
  const database = await provisionBenchDatabase(say);
  const { url } = database;
  const kafka = await provisionKafka({ stateDir: lanternStateDir('kafka-bench'), log: say });
  const dataSource = createHubDataSource(url, [], { applicationName: 'bench-careflags' });
  await dataSource.initialize();
  const prefix = `benchcare${Date.now().toString(36)}.`;
  let api: HubServiceProcess | undefined;
  let worker: HubServiceProcess | undefined;
  try {
    say(`populating ${STUDENTS} students in ${schools.length} schools…`);
    const children = await populate(dataSource, kafka.connection, prefix);
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const environment = {
      ...process.env,
      DATABASE_URL: url,
      ...kafkaEnvironmentOf(kafka.connection),
      LANTERN_TOPIC_PREFIX: prefix,
      API_PORT: String(port),
      LANTERN_DEV_EPHEMERAL_KEYS: 'true',
      LOG_LEVEL: 'warn',
      // One agency at 50 flags/s and every school's token from one address: the request limits
      // (ADR 0015) are for abuse, not for the load this measures.
      API_CARE_FLAGS_PER_CLIENT: '1000000',
      API_CARE_FLAGS_PER_ADDRESS: '1000000',
      API_TOKEN_REQUESTS_PER_ADDRESS: '1000000',
    };
    api = startHubService('api', 'apps/api/src/main.ts', environment, { logFile: lanternStateDir('logs', 'bench-careflags-api.log') });
    // The worker publishes the notice events to the schools' topics (its relay polls the outbox every second).
    worker = startHubService('worker', 'apps/worker/src/main.ts', environment, { logFile: lanternStateDir('logs', 'bench-careflags-worker.log') });
    await waitUntilLive(base);
    const steward = await tokenFor(base, dataSource, Role.Steward, 'sea');
    const agency = await tokenFor(base, dataSource, Role.Agency, AGENCY);
    await registerAgreement(base, steward);
    // One warm-up flag: the API's identity index loads the crosswalk on first use.
    await call(base, 'POST', '/care/flags', agency, flagOf(children[STUDENTS - 1], 'warm-up'));

    say(`issuing ${FLAGS} flags at ${RATE}/s…`);
    const outcomes: Array<{ child: ReturnType<typeof child>; noticeId?: string }> = [];
    const latencies = await openLoop(RATE, FLAGS, async (index) => {
      const subject = children[index % (STUDENTS - 1)];
      const response = await call(base, 'POST', '/care/flags', agency, flagOf(subject, `flag-${index}`));
      outcomes.push({ child: subject, noticeId: (response.body.notices as Array<{ noticeId: string }> | undefined)?.[0]?.noticeId });
    });

    // Lost: a flag whose notice is not in its school's inbox, or whose event never reached the school's topic.
    const inInbox = new Set<string>();
    for (const { schoolId } of schools) {
      const reader = await tokenFor(base, dataSource, Role.School, String(schoolId));
      for (const notice of (await call(base, 'GET', '/care/inbox', reader)).body.notices as Array<{ noticeId: string }>) inInbox.add(notice.noticeId);
    }
    for (let waited = 0; waited < 60 && Number((await dataSource.query(`SELECT count(*) AS pending FROM care_notice_event WHERE published_at IS NULL`))[0].pending) > 0; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const unpublished = Number((await dataSource.query(`SELECT count(*) AS pending FROM care_notice_event WHERE published_at IS NULL`))[0].pending);
    const lost = outcomes.filter((outcome) => !outcome.noticeId || !inInbox.has(outcome.noticeId)).length + unpublished;
    say(`${outcomes.length} flags answered, ${inInbox.size} notices in inboxes, ${unpublished} notice events unpublished`);
    console.log(`careflags: p50 ${Math.round(percentile(latencies, 50))} ms, p99 ${Math.round(percentile(latencies, 99))} ms issue-to-inbox at ${RATE}/s, lost ${lost}`);
  } finally {
    await api?.stop();
    await worker?.stop();
    await dataSource.destroy();
    await kafka.stop();
    await database.dispose();
  }
}

/** The agency's flag: its own local id for the child, and the attributes to match the first time. */
function flagOf(subject: ReturnType<typeof child>, flagId: string) {
  const { firstName, lastSurname, birthDate, studentUniqueId } = subject;
  return { agency: { agencyId: AGENCY }, flagId, person: { localPersonId: `SH-${studentUniqueId}`, firstName, lastSurname, birthDate }, eventDate: localDateOf(new Date()) };
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
