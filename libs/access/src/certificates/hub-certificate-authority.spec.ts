import { LanternError } from '@lantern/errors';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { generateCertificateAuthority, HubCertificateAuthority, normalizeSerialNumber } from './hub-certificate-authority';

const holder = { clientId: 'lc_school', organizationId: '255901001', role: 'school' };

/** A CSR as a partner would make it, claiming a subject of its own choosing. */
function csrFor(claimedCommonName: string, bits = 2048) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([
    { shortName: 'CN', value: claimedCommonName },
    { shortName: 'OU', value: 'steward' },
  ]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof LanternError) return error.detail;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('HubCertificateAuthority', () => {
  const generated = generateCertificateAuthority('Test hub CA');
  const authority = HubCertificateAuthority.fromConfiguration(generated.certificatePem, generated.privateKey);
  const caCertificate = new X509Certificate(generated.certificatePem);

  it('signs a client certificate for the CSR key, with the subject taken from the registration', () => {
    const now = new Date('2027-01-15T10:00:00Z');
    const issued = authority.issueFromCsr(csrFor('lc_steward'), holder, 30, now);
    const certificate = new X509Certificate(issued.certificatePem);
    expect(certificate.verify(caCertificate.publicKey)).toBe(true);
    expect(certificate.checkIssued(caCertificate)).toBe(true);
    expect(certificate.subject).toBe('CN=lc_school\nO=255901001\nOU=school');
    expect(certificate.ca).toBe(false);
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(normalizeSerialNumber(certificate.serialNumber)).toBe(issued.serialNumber);
    expect(certificate.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(issued.fingerprintSha256);
    expect(new Date(certificate.validTo).getTime()).toBe(Math.floor((now.getTime() + 30 * 86_400_000) / 1000) * 1000);
  });

  it('gives every certificate a different positive serial number', () => {
    const serials = new Set(Array.from({ length: 5 }, () => authority.issueFromCsr(csrFor('x'), holder, 1).serialNumber));
    expect(serials.size).toBe(5);
    // DER integers are signed: a 16-byte serial must not have its top bit set.
    for (const serial of serials) expect(serial.length < 32 || parseInt(serial[0], 16) < 8).toBe(true);
  });

  it('refuses a CSR that is not one, is not signed by its key, or has a short key', () => {
    expect(refusal(() => authority.issueFromCsr('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----', holder, 1))).toMatch(/^csrPem must be a PEM PKCS#10/);
    const tampered = forge.pki.certificationRequestFromPem(csrFor('x'));
    tampered.signature = forge.pki.certificationRequestFromPem(csrFor('x')).signature;
    expect(refusal(() => authority.issueFromCsr(forge.pki.certificationRequestToPem(tampered), holder, 1))).toBe('csrPem is not signed by the key it names');
    expect(refusal(() => authority.issueFromCsr(csrFor('x', 1024), holder, 1))).toBe('csrPem key must have at least 2048 bits');
  });

  it('generates a key pair and hands it over as a PKCS#12 file that TLS clients can load', () => {
    const { certificate, pkcs12 } = authority.issueWithNewKey(holder, 30, 'correct horse battery');
    expect(() => createSecureContext({ pfx: pkcs12, passphrase: 'correct horse battery' })).not.toThrow();
    expect(() => createSecureContext({ pfx: pkcs12, passphrase: 'wrong' })).toThrow();
    expect(new X509Certificate(certificate.certificatePem).verify(caCertificate.publicKey)).toBe(true);
  });

  it('refuses a configured key that does not match the certificate, or a certificate that is no CA', () => {
    const other = generateCertificateAuthority('Other');
    expect(() => HubCertificateAuthority.fromConfiguration(generated.certificatePem, other.privateKey)).toThrow('the CA key does not belong to the CA certificate');
    const leaf = authority.issueFromCsr(csrFor('x'), holder, 1);
    expect(() => HubCertificateAuthority.fromConfiguration(leaf.certificatePem, generated.privateKey)).toThrow('is not a CA certificate');
    const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() => HubCertificateAuthority.fromConfiguration(generated.certificatePem, ecKey)).toThrow('must be an RSA key');
  });
});
