import { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { Role } from '@lantern/governance';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { DataSource } from 'typeorm';
import { ClientRegistry } from '../clients/client-registry';
import { CertificateRegistry, parseCertificateRequest, parseRevocationReason } from './certificate-registry';
import { generateCertificateAuthority, HubCertificateAuthority } from './hub-certificate-authority';

function csr(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string) as forge.pki.rsa.PrivateKey;
  const request = forge.pki.createCertificationRequest();
  request.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  request.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(request);
}

/** What TLS hands the guard for a certificate: its serial (upper-case hex, as node reports it) and DER bytes. */
function presented(certificatePem: string) {
  const certificate = new X509Certificate(certificatePem);
  return { serialNumber: certificate.serialNumber, der: certificate.raw };
}

describe('CertificateRegistry against real PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let clients: ClientRegistry;
  let now: Date;
  let certificates: CertificateRegistry;
  const generated = generateCertificateAuthority('Registry test CA');
  const authority = HubCertificateAuthority.fromConfiguration(generated.certificatePem, generated.privateKey);

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    clients = new ClientRegistry(dataSource, new AuditLog(dataSource));
    certificates = new CertificateRegistry(dataSource, authority, clients, new AuditLog(dataSource), () => now);
  });

  beforeEach(() => {
    now = new Date();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const agencyClient = async () => (await clients.register({ role: Role.Agency, organizationId: 'dcfs', displayName: 'Child welfare' }, 'test')).registration.clientId;

  it('records what it issues and recognises exactly that certificate, while it is valid', async () => {
    const clientId = await agencyClient();
    const issued = await certificates.issue(clientId, { csrPem: csr(), validityDays: 10 }, 'steward-1');
    expect(issued.certificate).toMatchObject({ clientId, issuedBy: 'steward-1', revokedAt: null, subject: `CN=${clientId}, O=dcfs, OU=agency` });
    expect(issued.caCertificatePem).toBe(generated.certificatePem);
    expect(await certificates.holderOf(presented(issued.certificatePem))).toMatchObject({ accepted: true, registration: { clientId, role: 'agency' } });

    now = new Date(Date.now() + 11 * 86_400_000);
    expect(await certificates.holderOf(presented(issued.certificatePem))).toEqual({ accepted: false, reason: 'expired' });
  });

  it('does not recognise another certificate that carries a known serial number', async () => {
    const clientId = await agencyClient();
    const issued = await certificates.issue(clientId, { csrPem: csr(), validityDays: 10 }, 'steward-1');
    const other = authority.issueFromCsr(csr(), { clientId, organizationId: 'dcfs', role: 'agency' }, 10);
    const swapped = { serialNumber: presented(issued.certificatePem).serialNumber, der: presented(other.certificatePem).der };
    expect(await certificates.holderOf(swapped)).toEqual({ accepted: false, reason: 'unknown-certificate' });
  });

  it('revokes once (auditing once), refuses revoked certificates and those of disabled clients', async () => {
    const clientId = await agencyClient();
    const first = await certificates.issue(clientId, { csrPem: csr(), validityDays: 10 }, 'steward-1');
    const second = await certificates.issue(clientId, { pkcs12Password: 'twelve chars!', validityDays: 10 }, 'steward-1');
    expect(second.pkcs12Base64).toEqual(expect.any(String));

    const revoked = await certificates.revoke(first.certificate.serialNumber.toUpperCase(), 'keyCompromise', 'steward-2');
    const again = await certificates.revoke(first.certificate.serialNumber, 'superseded', 'steward-3');
    expect(again).toEqual(revoked);
    expect(revoked).toMatchObject({ revocationReason: 'keyCompromise', revokedAt: expect.any(String) });
    expect(await certificates.holderOf(presented(first.certificatePem))).toEqual({ accepted: false, reason: 'revoked' });
    const audit: Array<{ kind: string; actor: string }> = await dataSource.query(`SELECT kind, actor FROM audit_entry WHERE details->>'serialNumber' = $1 ORDER BY id`, [
      first.certificate.serialNumber,
    ]);
    expect(audit).toEqual([
      { kind: 'certificate-issued', actor: 'steward-1' },
      { kind: 'certificate-revoked', actor: 'steward-2' },
    ]);

    await clients.disable(clientId, 'steward-console');
    expect(await certificates.holderOf(presented(second.certificatePem))).toEqual({ accepted: false, reason: 'client-disabled' });
    await expect(certificates.issue(clientId, { csrPem: csr(), validityDays: 1 }, 'steward-1')).rejects.toMatchObject({
      code: LanternErrorCode.InvalidRequest,
      detail: 'certificates are issued to active clients only',
    });
    expect((await certificates.listFor(clientId)).map((certificate) => certificate.revokedAt === null)).toEqual([false, true]);
  });

  it('answers unknown clients and serial numbers with not found', async () => {
    await expect(certificates.issue('lc_nobody', { csrPem: csr(), validityDays: 1 }, 'steward-1')).rejects.toMatchObject({ code: LanternErrorCode.RecordNotFound });
    await expect(certificates.revoke('0badc0de', 'unspecified', 'steward-1')).rejects.toMatchObject({ code: LanternErrorCode.RecordNotFound });
    await expect(certificates.listFor('lc_nobody')).rejects.toMatchObject({ code: LanternErrorCode.RecordNotFound });
  });
});

describe('certificate request parsing', () => {
  const refusal = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      return (error as LanternError).detail;
    }
    throw new Error('expected a refusal');
  };

  it('takes a CSR or a PKCS#12 password, with a validity from 1 to 397 days (365 by default)', () => {
    expect(parseCertificateRequest({ csrPem: 'PEM' })).toEqual({ csrPem: 'PEM', validityDays: 365 });
    expect(parseCertificateRequest({ pkcs12Password: 'twelve chars!', validityDays: 30 })).toEqual({ pkcs12Password: 'twelve chars!', validityDays: 30 });
    expect(refusal(() => parseCertificateRequest({}))).toBe('give exactly one of csrPem (preferred) or pkcs12Password');
    expect(refusal(() => parseCertificateRequest({ csrPem: 'PEM', pkcs12Password: 'twelve chars!' }))).toBe('give exactly one of csrPem (preferred) or pkcs12Password');
    expect(refusal(() => parseCertificateRequest({ pkcs12Password: 'short' }))).toBe('pkcs12Password must be 12 to 128 characters');
    expect(refusal(() => parseCertificateRequest({ csrPem: 'PEM', validityDays: 398 }))).toBe('validityDays must be a whole number from 1 to 397');
    expect(refusal(() => parseCertificateRequest({ csrPem: 42 }))).toBe('csrPem must be a PEM string');
  });

  it('takes an RFC 5280 revocation reason, unspecified by default', () => {
    expect(parseRevocationReason({})).toBe('unspecified');
    expect(parseRevocationReason({ reason: 'keyCompromise' })).toBe('keyCompromise');
    expect(refusal(() => parseRevocationReason({ reason: 'bored' }))).toMatch(/^reason must be one of unspecified, keyCompromise/);
  });
});
