import { loadSettings } from '@lantern/config';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { EXTRACT_SIGNING_SETTINGS, extractSigningKey } from './access-settings';
import { extractSigningCertificateProblems } from './certificates/extract-signing-key';
import { generateCertificateAuthority, HubCertificateAuthority } from './certificates/hub-certificate-authority';

const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

/** A signing key and certificate issued by `ca` with openssl, the way docs/cli.md tells an operator to make one. */
function opensslSigningPair(ca: { certificatePem: string; privateKey: KeyObject }, keyUsage = 'keyUsage=critical,digitalSignature') {
  const directory = mkdtempSync(path.join(tmpdir(), 'lantern-signing-'));
  try {
    const file = (name: string) => path.join(directory, name);
    writeFileSync(file('ca.pem'), ca.certificatePem);
    writeFileSync(file('ca.key'), pkcs8(ca.privateKey));
    writeFileSync(file('extensions'), `basicConstraints=critical,CA:FALSE\n${keyUsage}\n`);
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });
    openssl('req', '-new', '-newkey', 'rsa:3072', '-nodes', '-subj', '/CN=Lantern extract signing/O=Lantern', '-keyout', 'signing.key', '-out', 'signing.csr');
    openssl('x509', '-req', '-in', 'signing.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '365', '-sha256', '-extfile', 'extensions', '-out', 'signing.pem');
    return { certificatePem: readFileSync(file('signing.pem'), 'utf8'), keyPem: readFileSync(file('signing.key'), 'utf8') };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The worker's start-up: the signing key it would sign with, or the one line it stops with. */
function startUp(environment: Record<string, string>) {
  try {
    return { signingKey: extractSigningKey(loadSettings(EXTRACT_SIGNING_SETTINGS, environment)) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

describe('the extract signing certificate', () => {
  const ca = generateCertificateAuthority('Signing test CA');
  const authority = HubCertificateAuthority.fromConfiguration(ca.certificatePem, ca.privateKey);
  const caSettings = { LANTERN_CA_CERT_PEM: ca.certificatePem, LANTERN_CA_KEY_PEM: pkcs8(ca.privateKey) };
  const issued = authority.issueExtractSigningKey();

  it('is issued by the hub CA with its own subject, key usage digitalSignature alone, not a CA, valid as long as the CA', () => {
    const certificate = new X509Certificate(issued.certificatePem);
    const caCertificate = new X509Certificate(ca.certificatePem);
    expect(certificate.checkIssued(caCertificate) && certificate.verify(caCertificate.publicKey)).toBe(true);
    expect(certificate.subject).toBe('CN=Lantern extract signing\nO=Lantern');
    expect(certificate.ca).toBe(false);
    expect(certificate.fingerprint256).not.toBe(caCertificate.fingerprint256);
    expect(certificate.validTo).toBe(caCertificate.validTo);
    const keyUsage = forge.pki.certificateFromPem(issued.certificatePem).getExtension('keyUsage') as Record<string, unknown>;
    expect(Object.keys(keyUsage).filter((usage) => keyUsage[usage] === true)).toEqual(['critical', 'digitalSignature']);
    expect(extractSigningCertificateProblems(issued.certificatePem)).toEqual([]);
  });

  it('is issued at start-up by the configured CA when no signing certificate is configured', () => {
    const { signingKey } = startUp(caSettings);
    expect(signingKey?.ephemeral).toBe(false);
    expect(new X509Certificate(signingKey!.certificatePem).checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    expect(startUp({ LANTERN_DEV_EPHEMERAL_KEYS: 'true' }).signingKey?.ephemeral).toBe(true);
  });

  it('is read from configuration, as an operator makes it with openssl, with only the CA certificate beside it', () => {
    const pinned = opensslSigningPair(ca);
    const { signingKey } = startUp({
      LANTERN_CA_CERT_PEM: ca.certificatePem,
      LANTERN_EXTRACT_SIGNING_CERT_PEM: pinned.certificatePem.replace(/\n/g, '\\n'),
      LANTERN_EXTRACT_SIGNING_KEY_PEM: pinned.keyPem,
    });
    expect(signingKey?.certificatePem).toBe(pinned.certificatePem);
  });

  it('stops start-up with one line naming the settings when the configured pair is not a current signing pair of the CA', () => {
    const client = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = forge.pki.publicKeyFromPem(client.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    csr.sign(forge.pki.privateKeyFromPem(client.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), forge.md.sha256.create());
    const clientCertificate = authority.issueFromCsr(forge.pki.certificationRequestToPem(csr), { clientId: 'lc_x', organizationId: 'o', role: 'agency' }, 30).certificatePem;
    const clientKey = pkcs8(client.privateKey);
    const foreign = opensslSigningPair(generateCertificateAuthority('Another CA'));
    const ours = opensslSigningPair(ca);
    const encipherment = opensslSigningPair(ca, 'keyUsage=critical,digitalSignature,keyEncipherment');
    const signing = (pair: { certificatePem: string; keyPem: string }) => ({ LANTERN_EXTRACT_SIGNING_CERT_PEM: pair.certificatePem, LANTERN_EXTRACT_SIGNING_KEY_PEM: pair.keyPem });
    const problems = [
      startUp({ ...caSettings, LANTERN_EXTRACT_SIGNING_CERT_PEM: ours.certificatePem }),
      startUp(signing(ours)),
      startUp({ ...caSettings, ...signing({ certificatePem: clientCertificate, keyPem: clientKey }) }),
      startUp({ ...caSettings, ...signing(foreign) }),
      startUp({ ...caSettings, ...signing({ certificatePem: ours.certificatePem, keyPem: foreign.keyPem }) }),
      startUp({ ...caSettings, ...signing(encipherment) }),
      startUp({ ...caSettings, ...signing({ certificatePem: ca.certificatePem, keyPem: caSettings.LANTERN_CA_KEY_PEM }) }),
    ].map((result) => result.problem);
    const named = 'Invalid configuration: LANTERN_EXTRACT_SIGNING_CERT_PEM / LANTERN_EXTRACT_SIGNING_KEY_PEM:';
    expect(problems).toEqual([
      'Invalid configuration: LANTERN_EXTRACT_SIGNING_CERT_PEM and LANTERN_EXTRACT_SIGNING_KEY_PEM must be set together',
      'Invalid configuration: LANTERN_CA_CERT_PEM is required to check LANTERN_EXTRACT_SIGNING_CERT_PEM',
      `${named} the signing certificate is not an extract signing certificate: its subject is not CN=Lantern extract signing, O=Lantern; its key usage is not digitalSignature alone`,
      `${named} the signing certificate was not issued by the hub CA`,
      `${named} the signing key does not belong to the signing certificate`,
      `${named} the signing certificate is not an extract signing certificate: its key usage is not digitalSignature alone`,
      `${named} the signing certificate is not an extract signing certificate: its subject is not CN=Lantern extract signing, O=Lantern; it is a CA certificate; its key usage is not digitalSignature alone`,
    ]);
    for (const problem of problems) expect(problem).not.toContain('PRIVATE KEY');
  });

  it('is refused once expired', () => {
    const lapsed = generateCertificateAuthority('Lapsed CA', new Date('2020-01-01T00:00:00Z'));
    expect(() => HubCertificateAuthority.fromConfiguration(lapsed.certificatePem, lapsed.privateKey).issueExtractSigningKey(new Date('2020-06-01T00:00:00Z'))).toThrow(
      'the signing certificate has expired',
    );
  });
});
