import type { INestApplication } from '@nestjs/common';
import { CertificateRegistry, ClientRegistry, generateCertificateAuthority, HubCertificateAuthority } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApi } from '../create-api';
import { MutualTlsListener } from './mutual-tls-listener';
import { accessTokenFor, registerTestClient, testApiSettings, type TestClient } from './testing/access-test-kit';
import { draftAgreement, enrolledStudentRecordsTerms } from './testing/agreement-fixtures';
import { GRAND_BEND, storeK12Fixture, STUDENTS } from './testing/k12-fixtures';
import { clientKeyAndCsr, httpsGet, serverCertificateFor127001 } from './testing/tls-test-kit';

const logger = createJsonLogger('mutual-tls-test', 'error');
const pkcs8 = (key: { export(options: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('mutual TLS with certificates from the hub CA', () => {
  const hubCa = generateCertificateAuthority('Test hub client CA');
  const server = serverCertificateFor127001();
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let tlsPort: number;
  let steward: string;
  let school: TestClient;

  /** GET over the HTTPS listener, trusting the API's certificate, presenting whatever `tls` holds. */
  const tlsGet = (path: string, tls: Parameters<typeof httpsGet>[2] = {}) => httpsGet(tlsPort, path, { ca: server.certificatePem, ...tls });

  /** A steward asks the API for a certificate for the client's CSR; the partner keeps its key. */
  async function certificateFor(clientId: string) {
    const { privateKeyPem, csrPem } = clientKeyAndCsr();
    const issued = await request(app.getHttpServer()).post(`/clients/${clientId}/certificates`).set('Authorization', steward).send({ csrPem, validityDays: 30 }).expect(201);
    return { cert: issued.body.certificatePem as string, key: privateKeyPem, serialNumber: issued.body.certificate.serialNumber as string };
  }

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    await storeK12Fixture(dataSource, prefix);
    app = await createApi(
      testApiSettings({
        DATABASE_URL: database.url,
        ...testKafkaEnvironment(),
        LANTERN_TOPIC_PREFIX: prefix,
        LANTERN_CA_CERT_PEM: hubCa.certificatePem,
        LANTERN_CA_KEY_PEM: pkcs8(hubCa.privateKey),
        API_TLS_PORT: '0',
        API_TLS_KEY_PEM: server.privateKeyPem,
        API_TLS_CERT_PEM: server.certificatePem,
      }),
      logger,
    );
    await app.init();
    tlsPort = app.get(MutualTlsListener).port as number;
    steward = `Bearer ${await accessTokenFor(app, await registerTestClient(dataSource, Role.Steward, 'sea'))}`;
    school = await registerTestClient(dataSource, Role.School, String(GRAND_BEND.schoolId));
    await draftAgreement(app, steward, enrolledStudentRecordsTerms([String(GRAND_BEND.schoolId)]));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('maps a certificate to its client registration: a school reads its own students, no token needed', async () => {
    const credentials = await certificateFor(school.clientId);
    expect(await tlsGet(`/k12/students/${STUDENTS.grandBend}`, credentials)).toMatchObject({ status: 200, body: { studentUniqueId: STUDENTS.grandBend } });
    expect((await tlsGet(`/k12/students/${STUDENTS.riverside}`, credentials)).status).toBe(404);
    // The registration's role applies: a school certificate opens no steward endpoint.
    expect((await tlsGet('/clients', credentials)).status).toBe(403);
  });

  it('issues a generated key as a PKCS#12 file that works as a TLS client credential', async () => {
    const stewardClient = await registerTestClient(dataSource, Role.Steward, 'sea');
    const issued = await request(app.getHttpServer())
      .post(`/clients/${stewardClient.clientId}/certificates`)
      .set('Authorization', steward)
      .send({ pkcs12Password: 'a long enough password' })
      .expect(201);
    expect(issued.body.pkcs12Base64).toEqual(expect.any(String));
    const pfx = Buffer.from(issued.body.pkcs12Base64, 'base64');
    expect((await tlsGet('/clients', { pfx, passphrase: 'a long enough password' })).status).toBe(200);
  });

  it('still takes bearer tokens on the HTTPS listener, and refuses a request with neither', async () => {
    expect((await tlsGet('/clients', { headers: { authorization: steward } })).status).toBe(200);
    expect(await tlsGet('/clients')).toMatchObject({ status: 401, body: { type: 'urn:lantern:problem:unauthenticated' } });
  });

  it('refuses a certificate from the request after its revocation, and records issue and revocation in the audit log', async () => {
    const credentials = await certificateFor(school.clientId);
    expect((await tlsGet(`/k12/students/${STUDENTS.grandBend}`, credentials)).status).toBe(200);
    const revoked = await request(app.getHttpServer()).post(`/certificates/${credentials.serialNumber}/revoke`).set('Authorization', steward).send({ reason: 'keyCompromise' }).expect(200);
    expect(revoked.body).toMatchObject({ serialNumber: credentials.serialNumber, revocationReason: 'keyCompromise', revokedAt: expect.any(String) });
    const refused = await tlsGet(`/k12/students/${STUDENTS.grandBend}`, credentials);
    expect(refused).toMatchObject({ status: 401, body: { type: 'urn:lantern:problem:unauthenticated' } });
    expect(JSON.stringify(refused.body)).not.toContain(STUDENTS.grandBend);

    const listed = await request(app.getHttpServer()).get(`/clients/${school.clientId}/certificates`).set('Authorization', steward).expect(200);
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ serialNumber: credentials.serialNumber, revocationReason: 'keyCompromise' })]));
    const audit: Array<{ kind: string; subject: string; details: { serialNumber: string } }> = await dataSource.query(
      `SELECT kind, subject, details FROM audit_entry WHERE kind IN ('certificate-issued', 'certificate-revoked') AND details->>'serialNumber' = $1 ORDER BY id`,
      [credentials.serialNumber],
    );
    expect(audit.map((entry) => [entry.kind, entry.subject])).toEqual([
      ['certificate-issued', school.clientId],
      ['certificate-revoked', school.clientId],
    ]);
  });

  it('refuses an expired certificate of the hub CA', async () => {
    const { privateKeyPem, csrPem } = clientKeyAndCsr();
    const twoYearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000);
    const clients = new ClientRegistry(dataSource, new AuditLog(dataSource));
    const authority = HubCertificateAuthority.fromConfiguration(hubCa.certificatePem, hubCa.privateKey);
    const issuedThen = new CertificateRegistry(dataSource, authority, clients, new AuditLog(dataSource), () => twoYearsAgo);
    const expired = await issuedThen.issue(school.clientId, { csrPem, validityDays: 1 }, 'test');
    expect((await tlsGet(`/k12/students/${STUDENTS.grandBend}`, { cert: expired.certificatePem, key: privateKeyPem })).status).toBe(401);
  });

  it('refuses a certificate from another CA, even one naming a registered client', async () => {
    // Even the CA's name is ours: only its key differs.
    const impostor = generateCertificateAuthority('Test hub client CA');
    const foreign = HubCertificateAuthority.fromConfiguration(impostor.certificatePem, impostor.privateKey);
    const { privateKeyPem, csrPem } = clientKeyAndCsr();
    const lookalike = foreign.issueFromCsr(csrPem, { clientId: school.clientId, organizationId: school.organizationId, role: 'school' }, 30);
    expect((await tlsGet(`/k12/students/${STUDENTS.grandBend}`, { cert: lookalike.certificatePem, key: privateKeyPem })).status).toBe(401);
  });

  it('refuses the certificate of a disabled client, and a certificate and token of two different clients', async () => {
    const agency = await registerTestClient(dataSource, Role.Agency, 'dcfs');
    const agencyCertificate = await certificateFor(agency.clientId);
    const schoolCertificate = await certificateFor(school.clientId);
    // The agency's own certificate works (its role gets 403 here, not 401) until the client is disabled.
    expect((await tlsGet('/ingest/status', agencyCertificate)).status).toBe(403);
    expect((await tlsGet(`/k12/students/${STUDENTS.grandBend}`, { ...schoolCertificate, headers: { authorization: steward } })).status).toBe(401);
    await request(app.getHttpServer()).post(`/clients/${agency.clientId}/disable`).set('Authorization', steward).expect(200);
    expect((await tlsGet('/ingest/status', agencyCertificate)).status).toBe(401);
  });
});
