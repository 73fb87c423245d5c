import type { INestApplication } from '@nestjs/common';
import { generateCertificateAuthority } from '@lantern/access';
import { verifyPackage } from '@lantern/extracts';
import { PURPOSES, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import {
  createMigratedTestDatabase,
  eventually,
  type HubServiceProcess,
  type MigratedTestDatabase,
  seedLinkedPopulation,
  startHubWorker,
  testKafkaEnvironment,
  testTopicPrefix,
} from '@lantern/test-environment';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { accessTokenFor, bearerFor, registerTestClient, testApiSettings, type TestClient } from '../access/testing/access-test-kit';
import { clientKeyAndCsr } from '../access/testing/tls-test-kit';
import { inForceForAYear, STATE_EDUCATION } from '../access/testing/agreement-fixtures';
import { createApi } from '../create-api';

const logger = createJsonLogger('extracts-api-test', 'error');
const UNIVERSITY = 'univ-policy-lab';

const researchTerms = () => ({
  title: 'Which school experiences predict growth',
  parties: [
    { organizationId: STATE_EDUCATION, roles: ['contributor'] },
    { organizationId: UNIVERSITY, roles: ['recipient'] },
  ],
  purpose: { code: PURPOSES.research, description: 'Growth of the same students over years' },
  legalBases: [{ kind: 'ferpa-studies' }],
  elements: [
    { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
    { domain: 'edfi.studentSchoolAssociation', element: 'schoolReference', granularity: 'as-recorded' },
    { domain: 'edfi.studentAssessment', element: 'scoreResults', granularity: 'as-recorded' },
  ],
  population: { kind: 'statewide' },
  linkagePermitted: true,
  outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
  ...inForceForAYear(),
});

describe('research extracts through the API', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  /** The hub's worker, as its own process: it builds approved requests. */
  let worker: HubServiceProcess;
  let packages: string;
  let steward: string;
  let researcher: string;
  let researcherClient: TestClient;
  let otherResearcher: string;
  let agreementId: string;
  let districts: number[];

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    ({ districts } = await seedLinkedPopulation(dataSource, 240));
    packages = await mkdtemp(path.join(tmpdir(), 'lantern-api-extracts-'));
    const prefix = testTopicPrefix();
    // One hub CA for both: the API serves its certificate, the worker signs packages with it.
    const ca = generateCertificateAuthority('Extracts test hub CA');
    const hubCa = { LANTERN_CA_CERT_PEM: ca.certificatePem, LANTERN_CA_KEY_PEM: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest`, ...hubCa }), logger);
    await app.init();
    worker = await startHubWorker(
      // Throwaway keys only for what the test does not configure: the audit checkpoint key.
      { DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, EXTRACT_PACKAGE_DIR: packages, LANTERN_DEV_EPHEMERAL_KEYS: 'true', ...hubCa },
      `extracts-test-worker-${prefix}`,
    );
    steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
    researcherClient = await registerTestClient(dataSource, Role.Researcher, UNIVERSITY);
    researcher = `Bearer ${await accessTokenFor(app, researcherClient)}`;
    otherResearcher = await bearerFor(app, dataSource, Role.Researcher, 'univ-elsewhere');
    const { body } = await http().post('/agreements').set('Authorization', steward).send(researchTerms()).expect(201);
    agreementId = body.id;
    await http().post(`/agreements/${agreementId}/versions/1/approvals`).set('Authorization', steward).send({ organizationId: STATE_EDUCATION }).expect(201);
  });

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await database?.drop();
    if (packages) await rm(packages, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());
  const submitProject = async () =>
    (
      await http()
        .post('/research/projects')
        .set('Authorization', researcher)
        .send({
          title: 'Growth',
          questions: ['Which school experiences predict growth?'],
          institution: 'State University',
          teamMembers: [{ name: 'A. Researcher', role: 'PI' }],
          irbReference: 'IRB-2026-44',
          agreementId,
        })
        .expect(201)
    ).body;
  const submitRequest = async (projectId: string, elements: string[]) =>
    (
      await http()
        .post(`/research/projects/${projectId}/extract-requests`)
        .set('Authorization', researcher)
        .send({ cohort: { districts }, elements, timeSpan: { from: '2025-07-01', to: '2026-06-30' } })
        .expect(201)
    ).body;

  it('takes a request from submission through review, asynchronous build and download to a package that verifies', async () => {
    const project = await submitProject();
    const submitted = await submitRequest(project.id, ['edfi.student.birthDate', 'edfi.studentSchoolAssociation.schoolReference', 'edfi.studentAssessment.scoreResults']);
    expect(submitted).toMatchObject({ status: 'submitted', projectId: project.id });
    const review = await http().get(`/research/extract-requests/${submitted.id}/policy-review`).set('Authorization', steward).expect(200);
    expect(review.body).toMatchObject({ decision: 'allow', agreementId, outputRules: { k: 11 } });
    await http().post(`/research/extract-requests/${submitted.id}/approve`).set('Authorization', steward).send({}).expect(200);

    const ready = await eventually(
      async () => {
        const { body } = await http().get(`/research/extract-requests/${submitted.id}`).set('Authorization', researcher).expect(200);
        expect(body.status).toBe('ready');
        return body;
      },
      { timeoutMs: 60_000 },
    );
    expect(ready).toMatchObject({ progress: { phase: 'ready', cohort: 240 }, agreement: { id: agreementId, inForce: true, expiresAt: expect.any(String), destroyBy: expect.any(String) } });

    const download = await http().get(`/research/extract-requests/${submitted.id}/package`).set('Authorization', researcher).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-type']).toBe('application/x-tar');
    const archive = path.join(packages, 'downloaded.tar');
    await writeFile(archive, download.body as Buffer);
    const { body: certificate } = await http().get('/research/signing-certificate').set('Authorization', researcher).expect(200);
    const verification = await verifyPackage(archive, certificate.certificatePem);
    expect(verification.problems).toEqual([]);
    expect(verification.verifiedFiles).toEqual(expect.arrayContaining(['persons.csv', 'edfi.studentAssessment.csv', 'disclosure-report.md']));

    const { body: disclosures } = await http().get(`/disclosures/organizations/${UNIVERSITY}`).set('Authorization', steward).expect(200);
    expect(disclosures.disclosures[0]).toMatchObject({ purpose: { code: 'research' }, agreement: { id: agreementId }, studentCount: verification.manifest?.releasedPeople });
  });

  /** A package built for a fresh project and request, approved as submitted. */
  async function readyRequest(): Promise<string> {
    const project = await submitProject();
    const { id } = await submitRequest(project.id, ['edfi.student.birthDate', 'edfi.studentAssessment.scoreResults']);
    await http().post(`/research/extract-requests/${id}/approve`).set('Authorization', steward).send({}).expect(200);
    await eventually(async () => expect((await http().get(`/research/extract-requests/${id}`).set('Authorization', researcher).expect(200)).body.status).toBe('ready'), {
      timeoutMs: 60_000,
    });
    return id;
  }

  const binary = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  };

  it('encrypts the package to the researcher’s own hub-issued certificate, which only its key opens', async () => {
    const requestId = await readyRequest();
    const { privateKeyPem, csrPem } = clientKeyAndCsr();
    const issued = await http().post(`/clients/${researcherClient.clientId}/certificates`).set('Authorization', steward).send({ csrPem, validityDays: 30 }).expect(201);
    const other = await http()
      .post(`/clients/${(await registerTestClient(dataSource, Role.Researcher, UNIVERSITY)).clientId}/certificates`)
      .set('Authorization', steward)
      .send({ csrPem: clientKeyAndCsr().csrPem })
      .expect(201);
    const before = (await http().get(`/disclosures/organizations/${UNIVERSITY}`).set('Authorization', steward).expect(200)).body.disclosures.length;

    const refused = await http()
      .post(`/research/extract-requests/${requestId}/package/encrypted`)
      .set('Authorization', researcher)
      .send({ certificatePem: other.body.certificatePem })
      .expect(400);
    expect(refused.body.detail).toContain('not a current certificate the hub issued to your client');
    expect((await http().get(`/disclosures/organizations/${UNIVERSITY}`).set('Authorization', steward).expect(200)).body.disclosures).toHaveLength(before);

    const download = await http()
      .post(`/research/extract-requests/${requestId}/package/encrypted`)
      .set('Authorization', researcher)
      .send({ certificatePem: issued.body.certificatePem })
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(download.headers['content-type']).toContain('application/pkcs7-mime');
    const [enveloped, key, archive] = ['package.tar.p7m', 'key.pem', 'package.tar'].map((name) => path.join(packages, `${requestId}-${name}`));
    await writeFile(enveloped, download.body as Buffer);
    await writeFile(key, privateKeyPem);
    execFileSync('openssl', ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', enveloped, '-inkey', key, '-out', archive]);
    const { body: certificate } = await http().get('/research/signing-certificate').set('Authorization', researcher).expect(200);
    expect((await verifyPackage(archive, certificate.certificatePem)).problems).toEqual([]);
    expect((await http().get(`/disclosures/organizations/${UNIVERSITY}`).set('Authorization', steward).expect(200)).body.disclosures).toHaveLength(before + 1);
  });

  it('refuses approval of elements outside the agreement with the reasons, and lets the steward refuse a request outright', async () => {
    const project = await submitProject();
    const wider = await submitRequest(project.id, ['edfi.student.birthDate', 'edfi.studentSchoolAttendanceEvent.eventDate']);
    const refused = await http().post(`/research/extract-requests/${wider.id}/approve`).set('Authorization', steward).send({}).expect(409);
    expect(refused.body.detail).toContain('elements not permitted: edfi.studentSchoolAttendanceEvent.eventDate');
    await http().post(`/research/extract-requests/${wider.id}/refuse`).set('Authorization', steward).send({ reason: 'attendance is outside the agreement' }).expect(200);
    const { body } = await http().get(`/research/extract-requests/${wider.id}`).set('Authorization', researcher).expect(200);
    expect(body).toMatchObject({ status: 'refused', review: { decision: 'refused-by-steward', reasons: ['attendance is outside the agreement'] } });
  });

  it('tells the researcher what the agreement allows of a draft before it is submitted, storing no request and auditing the decision', async () => {
    const project = await submitProject();
    const preview = (elements: string[], as = researcher) =>
      http()
        .post(`/research/projects/${project.id}/extract-requests/policy-preview`)
        .set('Authorization', as)
        .send({ cohort: { districts }, elements, timeSpan: { from: '2025-07-01', to: '2026-06-30' } });
    const allowed = await preview(['edfi.student.birthDate']).expect(200);
    expect(allowed.body).toMatchObject({ decision: 'allow', agreementId, elements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'year' }], outputRules: { k: 11 } });
    const denied = await preview(['edfi.student.birthDate', 'edfi.studentSchoolAttendanceEvent.eventDate']).expect(200);
    expect(denied.body.decision).toBe('deny');
    expect(denied.body.reasons.join(' ')).toContain('elements not permitted: edfi.studentSchoolAttendanceEvent.eventDate');
    const [{ audited }]: Array<{ audited: number }> = await dataSource.query(
      `SELECT count(*)::int AS audited FROM audit_entry WHERE kind = 'policy-decision' AND details ->> 'decisionId' = ANY($1::text[])`,
      [[allowed.body.decisionId, denied.body.decisionId]],
    );
    expect(audited).toBe(2);
    const requests = (await http().get('/research/extract-requests').set('Authorization', researcher).expect(200)).body as Array<{ projectId: string }>;
    expect(requests.filter((request) => request.projectId === project.id)).toEqual([]);
    await preview(['edfi.student.firstName']).expect(400);
    await preview(['edfi.student.birthDate'], otherResearcher).expect(404);
  });

  it('shows a project and its requests to its own organisation only, and refuses direct identifiers when asked for', async () => {
    const project = await submitProject();
    await http().get(`/research/projects/${project.id}`).set('Authorization', otherResearcher).expect(404);
    expect((await http().get('/research/extract-requests').set('Authorization', otherResearcher).expect(200)).body).toEqual([]);
    const identifying = await http()
      .post(`/research/projects/${project.id}/extract-requests`)
      .set('Authorization', researcher)
      .send({ cohort: { districts }, elements: ['edfi.student.firstName'], timeSpan: { from: '2025-07-01', to: '2026-06-30' } })
      .expect(400);
    expect(identifying.body.detail).toContain('edfi.student.firstName is a direct identifier');
  });
});
