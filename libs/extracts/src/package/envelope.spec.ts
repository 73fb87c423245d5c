import { HubCertificateAuthority } from '@lantern/access';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { assertEncryptableTo, envelopedFor } from './envelope';

/** A researcher's key and a certificate for it from a hub CA, as the API issues from a CSR. */
function researcherCertificate(authority: HubCertificateAuthority): { certificatePem: string; privateKeyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const forgeKey = forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  csr.setSubject([{ shortName: 'CN', value: 'researcher' }]);
  csr.sign(forgeKey, forge.md.sha256.create());
  const issued = authority.issueFromCsr(forge.pki.certificationRequestToPem(csr), { clientId: 'lc_researcher', organizationId: 'univ', role: 'researcher' }, 30);
  return { certificatePem: issued.certificatePem, privateKeyPem };
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('packages encrypted to a researcher’s certificate (CMS EnvelopedData)', () => {
  const authority = HubCertificateAuthority.ephemeral();
  const researcher = researcherCertificate(authority);
  const workspace = mkdtempSync(path.join(tmpdir(), 'lantern-envelope-'));
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  async function* chunksOf(content: Buffer) {
    for (let offset = 0; offset < content.length; offset += 70_001) yield content.subarray(offset, offset + 70_001);
  }

  it('is opened by OpenSSL with the researcher’s key, byte for byte, across many segments', async () => {
    const content = randomBytes(300_000);
    const enveloped = await collect(envelopedFor(researcher.certificatePem, chunksOf(content)));
    expect(enveloped.includes(content.subarray(0, 64))).toBe(false);
    writeFileSync(path.join(workspace, 'package.p7m'), enveloped);
    writeFileSync(path.join(workspace, 'key.pem'), researcher.privateKeyPem);
    execFileSync('openssl', [
      'cms',
      '-decrypt',
      '-binary',
      '-inform',
      'DER',
      '-in',
      path.join(workspace, 'package.p7m'),
      '-inkey',
      path.join(workspace, 'key.pem'),
      '-out',
      path.join(workspace, 'package.tar'),
    ]);
    expect(readFileSync(path.join(workspace, 'package.tar')).equals(content)).toBe(true);
  });

  it('cannot be opened with another key', async () => {
    const other = researcherCertificate(authority);
    writeFileSync(path.join(workspace, 'other.p7m'), await collect(envelopedFor(researcher.certificatePem, chunksOf(Buffer.from('small')))));
    writeFileSync(path.join(workspace, 'other-key.pem'), other.privateKeyPem);
    expect(() =>
      execFileSync(
        'openssl',
        [
          'cms',
          '-decrypt',
          '-binary',
          '-inform',
          'DER',
          '-in',
          path.join(workspace, 'other.p7m'),
          '-inkey',
          path.join(workspace, 'other-key.pem'),
          '-out',
          path.join(workspace, 'other.out'),
        ],
        { stdio: 'pipe' },
      ),
    ).toThrow(/decrypt/i);
  });

  it('refuses a certificate whose key is not RSA', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = path.join(workspace, 'ec-key.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const ecCertificate = execFileSync('openssl', ['req', '-new', '-x509', '-key', keyFile, '-subj', '/CN=ec', '-days', '1']).toString();
    expect(() => assertEncryptableTo(ecCertificate)).toThrow('not RSA');
  });
});
