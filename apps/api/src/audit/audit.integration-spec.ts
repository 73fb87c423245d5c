import type { INestApplication } from '@nestjs/common';
import { AuditLog } from '@lantern/audit';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
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
