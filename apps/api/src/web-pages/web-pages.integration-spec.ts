import type { INestApplication } from '@nestjs/common';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testApiSettings } from '../access/testing/access-test-kit';
import { createApi } from '../create-api';

const logger = createJsonLogger('web-pages-test', 'error');
const INDEX = '<!doctype html><html lang="en"><title>Lantern</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></html>';

describe('the public web pages served by the API at / (real API and PostgreSQL)', () => {
  let database: MigratedTestDatabase;
  let build: string;
  let app: INestApplication;
  const get = (url: string) => request(app.getHttpServer()).get(url);

  beforeAll(async () => {
    // A web app build as Vite lays it out: index.html, and content-hashed files under assets/.
    build = mkdtempSync(path.join(tmpdir(), 'lantern-web-'));
    mkdirSync(path.join(build, 'assets'));
    writeFileSync(path.join(build, 'index.html'), INDEX);
    writeFileSync(path.join(build, 'assets', 'index-Ab12Cd34.js'), 'console.log("pages")');
    database = await createMigratedTestDatabase();
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: testTopicPrefix(), API_WEB_ROOT: build }), logger);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    rmSync(build, { recursive: true, force: true });
  });

  it.each([
    '/',
    '/schools',
    '/schools?q=grand',
    '/schools/255901001',
    '/districts/255901',
    '/state',
    '/state?year=2024',
    '/compare?schools=255901001,255902001',
    '/console',
    '/console/staff',
    '/console/reviews',
    '/console/sids',
    '/console/care-flags/flag-1',
  ])('answers the page %s with index.html, revalidated on every visit', async (url) => {
    const page = await get(url).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).toBe(INDEX);
  });

  it('lets caches keep the hashed assets for a year, and answers a missing asset 404, not with the page', async () => {
    const asset = await get('/assets/index-Ab12Cd34.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.text).toBe('console.log("pages")');
    await get('/assets/index-gone.js').expect(404);
  });

  it('leaves the API alone: its routes, /docs, and its 404 for a path no route has', async () => {
    expect((await get('/health/live').expect(200)).headers['content-type']).toContain('application/json');
    expect((await get('/public/schools').expect(200)).body).toMatchObject({ page: 1, schools: [] });
    expect((await get('/docs').expect(200)).text).toContain('swagger');
    const missing = await get('/k12/nothing-here').expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    await get('/schools/1/more').expect(404);
    await get('/compare/255901001').expect(404);
    // The console's people are an API route (not served here: no identity provider is configured), never the page.
    expect((await get('/console/people').expect(404)).headers['content-type']).toContain('application/problem+json');
    await get('/console/nothing-here').expect(404);
  });
});
