import { LanternError, LanternErrorCode } from '@lantern/errors';
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { EXTRACT_SIGNING_SUBJECT, ExtractSigningKey } from './extract-signing-key';
import { toForgeKey } from './forge-key';

/** Who a client certificate is issued to: always copied from the registration, never from a CSR. */
export interface CertificateHolder {
  readonly clientId: string;
  readonly organizationId: string;
  readonly role: string;
}

export interface IssuedCertificate {
  /** Lower-case hex without leading zeros, as `normalizeSerialNumber` writes it. */
  readonly serialNumber: string;
  readonly fingerprintSha256: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly certificatePem: string;
}

/** node-forge signs and parses RSA keys only, so client keys are RSA of at least this size. */
const MIN_CLIENT_KEY_BITS = 2048;
const GENERATED_CLIENT_KEY_BITS = 2048;
const CA_KEY_BITS = 3072;
const SIGNING_KEY_BITS = 3072;
const CA_VALIDITY_DAYS = 365;
/** Tolerates a client clock a little behind ours when it checks the new certificate. */
const BACKDATE_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The hub's certificate authority for partner client certificates (ADR 0005). It signs
 * certificates whose subject it writes itself from the client's registration; whether a
 * certificate is still good (registration active, not revoked) is decided by the
 * certificate registry, not by anything inside the certificate. It also issues the extract
 * signing certificate; its own key signs certificates only.
 */
export class HubCertificateAuthority {
  private readonly certificate: forge.pki.Certificate;
  private readonly privateKey: forge.pki.rsa.PrivateKey;
  readonly certificatePem: string;

  private constructor(
    certificatePem: string,
    privateKey: KeyObject,
    readonly ephemeral: boolean,
  ) {
    this.certificatePem = certificatePem;
    this.certificate = forge.pki.certificateFromPem(certificatePem);
    this.privateKey = toForgeKey(privateKey);
  }

  /** The configured CA: an RSA key and the CA certificate whose public key it matches. */
  static fromConfiguration(certificatePem: string, privateKey: KeyObject): HubCertificateAuthority {
    const certificate = new X509Certificate(certificatePem);
    if (!certificate.ca) throw new Error('the CA certificate is not a CA certificate (basicConstraints cA is not set)');
    if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('the CA key must be an RSA key (node-forge signs with RSA only)');
    if (!certificate.checkPrivateKey(privateKey)) throw new Error('the CA key does not belong to the CA certificate');
    return new HubCertificateAuthority(certificatePem, privateKey, false);
  }

  /** A throwaway CA for `npm start` and tests (only when LANTERN_DEV_EPHEMERAL_KEYS=true). */
  static ephemeral(): HubCertificateAuthority {
    const { certificatePem, privateKey } = generateCertificateAuthority('Lantern hub client CA (ephemeral)');
    return new HubCertificateAuthority(certificatePem, privateKey, true);
  }

  /** Signs a certificate for the key in a PKCS#10 request; the request's subject is ignored. */
  issueFromCsr(csrPem: string, holder: CertificateHolder, validityDays: number, now = new Date()): IssuedCertificate {
    const publicKey = readCsrPublicKey(csrPem);
    return this.issue(publicKey, holder, validityDays, now);
  }

