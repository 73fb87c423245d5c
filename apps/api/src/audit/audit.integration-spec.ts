import type { INestApplication } from '@nestjs/common';
import { AUDIT_CHECKPOINT_TOPIC, AUDIT_CHECKPOINT_TOPIC_SPEC, AuditCheckpointSigner, AuditLog, checkpointKeyId } from '@lantern/audit';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { connectProducer, createKafka, ensureTopics } from '@lantern/kafka';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { createApi } from '../create-api';

const logger = createJsonLogger('audit-api-test', 'error');

describe('audit chain verification API', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let steward: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest` }), logger);
    await app.init();
    steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
    const auditLog = new AuditLog(dataSource);
    for (const subject of ['agreement:a', 'agreement:b', 'agreement:c']) await auditLog.append({ kind: 'agreement-change', actor: 'cl-steward-1', subject, details: { change: 'drafted' } });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const verify = () => request(app.getHttpServer()).post('/audit/verification').set('Authorization', steward);

  it('answers that the chain is intact, how many entries it checked and its head, and audits each run', async () => {
    const [{ count, head }] = await dataSource.query('SELECT count(*)::int AS count, max(id)::text AS head FROM audit_entry');
    const first = (await verify().expect(200)).body;
    expect(first).toMatchObject({ intact: true, entriesChecked: count, head: { id: head }, firstBreak: null });
    const second = (await verify().expect(200)).body;
    expect(second.entriesChecked).toBe(count + 1);
    const [audited] = await dataSource.query(`SELECT details FROM audit_entry WHERE kind = 'audit-verification' ORDER BY id LIMIT 1`);
    expect(audited.details).toMatchObject({ intact: true, entriesChecked: count, headId: head });
  });

  it('lists recent entries newest first, a page at a time, filtered by kind, without their subjects or details', async () => {
    const auditLog = new AuditLog(dataSource);
    for (let n = 0; n < 51; n++) await auditLog.append({ kind: 'record-read', actor: 'cl-steward-2', subject: '20000000017', details: { records: n } });
    const entries = (query: Record<string, string>) => request(app.getHttpServer()).get('/audit/entries').query(query).set('Authorization', steward);
    const [{ newest }] = await dataSource.query(`SELECT max(id)::text AS newest FROM audit_entry`);

    const first = (await entries({}).expect(200)).body;
    expect(first).toMatchObject({ page: 1, pageSize: 50, nextPage: 2, kind: null });
    expect(first.kinds).toContain('audit-verification');
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0]).toEqual({ id: newest, kind: 'record-read', actor: 'cl-steward-2', recordedAt: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(first)).not.toContain('20000000017');
    const ids = first.entries.map((entry: { id: string }) => Number(entry.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const second = (await entries({ page: '2' }).expect(200)).body;
    expect(Number(second.entries[0].id)).toBe(ids[49] - 1);
    const changes = (await entries({ kind: 'agreement-change' }).expect(200)).body;
    expect(changes).toMatchObject({ kind: 'agreement-change', nextPage: null });
    expect(changes.entries.map((entry: { kind: string }) => entry.kind)).toEqual(['agreement-change', 'agreement-change', 'agreement-change']);

    expect((await entries({ kind: 'gossip' }).expect(400)).body.detail).toContain('kind must be one of');
    await entries({ page: '0' }).expect(400);
  });

  it('names the first entry whose fields were changed after it was written', async () => {
    const [{ id }] = await dataSource.query(`SELECT id::text FROM audit_entry WHERE subject = 'agreement:b'`);
    const [{ before }] = await dataSource.query('SELECT count(*)::int AS before FROM audit_entry WHERE id < $1', [id]);
    // Only the table's owner, with the append-only trigger switched off, can do this.
    await database.owner.transaction(async (manager) => {
      await manager.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
      await manager.query(`UPDATE audit_entry SET details = '{"change":"terminated"}' WHERE id = $1`, [id]);
      await manager.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    });
    expect((await verify().expect(200)).body).toMatchObject({ intact: false, entriesChecked: before, head: null, firstBreak: { entryId: id, problem: 'altered' } });
  });
});

describe('audit verification held to the signed checkpoints (real PostgreSQL and Kafka)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let steward: string;
  const prefix = testTopicPrefix();
  const topic = prefix + AUDIT_CHECKPOINT_TOPIC;
  const kafka = createKafka(testKafka(), 'audit-api-checkpoints-test');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = new AuditCheckpointSigner(privateKey);

  const head = async () => (await dataSource.query('SELECT id::text AS id, hash FROM audit_entry ORDER BY id DESC LIMIT 1'))[0] as { id: string; hash: string };
  const publish = async (from: AuditCheckpointSigner, checkpoint: { seq: string; hash: string; at: string }) => {
    const producer = await connectProducer(kafka);
    try {
      await producer.send({ topic, messages: [from.message(checkpoint)] });
    } finally {
      await producer.disconnect();
    }
  };
  const verify = async () => (await request(app.getHttpServer()).post('/audit/verification').set('Authorization', steward).expect(200)).body;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    await ensureTopics(kafka, [{ topic, ...AUDIT_CHECKPOINT_TOPIC_SPEC, configs: { ...AUDIT_CHECKPOINT_TOPIC_SPEC.configs } }]);
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    app = await createApi(
      testApiSettings({
        DATABASE_URL: database.url,
        ...testKafkaEnvironment(),
        LANTERN_TOPIC_PREFIX: prefix,
        INGEST_GROUP_ID: `${prefix}ingest`,
        LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM: publicKeyPem,
      }),
      logger,
    );
    await app.init();
    steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('refuses at start-up a checkpoint key that is not an Ed25519 public key, without quoting it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const settingsWith = (key: string) => () => testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM: key });
    expect(settingsWith(rsa)).toThrow(/^Invalid configuration: LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM must be an Ed25519 public key$/);
    expect(settingsWith('not a key')).toThrow(/^Invalid configuration: LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM must be a PEM public key \(Ed25519; [^)]*\)$/);
  });

  it('says when no checkpoint signed by the key is on the topic: that is no evidence', async () => {
    const body = await verify();
    expect(body).toMatchObject({ intact: true, checkpoints: { topic, keyId: checkpointKeyId(publicKey), signed: 0, latest: null } });
    expect(body.checkpoints.problems).toEqual([`${topic} holds no checkpoint signed by that key; is a worker running with that key?`]);
  });

  it('holds the chain to every signed checkpoint, names the latest and that the log holds it, and names a message another key signed', async () => {
    const checkpointed = await head();
    await publish(signer, { seq: checkpointed.id, hash: checkpointed.hash, at: new Date().toISOString() });
    const forger = AuditCheckpointSigner.ephemeral();
    await publish(forger, { seq: checkpointed.id, hash: checkpointed.hash, at: new Date().toISOString() });

    const body = await verify();
    expect(body).toMatchObject({ intact: true, checkpoints: { signed: 1, latest: { seq: checkpointed.id, hash: checkpointed.hash, held: true } } });
    expect(body.checkpoints.problems).toEqual([
      `the message at offset 1 of ${topic} (entry ${checkpointed.id}) is not signed by the trusted checkpoint key ${checkpointKeyId(publicKey)} (it names key ${forger.keyId})`,
    ]);
    const [audited] = await dataSource.query(`SELECT details FROM audit_entry WHERE kind = 'audit-verification' ORDER BY id DESC LIMIT 1`);
    expect(audited.details.checkpoints).toEqual({ signed: 1, latestSeq: checkpointed.id, held: true, problems: 1 });
  });

  it('breaks when the log no longer holds a signed checkpoint: entries cut off after it was signed', async () => {
    // A checkpoint of an entry past the log's end, as if the entries after the last one were cut.
    const last = await head();
    const beyond = String(Number(last.id) + 5);
    await publish(signer, { seq: beyond, hash: 'a'.repeat(64), at: new Date().toISOString() });
    const body = await verify();
    expect(body).toMatchObject({ intact: false, firstBreak: { problem: 'cut', entryId: beyond }, checkpoints: { signed: 2, latest: { seq: beyond, held: false } } });
  });
});
