import type { INestApplication } from '@nestjs/common';
import { AuditLog } from '@lantern/audit';
import { CareFlags, CareNoticeSweep, careNoticeTopic } from '@lantern/care-notices';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { Role } from '@lantern/governance';
import { createIngestPipeline, HubTopics } from '@lantern/ingest';
import { connectProducer, consumerLag, createKafka } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import {
  createMigratedTestDatabase,
  eventually,
  type HubServiceProcess,
  type MigratedTestDatabase,
  startHubWorker,
  testKafka,
  testKafkaEnvironment,
  testTopicPrefix,
} from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { enrolment, storeK12Fixture, student } from '../access/testing/k12-fixtures';
import { createApi } from '../create-api';
import {
  CARE_DISTRICT,
  careFixtureBatches,
  CHILDREN,
  flagFor,
  handleWithCareTerms,
  LAPSED_DISTRICT,
  localDay,
  NO_AGREEMENT_DISTRICT,
  registerHandleWithCareAgreement,
  SHERIFF,
} from './testing/care-fixtures';

const logger = createJsonLogger('care-notices-test', 'error');
const registry = ContractRegistry.default();
const [FIRST_SCHOOL, SECOND_SCHOOL] = CARE_DISTRICT.schoolIds.map(String);

describe('Handle with Care: flags from an agency become minimal, audited notices at the school of current enrolment', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  /** The hub's worker, as its own process: care-flag intake from Kafka, the notice relay and the sweep. */
  let worker: HubServiceProcess;
  let prefix: string;
  const bearer: Record<string, string> = {};

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    prefix = testTopicPrefix();
    await storeK12Fixture(dataSource, prefix, careFixtureBatches());
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix }), logger);
    await app.init();
    worker = await startHubWorker(
      { DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, LANTERN_DEV_EPHEMERAL_KEYS: 'true' },
      `care-notices-test-worker-${prefix}`,
    );
    bearer.steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
    bearer.sheriff = await bearerFor(app, dataSource, Role.Agency, SHERIFF);
    bearer.otherAgency = await bearerFor(app, dataSource, Role.Agency, 'city-police');
    bearer.firstSchool = await bearerFor(app, dataSource, Role.School, FIRST_SCHOOL);
    bearer.secondSchool = await bearerFor(app, dataSource, Role.School, SECOND_SCHOOL);
    bearer.district = await bearerFor(app, dataSource, Role.District, String(CARE_DISTRICT.districtId));
    bearer.noAgreementSchool = await bearerFor(app, dataSource, Role.School, String(NO_AGREEMENT_DISTRICT.schoolId));
    await registerHandleWithCareAgreement(app, bearer.steward, handleWithCareTerms([String(CARE_DISTRICT.districtId)]));
    // Approval needs an agreement that has not expired yet, so this one lapses moments after it.
    const lapsesAt = new Date(Date.now() + 1_500).toISOString();
    await registerHandleWithCareAgreement(
      app,
      bearer.steward,
      handleWithCareTerms([String(LAPSED_DISTRICT.districtId)], { effectiveDate: new Date(Date.now() - 86_400_000).toISOString(), expiresAt: lapsesAt, destroyBy: lapsesAt }),
    );
    await eventually(() => expect(Date.now()).toBeGreaterThan(Date.parse(lapsesAt)), { timeoutMs: 5_000 });
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await database?.drop();
  });

  const http = () => request(app.getHttpServer());
  const issue = (flag: object, as = bearer.sheriff) => http().post('/care/flags').set('Authorization', as).send(flag);
  const inbox = async (as: string) => (await http().get('/care/inbox').set('Authorization', as).expect(200)).body.notices as Array<Record<string, unknown>>;
  const sidOf = async (studentUniqueId: string): Promise<string> =>
    (await dataSource.query(`SELECT sid FROM identity_record WHERE source_system = 'state-directory' AND local_id = $1`, [studentUniqueId]))[0].sid;
  const disclosuresOf = async (studentUniqueId: string) =>
    (
      await http()
        .get(`/disclosures/students/${await sidOf(studentUniqueId)}`)
        .set('Authorization', bearer.steward)
        .expect(200)
    ).body.disclosures as Array<Record<string, unknown>>;

  it('tells a transferred child’s new school only: name, school id and the words, nothing more; the notice is a disclosure', async () => {
    const { transferred } = CHILDREN;
    const response = await issue(flagFor(transferred, 'F-1')).expect(201);
    expect(response.body).toMatchObject({ agencyId: SHERIFF, flagId: 'F-1', version: 1, status: 'delivered', notices: [{ status: 'delivered', acknowledgedAt: null }] });
    // The issuer sees delivery, never the school or what it holds.
    expect(JSON.stringify(response.body)).not.toMatch(new RegExp(`${SECOND_SCHOOL}|${transferred.studentUniqueId}|${transferred.lastSurname}`));

    const notices = await inbox(bearer.secondSchool);
    expect(notices).toEqual([
      {
        noticeId: response.body.notices[0].noticeId,
        words: 'Handle with Care',
        student: { firstName: transferred.firstName, lastSurname: transferred.lastSurname, studentUniqueId: transferred.studentUniqueId },
        schoolId: SECOND_SCHOOL,
        agencyType: 'law-enforcement',
        issuedAt: expect.any(String),
        dueBy: expect.any(String),
        expiresAt: expect.any(String),
        acknowledgedAt: null,
        escalatedAt: null,
      },
    ]);
    expect((await inbox(bearer.firstSchool)).map((notice) => (notice.student as { studentUniqueId: string }).studentUniqueId)).not.toContain(transferred.studentUniqueId);
    expect(await disclosuresOf(transferred.studentUniqueId)).toEqual([
      expect.objectContaining({ recipient: { organizationId: SECOND_SCHOOL, clientId: 'hub:care-inbox' }, purpose: expect.objectContaining({ code: 'handle-with-care' }), studentCount: 1 }),
    ]);
    const [read] = await dataSource.query(`SELECT details FROM audit_entry WHERE kind = 'care-notice-read' ORDER BY id DESC LIMIT 1`);
    expect(read.details).toMatchObject({ noticeIds: [response.body.notices[0].noticeId], sids: [await sidOf(transferred.studentUniqueId)] });
  });

  it('tells twins apart at the same school: only the flagged twin is named', async () => {
    const response = await issue(flagFor(CHILDREN.twinAva, 'F-2')).expect(201);
    expect(response.body.status).toBe('delivered');
    const names = (await inbox(bearer.firstSchool)).map((notice) => (notice.student as { firstName: string }).firstName);
    expect(names).toContain('Ava');
    expect(names).not.toContain('Ella');
    expect(await disclosuresOf(CHILDREN.twinElla.studentUniqueId)).toEqual([]);
  });

  it('delivers a flag sent twice at the same moment once: one notice, one disclosure', async () => {
    const disclosuresBefore = (await disclosuresOf(CHILDREN.twinAva.studentUniqueId)).length;
    const [first, second] = await Promise.all([issue(flagFor(CHILDREN.twinAva, 'F-2-twice')), issue(flagFor(CHILDREN.twinAva, 'F-2-twice'))]);
    expect([first.status, second.status].sort()).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    const [{ notices }] = await dataSource.query(`SELECT count(*)::int AS notices FROM care_notice n JOIN care_flag f ON f.id = n.flag WHERE f.flag_id = 'F-2-twice'`);
    expect(notices).toBe(1);
    expect(await disclosuresOf(CHILDREN.twinAva.studentUniqueId)).toHaveLength(disclosuresBefore + 1);
  });

  it('sends nothing where no agreement is in force, missing or expired, and says so without naming the school', async () => {
    for (const [child, flagId] of [
      [CHILDREN.noAgreement, 'F-3'],
      [CHILDREN.lapsed, 'F-4'],
    ] as const) {
      const response = await issue(flagFor(child, flagId)).expect(201);
      expect(response.body).toMatchObject({ status: 'not-delivered', notices: [] });
      expect(response.body.message).toContain('no data-sharing agreement in force');
      expect(await disclosuresOf(child.studentUniqueId)).toEqual([]);
    }
    expect(await inbox(bearer.noAgreementSchool)).toEqual([]);
    const denials: Array<{ details: { reasons: string[] } }> = await dataSource.query(
      `SELECT details FROM audit_entry WHERE kind = 'policy-decision' AND details ->> 'decision' = 'deny' AND details ->> 'purpose' = 'handle-with-care' ORDER BY id`,
    );
    expect(denials.map((entry) => entry.details.reasons.join('; '))).toEqual([expect.stringContaining('no agreement names organisation 255960'), expect.stringMatching(/expired at/)]);
  });

  it('tells an agency without an agreement the same whoever the child is, and records nothing of its flags, over HTTP or Kafka', async () => {
    const { transferred, twinElla } = CHILDREN;
    // An enrolled child, a child the hub has never heard of, and one the engine cannot tell from her twin.
    const probes = [
      { firstName: transferred.firstName, lastSurname: transferred.lastSurname, birthDate: transferred.birthDate },
      { firstName: 'Nadia', lastSurname: 'Quispe', birthDate: '2012-01-05' },
      { firstName: 'E', lastSurname: twinElla.lastSurname, birthDate: twinElla.birthDate },
    ].map((person, index) => ({ agency: { agencyId: 'city-police' }, flagId: `P-${index}`, person: { localPersonId: `CP-${index}`, ...person }, eventDate: localDay(0) }));
    const recorded = async () =>
      (
        await dataSource.query(
          `SELECT (SELECT count(*) FROM identity_record)::int AS crosswalk, (SELECT count(*) FROM identity_review)::int AS reviews,
                  (SELECT count(*) FROM care_flag)::int AS flags, (SELECT count(*) FROM care_notice)::int AS notices`,
        )
      )[0];
    const before = await recorded();

    const answers: string[] = [];
    for (const flag of probes) {
      const response = await issue(flag, bearer.otherAgency);
      // The problem's errorId is fresh for every response; everything else must be the same bytes.
      answers.push(`${response.status} ${response.text.replace(/"errorId":"[0-9a-f-]{36}"/, '"errorId":""')}`);
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^403 .*No Handle with Care agreement in force names this agency/);
    expect(await recorded()).toEqual(before);

    // The same flags from the agency's system on Kafka: read, refused, nothing recorded.
    const kafka = createKafka(testKafka(), 'care-probe-test', logger);
    const topic = new HubTopics(registry, prefix).topicFor('partner.careFlag');
    const producer = await connectProducer(kafka);
    try {
      await producer.send({
        topic,
        messages: probes.map((record) => ({
          key: record.flagId,
          value: JSON.stringify({
            contract: 'partner.careFlag',
            contractVersion: '1.0.0',
            operation: 'upsert',
            sourceSystem: 'city-police.cad',
            eventTime: new Date().toISOString(),
            record,
          }),
        })),
      });
    } finally {
      await producer.disconnect();
    }
    await eventually(async () => expect((await consumerLag(kafka, `${prefix}lantern-care-flags`, [topic])).get(topic)).toBe(0), { timeoutMs: 60_000, intervalMs: 500 });
    expect(await recorded()).toEqual(before);
  });

  it('tells the issuer “no current enrolment found” and discloses nothing when the child has left school', async () => {
    const response = await issue(flagFor(CHILDREN.unenrolled, 'F-5')).expect(201);
    expect(response.body).toMatchObject({ status: 'no-current-enrolment', message: 'no current enrolment found', notices: [] });
    expect(await disclosuresOf(CHILDREN.unenrolled.studentUniqueId)).toEqual([]);
  });

  it('refuses a flag with a reason or any field the contract lacks, and a child it cannot identify gets no guess', async () => {
    const withReason = await issue({ ...flagFor(CHILDREN.revoked, 'F-6'), reason: 'domestic incident' }).expect(400);
    expect(withReason.body.detail).toContain('/reason');
    expect(JSON.stringify(withReason.body)).not.toContain('domestic');
    await http().get('/care/flags/F-6').set('Authorization', bearer.sheriff).expect(404);
    const byIdOnly = await issue({ agency: { agencyId: SHERIFF }, flagId: 'F-7', person: { localPersonId: 'CS-UNKNOWN' }, eventDate: localDay(0) }).expect(201);
    expect(byIdOnly.body).toMatchObject({ status: 'identity-unknown', notices: [] });
    // An agency issues under its own id only.
    await issue(flagFor(CHILDREN.revoked, 'F-8'), bearer.otherAgency).expect(403);
  });

  it('holds a flag whose child matches only uncertainly for steward review, and delivers it once the steward decides', async () => {
    // Only an initial, and twins share surname and birth date: the engine will not guess between them.
    const { twinElla } = CHILDREN;
    const uncertain = { ...flagFor(twinElla, 'F-review'), person: { localPersonId: 'SH-REVIEW-1', firstName: 'E', lastSurname: twinElla.lastSurname, birthDate: twinElla.birthDate } };
    const held = await issue(uncertain).expect(201);
    expect(held.body).toMatchObject({ status: 'identity-review', notices: [] });
    const flags = app.get(CareFlags);
    await flags.deliverAfterReviews();
    expect((await http().get('/care/flags/F-review').set('Authorization', bearer.sheriff).expect(200)).body.status).toBe('identity-review');

    const reviews = (await http().get('/identity/reviews').set('Authorization', bearer.steward).expect(200)).body.reviews as Array<{ id: string; record: { localId: string } }>;
    const review = reviews.find((candidate) => candidate.record.localId === 'SH-REVIEW-1');
    await http()
      .post(`/identity/reviews/${review?.id}/accept`)
      .send({ sid: await sidOf(twinElla.studentUniqueId) })
      .set('Authorization', bearer.steward)
      .expect(200);
    expect(await flags.deliverAfterReviews()).toBe(1);
    const delivered = (await http().get('/care/flags/F-review').set('Authorization', bearer.sheriff).expect(200)).body;
    expect(delivered).toMatchObject({ status: 'delivered', version: 1, notices: [{ status: 'delivered' }] });
    const names = (await inbox(bearer.firstSchool))
      .filter((notice) => notice.noticeId === delivered.notices[0].noticeId)
      .map((notice) => (notice.student as { firstName: string }).firstName);
    expect(names).toEqual(['Ella']);
  });

  it('revokes: the notice leaves the inbox, its personal data is purged, the audit trail stays; a correction replaces the notice', async () => {
    const { revoked } = CHILDREN;
    const first = await issue(flagFor(revoked, 'F-9')).expect(201);
    const again = await issue(flagFor(revoked, 'F-9')).expect(201);
    expect(again.body.notices).toEqual(first.body.notices);
    const corrected = await issue(flagFor(revoked, 'F-9', { expiresOn: localDay(3) })).expect(201);
    expect(corrected.body).toMatchObject({ version: 2, notices: [{ status: 'corrected' }, { status: 'delivered' }] });
    expect((await inbox(bearer.firstSchool)).filter((notice) => (notice.student as { firstName: string }).firstName === revoked.firstName)).toHaveLength(1);

    const response = await http().post('/care/flags/F-9/revoke').set('Authorization', bearer.sheriff).expect(200);
    expect(response.body).toMatchObject({ status: 'revoked', notices: [{ status: 'corrected' }, { status: 'revoked' }] });
    expect((await inbox(bearer.firstSchool)).map((notice) => (notice.student as { firstName: string }).firstName)).not.toContain(revoked.firstName);
    const stored = await dataSource.query(
      `SELECT first_name, last_surname, student_unique_id, closed_because FROM care_notice WHERE flag = (SELECT id FROM care_flag WHERE flag_id = 'F-9') ORDER BY id`,
    );
    expect(stored).toEqual([
      { first_name: null, last_surname: null, student_unique_id: null, closed_because: 'corrected' },
      { first_name: null, last_surname: null, student_unique_id: null, closed_because: 'revoked' },
    ]);
    expect(await dataSource.query(`SELECT kind FROM audit_entry WHERE subject = (SELECT 'care-flag:' || id FROM care_flag WHERE flag_id = 'F-9') ORDER BY id`)).toEqual([
      { kind: 'care-flag-received' },
      { kind: 'care-flag-received' },
      { kind: 'care-flag-revoked' },
    ]);
    await issue(flagFor(revoked, 'F-9', { expiresOn: localDay(4) })).expect(409);
  });

  it('lists the flags an agency’s organisation issued, newest first, by status and a page at a time; another agency sees none of them', async () => {
    const list = (query: string, as = bearer.sheriff) => http().get(`/care/flags${query}`).set('Authorization', as);
    const all = (await list('').expect(200)).body;
    expect(all).toMatchObject({ page: 1, pageSize: 20, total: all.flags.length });
    const flagIds: string[] = all.flags.map((flag: { flagId: string }) => flag.flagId);
    expect(flagIds).toEqual(expect.arrayContaining(['F-1', 'F-review', 'F-9']));
    expect(flagIds.indexOf('F-9')).toBeLessThan(flagIds.indexOf('F-1'));
    // What the agency sent, less the child's names and birth date, which the hub does not keep.
    expect(all.flags.find((flag: { flagId: string }) => flag.flagId === 'F-9')).toEqual({
      agencyId: SHERIFF,
      flagId: 'F-9',
      version: 2,
      status: 'revoked',
      localPersonId: 'CS-F-9',
      agencyType: 'law-enforcement',
      eventDate: localDay(0),
      expiresOn: localDay(3),
      receivedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(all)).not.toMatch(
      new RegExp(
        Object.values(CHILDREN)
          .flatMap((child) => [child.lastSurname, child.studentUniqueId, child.birthDate])
          .join('|'),
      ),
    );
    expect((await list('?status=revoked').expect(200)).body).toMatchObject({ total: 1, flags: [{ flagId: 'F-9' }] });
    expect((await list('?page=2').expect(200)).body).toEqual({ page: 2, pageSize: 20, total: all.total, flags: [] });
    expect((await list('', bearer.otherAgency).expect(200)).body).toEqual({ page: 1, pageSize: 20, total: 0, flags: [] });
    await list('?status=lost').expect(400);
    await list('?page=0').expect(400);
  });

  it('takes a closed notice off the Kafka topics that carried it: a tombstone follows its value on the school’s and the district’s compacted topics', async () => {
    const { body } = await issue(flagFor(CHILDREN.twinAva, 'F-tombstone')).expect(201);
    const noticeId: string = body.notices[0].noticeId;
    // Overdue for acknowledgement, so the sweep tells the district too.
    await dataSource.query(`UPDATE care_notice SET escalate_at = now() - interval '1 minute' WHERE id = $1`, [noticeId]);
    await new CareNoticeSweep(dataSource, new AuditLog(dataSource)).run(new Date());
    await http().post('/care/flags/F-tombstone/revoke').set('Authorization', bearer.sheriff).expect(200);
    await eventually(async () => expect(await dataSource.query(`SELECT id FROM care_notice_event WHERE notice_id = $1 AND published_at IS NULL`, [noticeId])).toEqual([]), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });

    const kafka = createKafka(testKafka(), 'care-tombstone-test', logger);
    const [school, district] = [careNoticeTopic(prefix, FIRST_SCHOOL), careNoticeTopic(prefix, String(CARE_DISTRICT.districtId))];
    const seen = new Set<string>();
    const events: Record<string, Array<string | null>> = { [school]: [], [district]: [] };
    const consumer = kafka.consumer({ groupId: `${prefix}care-tombstone-reader` });
    await consumer.connect();
    await consumer.subscribe({ topics: [school, district], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        // At least once: a redelivered event is the same event.
        if (String(message.key) !== noticeId || seen.has(message.headers['lantern.event.id'])) return;
        seen.add(message.headers['lantern.event.id']);
        events[topic].push(message.value === null ? null : JSON.parse(String(message.value)).type);
      },
    });
    try {
      await eventually(() => expect(events).toEqual({ [school]: ['issued', null], [district]: ['escalated', null] }), { timeoutMs: 60_000 });
    } finally {
      await consumer.disconnect();
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of [school, district]) expect(await admin.describeTopicConfigs(topic)).toMatchObject({ 'cleanup.policy': 'compact' });
    } finally {
      await admin.disconnect();
    }
  }, 180_000);

  it('keeps agencies’ flags and the dead letters on Kafka for a week, whatever the broker’s default', async () => {
    const topics = new HubTopics(registry, prefix);
    const admin = createKafka(testKafka(), 'care-retention-test', logger).admin();
    await admin.connect();
    try {
      for (const topic of [topics.topicFor('partner.careFlag'), topics.deadLetter]) {
        expect(await admin.describeTopicConfigs(topic)).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': String(7 * 86_400_000) });
      }
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a reader from another school, and a district reads its own schools’ notices', async () => {
    const { body } = await issue(flagFor(CHILDREN.twinElla, 'F-10')).expect(201);
    const noticeId = body.notices[0].noticeId;
    expect((await inbox(bearer.secondSchool)).map((notice) => notice.noticeId)).not.toContain(noticeId);
    expect((await inbox(bearer.noAgreementSchool)).map((notice) => notice.noticeId)).not.toContain(noticeId);
    await http().post(`/care/notices/${noticeId}/acknowledge`).set('Authorization', bearer.secondSchool).expect(404);
    await http().get('/care/inbox').set('Authorization', bearer.sheriff).expect(403);
    expect((await inbox(bearer.district)).map((notice) => notice.noticeId)).toContain(noticeId);
  });

  it('escalates an unacknowledged notice to the district contact, not an acknowledged one, and expiry empties the inbox', async () => {
    const acknowledged = (await issue(flagFor(CHILDREN.twinAva, 'F-11', { person: { localPersonId: 'CS-F-2' } })).expect(201)).body.notices[0];
    const waiting = (await issue(flagFor(CHILDREN.transferred, 'F-12', { person: { localPersonId: 'CS-F-1' } })).expect(201)).body.notices[0];
    const ack = await http().post(`/care/notices/${acknowledged.noticeId}/acknowledge`).set('Authorization', bearer.firstSchool).expect(200);
    expect(ack.body.acknowledgedAt).toEqual(expect.any(String));
    expect((await http().get('/care/flags/F-11').set('Authorization', bearer.sheriff).expect(200)).body.notices[0]).toMatchObject({ status: 'acknowledged' });

    // The worker sweeps with the time now; this sweep is told the instant to sweep at.
    const sweep = new CareNoticeSweep(dataSource, new AuditLog(dataSource));
    const [{ escalate_at }] = await dataSource.query(`SELECT escalate_at FROM care_notice WHERE id = $1`, [waiting.noticeId]);
    expect(await sweep.run(new Date(escalate_at.getTime() + 1_000))).toMatchObject({ escalated: expect.any(Number), expired: 0 });
    const [escalated] = (await inbox(bearer.district)).filter((notice) => notice.noticeId === waiting.noticeId);
    expect(escalated.escalatedAt).toEqual(expect.any(String));
    expect((await http().get('/care/flags/F-11').set('Authorization', bearer.sheriff).expect(200)).body.notices[0].escalatedAt).toBeNull();
    expect((await http().get('/care/flags/F-12').set('Authorization', bearer.sheriff).expect(200)).body.notices[0]).toMatchObject({ status: 'escalated' });

    const [{ expires_at }] = await dataSource.query(`SELECT max(expires_at) AS expires_at FROM care_notice`);
    expect((await sweep.run(new Date(expires_at.getTime() + 1_000))).expired).toBeGreaterThan(0);
    expect(await inbox(bearer.district)).toEqual([]);
    expect((await http().get('/care/flags/F-12').set('Authorization', bearer.sheriff).expect(200)).body.notices[0]).toMatchObject({ status: 'expired' });
    expect(await dataSource.query(`SELECT count(*)::int AS open FROM care_notice WHERE first_name IS NOT NULL`)).toEqual([{ open: 0 }]);
  });

  it('takes flags from the agencies’ Kafka topic and delivers notices onto the school’s topic', async () => {
    const kafka = createKafka(testKafka(), 'care-notices-test', logger);
    const producer = await connectProducer(kafka);
    const { viaKafka } = CHILDREN;
    const envelope = {
      contract: 'partner.careFlag',
      contractVersion: '1.0.0',
      operation: 'upsert',
      sourceSystem: 'county-sheriff.cad',
      eventTime: new Date().toISOString(),
      record: flagFor(viaKafka, 'K-1'),
    };
    try {
      await producer.send({ topic: new HubTopics(registry, prefix).topicFor('partner.careFlag'), messages: [{ key: 'K-1', value: JSON.stringify(envelope) }] });
      const notice = await eventually(
        async () => {
          const [found] = (await inbox(bearer.secondSchool)).filter((candidate) => (candidate.student as { firstName: string }).firstName === viaKafka.firstName);
          expect(found).toBeDefined();
          return found;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      // The school's topic exists once the notice's event is published.
      await eventually(async () => expect(await dataSource.query(`SELECT 1 FROM care_notice_event WHERE notice_id = $1 AND published_at IS NOT NULL`, [notice.noticeId])).toHaveLength(1), {
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      const consumer = kafka.consumer({ groupId: `${prefix}care-test-reader` });
      const received: Array<Record<string, unknown>> = [];
      await consumer.connect();
      await consumer.subscribe({ topics: [careNoticeTopic(prefix, SECOND_SCHOOL)], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(JSON.parse(String(message.value))) });
      try {
        await eventually(() => expect(received).toContainEqual(expect.objectContaining({ type: 'issued', noticeId: notice.noticeId, words: 'Handle with Care', student: notice.student })), {
          timeoutMs: 60_000,
        });
      } finally {
        await consumer.disconnect();
      }
      await producer.send({ topic: new HubTopics(registry, prefix).topicFor('partner.careFlag'), messages: [{ key: 'K-1', value: JSON.stringify({ ...envelope, operation: 'delete' }) }] });
      await eventually(async () => expect((await inbox(bearer.secondSchool)).map((candidate) => candidate.noticeId)).not.toContain(notice.noticeId), { timeoutMs: 60_000, intervalMs: 500 });
    } finally {
      await producer.disconnect();
    }
  }, 240_000);

  it('reports flags per district per month with small cells suppressed', async () => {
    const { body } = await http().get('/care/reports/flags-per-district-month').set('Authorization', bearer.steward).expect(200);
    expect(body.table).toMatchObject({
      rowLabels: [String(CARE_DISTRICT.districtId)],
      columnLabels: [localDay(0).slice(0, 7)],
      cells: [['*']],
      rowTotals: ['*'],
      columnTotals: ['*'],
      grandTotal: '*',
    });
    expect(JSON.stringify(body.table)).not.toMatch(/suppressions|primary|complementary/);
  });

  it('keeps a notice for the school days its agreement sets, not the hub default', async () => {
    const defaultLifetime = (await issue(flagFor(CHILDREN.twinAva, 'F-default-lifetime')).expect(201)).body.notices[0].expiresAt as string;
    await registerHandleWithCareAgreement(app, bearer.steward, handleWithCareTerms([String(NO_AGREEMENT_DISTRICT.districtId)], { careNoticeSchoolDays: 1 }));
    await issue(flagFor(CHILDREN.noAgreement, 'F-short')).expect(201);
    const [notice] = await inbox(bearer.noAgreementSchool);
    // One school day from now ends before ten school days from earlier today.
    expect(Date.parse(notice.expiresAt as string)).toBeLessThan(Date.parse(defaultLifetime));
    expect(Date.parse(notice.expiresAt as string) - Date.now()).toBeLessThan(4 * 86_400_000);
  });
  it('tells only the flagged child’s school when another source uses the same local id for a different child', async () => {
    const { transferred } = CHILDREN;
    // A charter network numbers its own students; its CARE-1001 is another child, at the first school.
    const charter = (envelope: Envelope) => ({ ...envelope, sourceSystem: 'charter-east.sis' });
    const topics = new HubTopics(registry, prefix);
    const producer = await connectProducer(createKafka(testKafka(), 'care-two-sources', logger));
    try {
      const ingest = createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 65536, logger }).processor;
      let offset = 1_000_000;
      for (const envelope of [
        charter(student(transferred.studentUniqueId, { firstName: 'Zainab', lastSurname: 'Haddad', birthDate: '2011-07-04' })),
        charter(enrolment(transferred.studentUniqueId, Number(FIRST_SCHOOL))),
      ]) {
        const message = { topic: topics.topicFor(envelope.contract), partition: 0, offset: String(offset++), key: null, headers: {}, value: Buffer.from(JSON.stringify(envelope)) };
        expect(await ingest.process([message])).toMatchObject({ stored: 1 });
      }
    } finally {
      await producer.disconnect();
    }
    const firstSchoolBefore = (await inbox(bearer.firstSchool)).length;
    const response = await issue(flagFor(transferred, 'F-same-local-id')).expect(201);
    expect(response.body.notices).toHaveLength(1);
    expect((await inbox(bearer.secondSchool)).map((notice) => notice.noticeId)).toContain(response.body.notices[0].noticeId);
    expect(await inbox(bearer.firstSchool)).toHaveLength(firstSchoolBefore);
  });
});
