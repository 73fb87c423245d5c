import { HubCertificateAuthority } from '@lantern/access';
import { verifyDetachedSignature } from './package-signature';

describe('detached PKCS#7 signatures of a package manifest', () => {
  const hub = HubCertificateAuthority.ephemeral();
  const manifest = Buffer.from(JSON.stringify({ files: [{ name: 'persons.csv', sha256: 'ab'.repeat(32) }] }));
  const signature = hub.signDetached(manifest);

  it('verifies what the hub signed, against the hub CA, and names the signer', () => {
    const check = verifyDetachedSignature(signature, manifest, hub.certificatePem);
    expect(check.problems).toEqual([]);
    expect(check.signer?.subject).toContain('Lantern hub');
  });

  it('is detached: the signature does not carry the manifest', () => {
    expect(Buffer.from(signature.replace(/-----[^-]+-----|\s/g, ''), 'base64').includes(manifest)).toBe(false);
  });

  it('says the content differs when one byte of the manifest changed', () => {
    const tampered = Buffer.from(manifest);
    tampered[10] ^= 1;
    expect(verifyDetachedSignature(signature, tampered, hub.certificatePem).problems).toEqual(['the signed content differs from the manifest (its SHA-256 does not match)']);
  });

  it('says the signer is not trusted when another CA signed', () => {
    const impostor = HubCertificateAuthority.ephemeral();
    const check = verifyDetachedSignature(impostor.signDetached(manifest), manifest, hub.certificatePem);
    expect(check.problems).toEqual([expect.stringContaining('is not the trusted hub certificate authority')]);
  });

  it('says when the signature itself was altered or is not a signature', () => {
    const body = signature.replace(/-----[^-]+-----|\s/g, '');
    const bytes = Buffer.from(body, 'base64');
    bytes[bytes.length - 5] ^= 0xff;
    const altered = `-----BEGIN PKCS7-----\n${bytes.toString('base64')}\n-----END PKCS7-----\n`;
    expect(verifyDetachedSignature(altered, manifest, hub.certificatePem).problems).toContain('the signature does not verify with the signer certificate');
    expect(verifyDetachedSignature('not a signature', manifest).problems).toEqual(['the signature file is not a PEM PKCS#7 message']);
  });
});
