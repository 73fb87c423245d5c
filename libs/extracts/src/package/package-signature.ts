import { createHash, createVerify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface SignatureCheck {
  problems: string[];
  /** The certificate that signed, when the signature could be read. */
  signer?: { subject: string; fingerprintSha256: string };
}

interface SignerInfoCapture {
  authenticatedAttributes?: forge.asn1.Asn1[];
  signature?: string;
  digestAlgorithm?: string;
}

type SignedDataMessage = forge.pkcs7.PkcsSignedData & { rawCapture: { signerInfos?: forge.asn1.Asn1[] } };
/** Parts of node-forge its type definitions leave out. */
interface Asn1Validator {
  capture?: string;
  value?: Asn1Validator[];
}
type Asn1Validate = (value: forge.asn1.Asn1, validator: unknown, capture: object, errors: unknown[]) => boolean;

/**
 * Checks a detached PKCS#7 signature over `content` (node-forge reads the structure but cannot
 * verify one): the signed message digest must be the content's SHA-256, the RSA signature over
 * the signed attributes must verify with the embedded certificate, and, when a trusted hub CA
 * is given, that certificate must be it or issued by it. Every failure is named.
 */
export function verifyDetachedSignature(signaturePem: string, content: Buffer, trustedCaPem?: string): SignatureCheck {
  let message: SignedDataMessage;
  try {
    message = forge.pkcs7.messageFromPem(signaturePem) as SignedDataMessage;
  } catch {
    return { problems: ['the signature file is not a PEM PKCS#7 message'] };
  }
  const [certificate] = message.certificates ?? [];
  const [signerInfo] = message.rawCapture.signerInfos ?? [];
  if (!certificate || !signerInfo) return { problems: ['the signature carries no signer certificate or signer'] };
  const capture: SignerInfoCapture = {};
  // The SignerInfo validator is not exported on its own; it is the element of SignedData's signerInfos.
  const signedData = (forge.pkcs7 as unknown as { asn1: { signedDataValidator: Asn1Validator } }).asn1.signedDataValidator;
  const validator = signedData.value?.find((part) => part.capture === 'signerInfos')?.value?.[0];
  const validate = (forge.asn1 as unknown as { validate: Asn1Validate }).validate;
  if (!validate(signerInfo, validator, capture, [])) return { problems: ['the signer information cannot be read'] };

  const x509 = new X509Certificate(forge.pki.certificateToPem(certificate));
  const signer = { subject: x509.subject.replaceAll('\n', ', '), fingerprintSha256: x509.fingerprint256 };
  const problems: string[] = [];
  const attributes = capture.authenticatedAttributes ?? [];
  const digest = attributes.find((attribute) => forge.asn1.derToOid((attribute.value as forge.asn1.Asn1[])[0].value as string) === forge.pki.oids.messageDigest);
  const signedDigest = digest && ((((digest.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as string) ?? '');
  if (!capture.digestAlgorithm || forge.asn1.derToOid(capture.digestAlgorithm) !== forge.pki.oids.sha256) problems.push('the signature does not use SHA-256');
  if (signedDigest === undefined) problems.push('the signature has no signed message digest');
  else if (Buffer.from(signedDigest, 'binary').toString('hex') !== createHash('sha256').update(content).digest('hex'))
    problems.push('the signed content differs from the manifest (its SHA-256 does not match)');

  const signedAttributes = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes)).getBytes();
  const verifies = createVerify('sha256')
    .update(Buffer.from(signedAttributes, 'binary'))
    .verify(x509.publicKey, Buffer.from(capture.signature ?? '', 'binary'));
  if (!verifies) problems.push('the signature does not verify with the signer certificate');

  if (trustedCaPem !== undefined) {
    const trusted = new X509Certificate(trustedCaPem);
    const issuedByTrusted = x509.fingerprint256 === trusted.fingerprint256 || (x509.checkIssued(trusted) && x509.verify(trusted.publicKey));
    if (!issuedByTrusted) problems.push(`the signer (${signer.subject}) is not the trusted hub certificate authority nor issued by it`);
  }
  return { problems, signer };
}
