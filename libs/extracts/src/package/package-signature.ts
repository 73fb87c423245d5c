import { extractSigningCertificateProblems } from '@lantern/access';
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
 * the signed attributes must verify with the embedded certificate, and that certificate must be
 * the hub's extract signing certificate as the trust anchor vouches for it (`trustAnchorPem`:
 * the hub CA, or the signing certificate itself). Every failure is named.
 */
export function verifyDetachedSignature(signaturePem: string, content: Buffer, trustAnchorPem: string): SignatureCheck {
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

  problems.push(...trustProblems(x509, signer.subject, trustAnchorPem));
  return { problems, signer };
}

/**
 * A CA anchor vouches for the certificates it issued, a signing certificate anchor for itself;
 * either way only an extract signing certificate signs packages, so no other certificate the
 * hub CA issued (a client's, say) passes for the hub's.
 */
function trustProblems(signer: X509Certificate, subject: string, trustAnchorPem: string): string[] {
  let anchor: X509Certificate;
  try {
    anchor = new X509Certificate(trustAnchorPem);
  } catch {
    return ['the trust anchor is not a PEM X.509 certificate'];
  }
  if (anchor.ca) {
    if (!signer.checkIssued(anchor) || !signer.verify(anchor.publicKey)) return [`the signer (${subject}) was not issued by the trusted hub CA`];
  } else if (signer.fingerprint256 !== anchor.fingerprint256) {
    return [`the signer (${subject}) is not the trusted signing certificate`];
  }
  return extractSigningCertificateProblems(signer.toString()).map((problem) => `the signer (${subject}) is not the hub's extract signing certificate: ${problem}`);
}
