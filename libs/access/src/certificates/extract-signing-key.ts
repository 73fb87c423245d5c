import { type KeyObject, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { toForgeKey } from './forge-key';

/** The subject of the certificate that signs extract manifests; no client registration yields it (client certificates carry OU = role). */
export const EXTRACT_SIGNING_SUBJECT: ReadonlyArray<{ readonly shortName: string; readonly value: string }> = [
  { shortName: 'CN', value: 'Lantern extract signing' },
  { shortName: 'O', value: 'Lantern' },
];

const SUBJECT_TEXT = EXTRACT_SIGNING_SUBJECT.map(({ shortName, value }) => `${shortName}=${value}`).join(', ');
const KEY_USAGES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'] as const;

/**
 * What makes a certificate the hub's extract signing certificate, checked where one is configured
 * and wherever a package is verified: exactly this subject, keyUsage digitalSignature and nothing
 * else, not a CA. (That the hub CA issued it is the other half, checked against a trust anchor.)
 * Every difference is named; none means it is one.
 */
export function extractSigningCertificateProblems(certificatePem: string): string[] {
  const x509 = new X509Certificate(certificatePem);
  const problems: string[] = [];
  if (x509.subject.replaceAll('\n', ', ') !== SUBJECT_TEXT) problems.push(`its subject is not ${SUBJECT_TEXT}`);
  if (x509.ca) problems.push('it is a CA certificate');
  let usage: Partial<Record<(typeof KEY_USAGES)[number], boolean>> | null;
  try {
    usage = forge.pki.certificateFromPem(certificatePem).getExtension('keyUsage') as typeof usage;
  } catch {
    return [...problems, 'its key is not RSA'];
  }
  if (!usage?.digitalSignature || KEY_USAGES.some((name) => name !== 'digitalSignature' && usage[name])) problems.push('its key usage is not digitalSignature alone');
  return problems;
}

/**
 * The key that signs the manifests of extract packages, with its certificate: issued by the hub
 * CA as an extract signing certificate, so the CA key never signs what the hub hands out and no
 * other certificate the CA issued can pass for the hub's signature.
 */
export class ExtractSigningKey {
  private readonly certificate: forge.pki.Certificate;
  private readonly privateKey: forge.pki.rsa.PrivateKey;

  /** Refuses, naming why, a key and certificate that are not a current extract signing pair issued by the CA. */
  constructor(
    readonly certificatePem: string,
    privateKey: KeyObject,
    caCertificatePem: string,
    readonly ephemeral = false,
  ) {
    const certificate = new X509Certificate(certificatePem);
    const ca = new X509Certificate(caCertificatePem);
    if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('the signing key must be an RSA key (node-forge signs with RSA only)');
    if (!certificate.checkPrivateKey(privateKey)) throw new Error('the signing key does not belong to the signing certificate');
    if (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey)) throw new Error('the signing certificate was not issued by the hub CA');
    const problems = extractSigningCertificateProblems(certificatePem);
    if (problems.length > 0) throw new Error(`the signing certificate is not an extract signing certificate: ${problems.join('; ')}`);
    if (new Date(certificate.validTo).getTime() <= Date.now()) throw new Error('the signing certificate has expired');
    this.certificate = forge.pki.certificateFromPem(certificatePem);
    this.privateKey = toForgeKey(privateKey);
  }

  /** A detached PKCS#7 (CMS) SignedData over `content`, SHA-256, carrying the signing certificate. */
  signDetached(content: Buffer): string {
    const signed = forge.pkcs7.createSignedData();
    signed.content = forge.util.createBuffer(content.toString('binary'));
    signed.addCertificate(this.certificate);
    signed.addSigner({
      key: this.privateKey,
      certificate: this.certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.messageDigest },
        { type: forge.pki.oids.signingTime, value: new Date() as unknown as string },
      ],
    });
    signed.sign({ detached: true });
    return forge.pkcs7.messageToPem(signed);
  }
}