  /**
   * Generates a key pair and returns it with its certificate as a password-protected PKCS#12
   * file (for partners who cannot make a CSR). The hub does not keep the private key.
   */
  issueWithNewKey(holder: CertificateHolder, validityDays: number, pkcs12Password: string, now = new Date()) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: GENERATED_CLIENT_KEY_BITS });
    const forgeKey = toForgeKey(privateKey);
    const issued = this.issue(forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), holder, validityDays, now);
    const pkcs12 = forge.pkcs12.toPkcs12Asn1(forgeKey, [forge.pki.certificateFromPem(issued.certificatePem), this.certificate], pkcs12Password, {
      algorithm: 'aes256',
      friendlyName: holder.clientId,
      generateLocalKeyId: true,
    });
    return { certificate: issued, pkcs12: Buffer.from(forge.asn1.toDer(pkcs12).getBytes(), 'binary') };
  }

  /**
   * A new key with a certificate that may sign extract manifests and nothing else (its own
   * subject, keyUsage digitalSignature alone), valid as long as this CA.
   */
  issueExtractSigningKey(now = new Date()): ExtractSigningKey {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: SIGNING_KEY_BITS });
    const key = toForgeKey(privateKey);
    const certificate = this.certify(
      forge.pki.setRsaPublicKey(key.n, key.e),
      EXTRACT_SIGNING_SUBJECT,
      [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, critical: true },
      ],
      now,
      this.certificate.validity.notAfter,
    );
    return new ExtractSigningKey(forge.pki.certificateToPem(certificate), privateKey, this.certificatePem, this.ephemeral);
  }

  private issue(publicKey: forge.pki.rsa.PublicKey, holder: CertificateHolder, validityDays: number, now: Date): IssuedCertificate {
    const subject = [
      { shortName: 'CN', value: holder.clientId },
      { shortName: 'O', value: holder.organizationId },
      { shortName: 'OU', value: holder.role },
    ];
    const certificate = this.certify(
      publicKey,
      subject,
      [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
      ],
      now,
      new Date(now.getTime() + validityDays * DAY_MS),
    );
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
    return {
      serialNumber: normalizeSerialNumber(certificate.serialNumber),
      fingerprintSha256: certificateFingerprint(der),
      subject: `CN=${holder.clientId}, O=${holder.organizationId}, OU=${holder.role}`,
      notBefore: certificate.validity.notBefore,
      notAfter: certificate.validity.notAfter,
      certificatePem: forge.pki.certificateToPem(certificate),
    };
  }

  /** A certificate for `publicKey` signed by this CA, with a random serial and the key identifiers chain building needs. */
  private certify(publicKey: forge.pki.rsa.PublicKey, subject: ReadonlyArray<{ shortName: string; value: string }>, extensions: object[], now: Date, notAfter: Date) {
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = publicKey;
    certificate.serialNumber = randomSerialNumber();
    certificate.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
    certificate.validity.notAfter = notAfter;
    // Copies: node-forge writes into the attributes it is given.
    certificate.setSubject(subject.map((attribute) => ({ ...attribute })));
    certificate.setIssuer(this.certificate.subject.attributes);
    certificate.setExtensions([
      ...extensions,
      { name: 'subjectKeyIdentifier' },
      // Chain building matches this against the CA's own key identifier.
      { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyIdentifier(this.certificate) },
    ]);
    certificate.sign(this.privateKey, forge.md.sha256.create());
    return certificate;
  }
}

/** SHA-256 of the DER certificate, lower-case hex: how the registry recognises a presented certificate. */
export function certificateFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Serial numbers compare as integers: lower-case hex without leading zeros (TLS peers report upper case). */
export function normalizeSerialNumber(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

/** 127 random bits, positive as DER requires (RFC 5280 asks for at least 64 unpredictable bits). */
function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function readCsrPublicKey(csrPem: string): forge.pki.rsa.PublicKey {
  const refuse = (detail: string): never => {
    throw new LanternError(LanternErrorCode.InvalidRequest, detail);
  };
  let csr: forge.pki.CertificateSigningRequest;
  try {
    csr = forge.pki.certificationRequestFromPem(csrPem);
  } catch {
    return refuse(`csrPem must be a PEM PKCS#10 certificate signing request for an RSA key of at least ${MIN_CLIENT_KEY_BITS} bits`);
  }
  // The signature proves the requester holds the private key.
  if (!signedByItsOwnKey(csr)) refuse('csrPem is not signed by the key it names');
  const publicKey = csr.publicKey as forge.pki.rsa.PublicKey;
  if (publicKey.n.bitLength() < MIN_CLIENT_KEY_BITS) refuse(`csrPem key must have at least ${MIN_CLIENT_KEY_BITS} bits`);
  return publicKey;
}

/** node-forge throws, rather than answering false, for some signatures that do not verify. */
function signedByItsOwnKey(csr: forge.pki.CertificateSigningRequest): boolean {
  try {
    return csr.verify();
  } catch {
    return false;
  }
}

function authorityKeyIdentifier(caCertificate: forge.pki.Certificate): string {
  const declared = caCertificate.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  return declared?.subjectKeyIdentifier ? forge.util.hexToBytes(declared.subjectKeyIdentifier) : caCertificate.generateSubjectKeyIdentifier().getBytes();
}

/** A new self-signed CA key and certificate (the ephemeral development CA; tests; a first production CA). */
export function generateCertificateAuthority(commonName: string, now = new Date()): { certificatePem: string; privateKey: KeyObject } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: CA_KEY_BITS });
  const key = toForgeKey(privateKey);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  certificate.serialNumber = randomSerialNumber();
  certificate.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  certificate.validity.notAfter = new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS);
  const subject = [
    { shortName: 'CN', value: commonName },
    { shortName: 'O', value: 'Lantern' },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(key, forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(certificate), privateKey };
}
