import type { INestApplication } from '@nestjs/common';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { Role } from '@lantern/governance';
import { defaultIdentityModel } from '@lantern/identity';
import { createIngestPipeline, HubTopics, type IngestBatchProcessor } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type HubProducer } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { accessTokenFor, bearerFor, registerTestClient, testApiSettings } from '../access/testing/access-test-kit';
import { createApi } from '../create-api';
import { inboundMessagesOf } from '../testing/inbound-messages';

const registry = ContractRegistry.default();
const logger = createJsonLogger('identity-api-test', 'warn');

describe('identity stewardship API (real PostgreSQL and Kafka)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let producer: HubProducer;
  let app: INestApplication;
  let steward: string;
  let topics: HubTopics;
  let offset = 0;

  const newInstance = () => createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 65536, logger }).processor;
  const student = (sourceSystem: string, id: string, firstName: string, lastSurname: string, birthDate: string): Envelope => ({
    ...registry.readExample(registry.contract('edfi.student')),
    sourceSystem,
    eventTime: new Date(Date.UTC(2026, 0, 1) + offset * 1000).toISOString(),
    record: { studentUniqueId: id, firstName, lastSurname, birthDate },
  });
  const deliver = (processor: IngestBatchProcessor, envelopes: Envelope[]) => {
    const messages = inboundMessagesOf(topics, envelopes, offset);
    offset += envelopes.length;
    return processor.process(messages);
  };
  const api = () => request(app.getHttpServer());
  const sidOf = async (sourceSystem: string, localId: string) =>
    (await api().get('/identity/crosswalk').query({ sourceSystem, localId }).set('Authorization', steward).expect(200)).body.sid as string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    topics = new HubTopics(registry, prefix);
    const kafka = createKafka(testKafka(), 'identity-api-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest` }), logger);
    await app.init();
    steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await database?.drop();
  });

  it('shows an uncertain match side by side with its evidence, and accepting it merges the provisional SID', async () => {
    const ingest = newInstance();
    await deliver(ingest, [student('district-a', 'A-1', 'Elizabeth', 'Okafor', '2013-04-17')]);
    // Another given name, the same surname and birth date: a twin, or the same girl miswritten; a steward decides.
    await deliver(ingest, [student('district-b', 'B-7', 'Eleanor', 'Okafor', '2013-04-17')]);

    const reviews = (await api().get('/identity/reviews').set('Authorization', steward).expect(200)).body.reviews;
    expect(reviews).toHaveLength(1);
    const [review] = reviews;
    expect(review).toMatchObject({ reason: 'given_names_disagree', record: { sourceSystem: 'district-b', localId: 'B-7', person: { first_name: 'Eleanor' } } });
    const elizabeth = await sidOf('district-a', 'A-1');
    expect(review.candidates[0]).toMatchObject({ sid: elizabeth, records: [{ sourceSystem: 'district-a', localId: 'A-1', person: expect.objectContaining({ first_name: 'Elizabeth' }) }] });
    expect(review.candidates[0].evidence.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['given_name', 'birth_date']));
    // The waterfall a steward reads: the prior, then each comparison with its level and weight, a running total, the score.
    const { explanation } = review.candidates[0];
    expect(explanation.steps.slice(0, 3)).toEqual([
      expect.objectContaining({ field: 'prior', level: 'prior', total: explanation.steps[0].weight }),
      expect.objectContaining({ field: 'given_name', level: 'different' }),
      expect.objectContaining({ field: 'surname', level: 'exact' }),
    ]);
    explanation.steps.reduce((total: number, step: { weight: number; total: number }) => {
      expect(step.total).toBeCloseTo(total + step.weight, 2);
      return step.total;
    }, 0);
    expect(explanation.score).toBeCloseTo(review.candidates[0].score, 1);
    expect(explanation.probability).toBeGreaterThan(0);
    expect(explanation.probability).toBeLessThan(1);

    const merged = await api().post(`/identity/reviews/${review.id}/accept`).send({ sid: elizabeth }).set('Authorization', steward).expect(200);
    expect(merged.body).toMatchObject({ type: 'merge', survivor: elizabeth, retired: review.record.provisionalSid });
    expect(await sidOf('district-b', 'B-7')).toBe(elizabeth);
    expect((await api().get('/identity/reviews').set('Authorization', steward).expect(200)).body).toMatchObject({ reviews: [], total: 0, nextAfterId: null, sourceSystems: [] });
    await api().post(`/identity/reviews/${review.id}/accept`).send({ sid: elizabeth }).set('Authorization', steward).expect(409);
    const records = (await api().get(`/identity/sids/${elizabeth}/records`).set('Authorization', steward).expect(200)).body.records;
    expect(records.map((r: { sourceSystem: string }) => r.sourceSystem).sort()).toEqual(['district-a', 'district-b']);
  });

  it('audits each steward read of a SID’s records: who, which SID, how many, never the records', async () => {
    await deliver(newInstance(), [student('district-a', 'A-31', 'Imani', 'Ferreira', '2013-10-05')]);
    const sid = await sidOf('district-a', 'A-31');
    const reader = await registerTestClient(dataSource, Role.Steward, 'sea');
    await api()
      .get(`/identity/sids/${sid}/records`)
      .set('Authorization', `Bearer ${await accessTokenFor(app, reader)}`)
      .expect(200);
    const entries = await dataSource.query(`SELECT kind, subject, details FROM audit_entry WHERE actor = $1 AND kind <> 'login'`, [reader.clientId]);
    expect(entries).toEqual([{ kind: 'record-read', subject: sid, details: { records: 1 } }]);
    expect(JSON.stringify(entries)).not.toMatch(/Imani|Ferreira|A-31/);
  });

  it('audits each read of the review queue: who, and whose SIDs it showed, never their names', async () => {
    const ingest = newInstance();
    await deliver(ingest, [student('district-a', 'A-41', 'Soraya', 'Lindqvist', '2011-06-19')]);
    await deliver(ingest, [student('district-c', 'C-41', 'Ingrid', 'Lindqvist', '2011-06-19')]);
    const reader = await registerTestClient(dataSource, Role.Steward, 'sea');
    const reviews = (
      await api()
        .get('/identity/reviews')
        .set('Authorization', `Bearer ${await accessTokenFor(app, reader)}`)
        .expect(200)
    ).body.reviews;
    const shown = reviews.find((review: { record: { localId: string } }) => review.record.localId === 'C-41');
    const [entry] = await dataSource.query(`SELECT kind, details FROM audit_entry WHERE actor = $1 AND kind <> 'login'`, [reader.clientId]);
    expect(entry).toMatchObject({ kind: 'record-read', details: { reviews: reviews.length } });
    expect(entry.details.sids).toEqual(expect.arrayContaining([shown.record.provisionalSid, ...shown.candidates.map((candidate: { sid: string }) => candidate.sid)]));
    expect(JSON.stringify(entry)).not.toMatch(/Soraya|Ingrid|Lindqvist/);
  });

  it('remembers a rejected review: the record keeps its own SID and is never linked to the candidate automatically', async () => {
    const ingest = newInstance();
    await deliver(ingest, [student('district-a', 'A-2', 'Jonathan', 'Haddad', '2012-02-03')]);
    await deliver(ingest, [student('district-c', 'C-3', 'Matthias', 'Haddad', '2012-02-03')]);
    const review = (await api().get('/identity/reviews').set('Authorization', steward).expect(200)).body.reviews.find(
      (open: { record: { localId: string } }) => open.record.localId === 'C-3',
    );
    await api().post(`/identity/reviews/${review.id}/reject`).set('Authorization', steward).expect(200);
    const jonathan = await sidOf('district-a', 'A-2');
    expect(await sidOf('district-c', 'C-3')).not.toBe(jonathan);

    // Another instance, rebuilt after the decision, still keeps them apart.
    await deliver(newInstance(), [student('district-c', 'C-3', 'Matthias', 'Haddad', '2012-02-03')]);
    expect(await sidOf('district-c', 'C-3')).toBe(review.record.provisionalSid);
  });

  it('pages the open queue oldest first, filtered by the source system that sent the record', async () => {
    const ingest = newInstance();
    await deliver(ingest, [
      student('district-p', 'P-1', 'Farida', 'Oyelaran', '2012-05-09'),
      student('district-p', 'P-2', 'Tomasz', 'Wieczorek', '2013-11-23'),
      student('district-p', 'P-3', 'Ayasha', 'Redcloud', '2011-08-14'),
    ]);
    await deliver(ingest, [student('district-q', 'Q-1', 'Funmilayo', 'Oyelaran', '2012-05-09')]);
    await deliver(ingest, [student('district-q', 'Q-2', 'Kacper', 'Wieczorek', '2013-11-23')]);
    await deliver(ingest, [student('district-r', 'R-3', 'Aiyana', 'Redcloud', '2011-08-14')]);
    const page = async (query: Record<string, string | number>) => (await api().get('/identity/reviews').query(query).set('Authorization', steward).expect(200)).body;

    const first = await page({ sourceSystem: 'district-q', limit: 1 });
    expect(first.reviews.map((review: { record: { localId: string } }) => review.record.localId)).toEqual(['Q-1']);
    expect(first).toMatchObject({ total: 2, nextAfterId: first.reviews[0].id });
    expect(first.sourceSystems).toEqual(
      expect.arrayContaining([
        { sourceSystem: 'district-q', open: 2 },
        { sourceSystem: 'district-r', open: 1 },
      ]),
    );
    const second = await page({ sourceSystem: 'district-q', limit: 1, afterId: first.nextAfterId });
    expect(second.reviews.map((review: { record: { localId: string } }) => review.record.localId)).toEqual(['Q-2']);
    expect(second).toMatchObject({ total: 2, nextAfterId: null });
    expect((await page({ sourceSystem: 'district-r' })).reviews.map((review: { record: { localId: string } }) => review.record.localId)).toEqual(['R-3']);
    expect(await page({ sourceSystem: 'no-such-source' })).toMatchObject({ reviews: [], total: 0, nextAfterId: null });

    for (const query of [{ limit: 0 }, { limit: 101 }, { afterId: 'x' }]) await api().get('/identity/reviews').query(query).set('Authorization', steward).expect(400);
  });

  it('shows one review with the model whose decision opened it and that model’s thresholds, and once decided, who decided it', async () => {
    const ingest = newInstance();
    await deliver(ingest, [student('district-a', 'A-51', 'Marisol', 'Quispe', '2012-12-01')]);
    await deliver(ingest, [student('district-s', 'S-51', 'Valentina', 'Quispe', '2012-12-01')]);
    const { reviews } = (await api().get('/identity/reviews').query({ sourceSystem: 'district-s' }).set('Authorization', steward).expect(200)).body;
    const reader = await registerTestClient(dataSource, Role.Steward, 'sea');
    const readAs = async (id: number) =>
      (
        await api()
          .get(`/identity/reviews/${id}`)
          .set('Authorization', `Bearer ${await accessTokenFor(app, reader)}`)
          .expect(200)
      ).body;

    const open = await readAs(reviews[0].id);
    const shipped = defaultIdentityModel();
    expect(open).toMatchObject({
      id: reviews[0].id,
      status: 'open',
      decidedBy: null,
      record: { sourceSystem: 'district-s', localId: 'S-51', person: expect.objectContaining({ first_name: 'Valentina' }) },
      candidates: [{ sid: await sidOf('district-a', 'A-51'), records: [{ sourceSystem: 'district-a', localId: 'A-51', person: expect.objectContaining({ first_name: 'Marisol' }) }] }],
      model: { modelId: shipped.id, version: null, thresholds: { link: shipped.thresholds.link, review: shipped.thresholds.review } },
    });
    const [entry] = await dataSource.query(`SELECT kind, subject, details FROM audit_entry WHERE actor = $1 AND kind <> 'login'`, [reader.clientId]);
    expect(entry).toEqual({ kind: 'record-read', subject: `identity review ${open.id}`, details: { reviews: 1, sids: [open.record.provisionalSid, open.candidates[0].sid] } });

    await api().post(`/identity/reviews/${open.id}/reject`).set('Authorization', steward).expect(200);
    expect(await readAs(open.id)).toMatchObject({ status: 'rejected', decidedBy: expect.stringMatching(/.+/), decidedAt: expect.any(String) });
    await api().get('/identity/reviews/424242').set('Authorization', steward).expect(404);
    await api().get('/identity/reviews/first').set('Authorization', steward).expect(400);
  });

  it('merges two SIDs and splits them again, restoring the retired SID', async () => {
    const ingest = newInstance();
    await deliver(ingest, [student('district-a', 'A-8', 'Noor', 'Castillo', '2014-01-29'), student('district-d', 'D-8', 'Amara', 'Kowalski', '2011-06-30')]);
    const noor = await sidOf('district-a', 'A-8');
    const amara = await sidOf('district-d', 'D-8');

    const merged = await api().post('/identity/merges').send({ survivor: noor, retired: amara }).set('Authorization', steward).expect(200);
    expect(merged.body.records).toEqual([{ sourceSystem: 'district-d', localId: 'D-8' }]);
    expect(await sidOf('district-d', 'D-8')).toBe(noor);
    // The retired SID holds no records any more: merging it again finds nothing to move.
    await api().post('/identity/merges').send({ survivor: noor, retired: amara }).set('Authorization', steward).expect(404);

    const split = await api()
      .post('/identity/splits')
      .send({ sid: noor, records: [{ sourceSystem: 'district-d', localId: 'D-8' }] })
      .set('Authorization', steward)
      .expect(200);
    expect(split.body.parts[1]).toMatchObject({ sid: amara, restored: true });
    expect(await sidOf('district-d', 'D-8')).toBe(amara);
    expect(await sidOf('district-a', 'A-8')).toBe(noor);

    const [audited] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE kind IN ('identity-merge', 'identity-split')`);
    expect(audited.n).toBeGreaterThanOrEqual(3);
  });

  it('previews a merge and a split without changing anything, by the rule the merge and split then follow', async () => {
    const ingest = newInstance();
    await deliver(ingest, [
      student('district-a', 'A-9', 'Yusra', 'Haddad', '2013-02-11'),
      student('district-d', 'D-9', 'Tomasz', 'Wojcik', '2010-12-03'),
      student('district-d', 'D-10', 'Keanu', 'Alapai', '2012-05-17'),
    ]);
    const [yusra, tomasz, keanu] = [await sidOf('district-a', 'A-9'), await sidOf('district-d', 'D-9'), await sidOf('district-d', 'D-10')];
    const crosswalkOf = async (sid: string) => (await api().get(`/identity/sids/${sid}/crosswalk`).set('Authorization', steward).expect(200)).body.records as Array<{ localId: string }>;
    const localIds = (records: Array<{ localId: string }>) => records.map((record) => record.localId);
    await api().post('/identity/merges').send({ survivor: yusra, retired: keanu }).set('Authorization', steward).expect(200);

    // Merging Tomasz into Yusra: his record would move; Keanu's SID, merged before, would lead to Yusra too. Nothing moves yet.
    const mergePreview = await api().post('/identity/merges/preview').send({ survivor: tomasz, retired: yusra }).set('Authorization', steward).expect(200);
    expect(localIds(mergePreview.body.moving)).toEqual(['A-9', 'D-10']);
    expect(localIds(mergePreview.body.staying)).toEqual(['D-9']);
    expect(mergePreview.body.redirected).toEqual([keanu]);
    expect(mergePreview.body.moving[0].person).toMatchObject({ first_name: 'Yusra' });
    expect(localIds(await crosswalkOf(yusra))).toEqual(['A-9', 'D-10']);
    expect(localIds(await crosswalkOf(tomasz))).toEqual(['D-9']);

    // Splitting Keanu's record off Yusra's SID would give him back the SID the merge retired; one that never had its own SID gets a new one.
    const back = await api()
      .post('/identity/splits/preview')
      .send({ sid: yusra, records: [{ sourceSystem: 'district-d', localId: 'D-10' }] })
      .set('Authorization', steward)
      .expect(200);
    expect(back.body).toMatchObject({ sid: yusra, target: { kind: 'restored', sid: keanu } });
    expect([localIds(back.body.moving), localIds(back.body.staying)]).toEqual([['D-10'], ['A-9']]);
    const fresh = await api()
      .post('/identity/splits/preview')
      .send({ sid: yusra, records: [{ sourceSystem: 'district-a', localId: 'A-9' }] })
      .set('Authorization', steward)
      .expect(200);
    expect(fresh.body.target).toEqual({ kind: 'new', sid: null });
    expect(localIds(await crosswalkOf(yusra))).toEqual(['A-9', 'D-10']);
    await api().get(`/identity/sids/${keanu}/crosswalk`).set('Authorization', steward).expect(404);

    // The preview refuses what the split refuses, with the same problem.
    const refusals = [
      {
        sid: yusra,
        records: [
          { sourceSystem: 'district-a', localId: 'A-9' },
          { sourceSystem: 'district-d', localId: 'D-10' },
        ],
      },
      { sid: yusra, records: [{ sourceSystem: 'district-d', localId: 'D-9' }] },
      { sid: '123', records: [{ sourceSystem: 'district-d', localId: 'D-9' }] },
    ];
    for (const body of refusals) {
      const previewed = await api().post('/identity/splits/preview').send(body).set('Authorization', steward);
      const split = await api().post('/identity/splits').send(body).set('Authorization', steward);
      expect([previewed.status, previewed.body.detail]).toEqual([split.status, split.body.detail]);
    }
    expect((await api().post('/identity/merges/preview').send({ survivor: yusra, retired: yusra }).set('Authorization', steward).expect(409)).body.detail).toContain('merged into itself');

    // The split does what its preview said.
    const split = await api()
      .post('/identity/splits')
      .send({ sid: yusra, records: [{ sourceSystem: 'district-d', localId: 'D-10' }] })
      .set('Authorization', steward)
      .expect(200);
    expect(split.body.parts[1]).toEqual({ sid: keanu, restored: true, records: [{ sourceSystem: 'district-d', localId: 'D-10' }] });
    expect(localIds(await crosswalkOf(keanu))).toEqual(['D-10']);

    const [audited] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE kind = 'record-read' AND subject IN ('identity merge preview', 'identity split preview')`);
    expect(audited.n).toBeGreaterThanOrEqual(3);
  });

  it('refuses malformed decisions with problem details', async () => {
    const response = await api().post('/identity/merges').send({ survivor: '123', retired: 'x' }).set('Authorization', steward).expect(400);
    expect(response.body.detail).toContain('survivor must be a valid SID');
  });
});
