import type { INestApplication } from '@nestjs/common';
import { generateCertificateAuthority, PeopleRegistry } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { verifyPackage } from '@lantern/extracts';
import { PURPOSES, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import {
  createMigratedTestDatabase,
  type DevelopmentIdentityProvider,
  eventually,
  type HubServiceProcess,
  type MigratedTestDatabase,
  seedLinkedPopulation,
  startDevelopmentIdentityProvider,
  startHubWorker,
  testKafkaEnvironment,
  testTopicPrefix,
} from '@lantern/test-environment';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { accessTokenFor, bearerFor, registerTestClient, testApiSettings, type TestClient } from '../access/testing/access-test-kit';
import { clientKeyAndCsr } from '../access/testing/tls-test-kit';
import { inForceForAYear, STATE_EDUCATION } from '../access/testing/agreement-fixtures';
import { consoleSettingsFor, signInThroughProvider, TEST_REDIRECT_URI } from '../console/testing/console-test-kit';
import { createApi } from '../create-api';

const logger = createJsonLogger('extracts-api-test', 'error');
const UNIVERSITY = 'univ-policy-lab';
/** A researcher of the university signed in to the console. */
const PERSON = { subject: 'demo-researcher', name: 'Priya Natarajan' };

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
  let provider: DevelopmentIdentityProvider;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    ({ districts } = await seedLinkedPopulation(dataSource, 240));
    packages = await mkdtemp(path.join(tmpdir(), 'lantern-api-extracts-'));
    const prefix = testTopicPrefix();
    // One hub CA for both: the API serves its certificate, the worker signs packages with it.
    const ca = generateCertificateAuthority('Extracts test hub CA');
    const hubCa = { LANTERN_CA_CERT_PEM: ca.certificatePem, LANTERN_CA_KEY_PEM: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    provider = await startDevelopmentIdentityProvider({ people: [{ ...PERSON, description: 'researcher' }], redirectUris: [TEST_REDIRECT_URI] });
    await new PeopleRegistry(dataSource, new AuditLog(dataSource)).add(
      { issuer: provider.issuer, subject: PERSON.subject, role: Role.Researcher, organizationId: UNIVERSITY, displayName: PERSON.name },
      'test',
    );
    app = await createApi(
      testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest`, ...hubCa, ...consoleSettingsFor(provider) }),
      logger,
    );
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
    await provider?.stop();
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

  it('lets a person of the organisation encrypt to its researcher clients’ current certificates, to the same tar as the plain download, and to no other', async () => {
    const requestId = await readyRequest();
    const { sessionCookie } = await signInThroughProvider(app, PERSON.subject);
    const cookie = sessionCookie as string;
    const { personId, csrfToken } = (await http().get('/auth/session').set('Cookie', cookie).expect(200)).body;
    const issue = async (clientId: string) => {
      const { privateKeyPem, csrPem } = clientKeyAndCsr();
      const { body } = await http().post(`/clients/${clientId}/certificates`).set('Authorization', steward).send({ csrPem, validityDays: 30 }).expect(201);
      return { privateKeyPem, certificatePem: body.certificatePem as string, serialNumber: body.certificate.serialNumber as string };
    };
    const ours = await issue(researcherClient.clientId);
    const revoked = await issue(researcherClient.clientId);
    await http().post(`/certificates/${revoked.serialNumber}/revoke`).set('Authorization', steward).send({ reason: 'superseded' }).expect(200);
    const expired = await issue(researcherClient.clientId);
    // The hub issues nothing already expired: this one's validity period is moved into the past.
    await dataSource.query(`UPDATE client_certificate SET not_before = now() - interval '2 days', not_after = now() - interval '1 day' WHERE serial_number = $1`, [expired.serialNumber]);
    const elsewhere = await issue((await registerTestClient(dataSource, Role.Researcher, 'univ-elsewhere')).clientId);
    const sameOrganisationNotResearcher = await issue((await registerTestClient(dataSource, Role.Agency, UNIVERSITY)).clientId);

    // The console offers only the current certificates of the university's researcher clients; a client sees only its own.
    const offered = (await http().get('/research/encryption-certificates').set('Cookie', cookie).expect(200)).body.certificates as Array<{ serialNumber: string; clientId: string }>;
    const offeredSerials = offered.map((certificate) => certificate.serialNumber);
    expect(offeredSerials).toContain(ours.serialNumber);
    for (const refused of [revoked, expired, elsewhere, sameOrganisationNotResearcher]) expect(offeredSerials).not.toContain(refused.serialNumber);
    expect(offered.find((certificate) => certificate.serialNumber === ours.serialNumber)).toEqual({
      clientId: researcherClient.clientId,
      clientName: expect.any(String),
      serialNumber: ours.serialNumber,
      fingerprintSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      subject: expect.stringContaining(`O=${UNIVERSITY}`),
      notAfter: expect.any(String),
    });
    const ownOnly = (await http().get('/research/encryption-certificates').set('Authorization', researcher).expect(200)).body.certificates as Array<{
      serialNumber: string;
      clientId: string;
    }>;
    expect(ownOnly.map((certificate) => certificate.serialNumber)).toContain(ours.serialNumber);
    expect(new Set(ownOnly.map((certificate) => certificate.clientId))).toEqual(new Set([researcherClient.clientId]));

    const disclosures = async () =>
      (await http().get(`/disclosures/organizations/${UNIVERSITY}`).set('Authorization', steward).expect(200)).body.disclosures as Array<{ recipient: { clientId: string } }>;
    const before = (await disclosures()).length;
    const encrypted = (certificatePem: string) =>
      http().post(`/research/extract-requests/${requestId}/package/encrypted`).set('Cookie', cookie).set('X-CSRF-Token', csrfToken).send({ certificatePem });
    for (const refused of [revoked, expired, elsewhere, sameOrganisationNotResearcher]) {
      const answer = await encrypted(refused.certificatePem).expect(400);
      expect(answer.body.detail).toBe('certificatePem: not a current certificate the hub issued to a researcher client of your organization');
    }
    expect(await disclosures()).toHaveLength(before);

    const download = await encrypted(ours.certificatePem).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="lantern-extract-${requestId}.tar.p7m"`);
    const [enveloped, key, archive] = ['person.tar.p7m', 'person-key.pem', 'person.tar'].map((name) => path.join(packages, `${requestId}-${name}`));
    await writeFile(enveloped, download.body as Buffer);
    await writeFile(key, ours.privateKeyPem);
    execFileSync('openssl', ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', enveloped, '-inkey', key, '-out', archive]);
    const plain = await http().get(`/research/extract-requests/${requestId}/package`).set('Cookie', cookie).buffer(true).parse(binary).expect(200);
    expect((await readFile(archive)).equals(plain.body as Buffer)).toBe(true);
    // Both downloads are disclosures to the person, not to the client whose certificate was used.
    const recorded = await disclosures();
    expect(recorded).toHaveLength(before + 2);
    expect(recorded.slice(0, 2).map((disclosure) => disclosure.recipient.clientId)).toEqual([`person:${personId}`, `person:${personId}`]);
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
