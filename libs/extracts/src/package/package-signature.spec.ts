import { generateCertificateAuthority, HubCertificateAuthority } from '@lantern/access';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { verifyDetachedSignature } from './package-signature';

/** A detached PKCS#7 signature made with any key and certificate, as a forger with node-forge would. */
function signedWith(certificatePem: string, privateKey: KeyObject, content: Buffer): string {
  const certificate = forge.pki.certificateFromPem(certificatePem);
  const signed = forge.pkcs7.createSignedData();
  signed.content = forge.util.createBuffer(content.toString('binary'));
  signed.addCertificate(certificate);
  signed.addSigner({
    key: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string),
    certificate,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [{ type: forge.pki.oids.contentType, value: forge.pki.oids.data }, { type: forge.pki.oids.messageDigest }],
  });
  signed.sign({ detached: true });
  return forge.pkcs7.messageToPem(signed);
}

/** A client certificate the hub CA issued, with its key: what any partner holds. */
function clientCertificate(authority: HubCertificateAuthority): { certificatePem: string; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  csr.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), forge.md.sha256.create());
  const issued = authority.issueFromCsr(forge.pki.certificationRequestToPem(csr), { clientId: 'lc_partner', organizationId: 'agency', role: 'agency' }, 30);
  return { certificatePem: issued.certificatePem, privateKey };
}

describe('detached PKCS#7 signatures of a package manifest', () => {
  const ca = generateCertificateAuthority('Test hub CA');
  const hub = HubCertificateAuthority.fromConfiguration(ca.certificatePem, ca.privateKey);
  const signingKey = hub.issueExtractSigningKey();
  const manifest = Buffer.from(JSON.stringify({ files: [{ name: 'persons.csv', sha256: 'ab'.repeat(32) }] }));
  const signature = signingKey.signDetached(manifest);

  it('verifies what the hub signed against the hub CA or the signing certificate, and names the signer', () => {
    for (const anchor of [hub.certificatePem, signingKey.certificatePem]) {
      const check = verifyDetachedSignature(signature, manifest, anchor);
      expect(check.problems).toEqual([]);
      expect(check.signer?.subject).toBe('CN=Lantern extract signing, O=Lantern');
    }
  });

  it('refuses a manifest signed by another certificate the hub CA issued (a client certificate)', () => {
    const client = clientCertificate(hub);
    const check = verifyDetachedSignature(signedWith(client.certificatePem, client.privateKey, manifest), manifest, hub.certificatePem);
    expect(check.problems).toEqual([
      "the signer (CN=lc_partner, O=agency, OU=agency) is not the hub's extract signing certificate: its subject is not CN=Lantern extract signing, O=Lantern",
      "the signer (CN=lc_partner, O=agency, OU=agency) is not the hub's extract signing certificate: its key usage is not digitalSignature alone",
    ]);
  });

  it('refuses a manifest signed with the CA key itself', () => {
    const check = verifyDetachedSignature(signedWith(ca.certificatePem, ca.privateKey, manifest), manifest, hub.certificatePem);
    expect(check.problems).toEqual(expect.arrayContaining([expect.stringContaining("is not the hub's extract signing certificate: it is a CA certificate")]));
  });

  it('refuses a signing certificate another CA issued, and another signing certificate than the pinned one', () => {
    const impostor = HubCertificateAuthority.ephemeral().issueExtractSigningKey();
    expect(verifyDetachedSignature(impostor.signDetached(manifest), manifest, hub.certificatePem).problems).toEqual([
      'the signer (CN=Lantern extract signing, O=Lantern) was not issued by the trusted hub CA',
    ]);
    const sibling = hub.issueExtractSigningKey();
    expect(verifyDetachedSignature(sibling.signDetached(manifest), manifest, signingKey.certificatePem).problems).toEqual([
      'the signer (CN=Lantern extract signing, O=Lantern) is not the trusted signing certificate',
    ]);
  });

  it('is detached: the signature does not carry the manifest', () => {
    expect(Buffer.from(signature.replace(/-----[^-]+-----|\s/g, ''), 'base64').includes(manifest)).toBe(false);
  });

  it('says the content differs when one byte of the manifest changed', () => {
    const tampered = Buffer.from(manifest);
    tampered[10] ^= 1;
    expect(verifyDetachedSignature(signature, tampered, hub.certificatePem).problems).toEqual(['the signed content differs from the manifest (its SHA-256 does not match)']);
  });

  it('says when the signature itself was altered, is not a signature, or the trust anchor is no certificate', () => {
    const body = signature.replace(/-----[^-]+-----|\s/g, '');
    const bytes = Buffer.from(body, 'base64');
    bytes[bytes.length - 5] ^= 0xff;
    const altered = `-----BEGIN PKCS7-----\n${bytes.toString('base64')}\n-----END PKCS7-----\n`;
    expect(verifyDetachedSignature(altered, manifest, hub.certificatePem).problems).toContain('the signature does not verify with the signer certificate');
    expect(verifyDetachedSignature('not a signature', manifest, hub.certificatePem).problems).toEqual(['the signature file is not a PEM PKCS#7 message']);
    expect(verifyDetachedSignature(signature, manifest, 'not a certificate').problems).toEqual(['the trust anchor is not a PEM X.509 certificate']);
  });
});
