import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { DataSource } from 'typeorm';
import type { ClientRegistration, ClientRegistry } from '../clients/client-registry';
import { certificateFingerprint, type HubCertificateAuthority, type IssuedCertificate, normalizeSerialNumber } from './hub-certificate-authority';

/** RFC 5280 CRLReason names a steward can give. */
export const REVOCATION_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

const MAX_VALIDITY_DAYS = 397;
const DEFAULT_VALIDITY_DAYS = 365;
const MIN_PKCS12_PASSWORD = 12;
const MAX_PKCS12_PASSWORD = 128;

/** Either the partner's CSR (preferred: its key never leaves it), or a password for a generated key's PKCS#12 file. */
export type CertificateRequest = { readonly csrPem: string; readonly validityDays: number } | { readonly pkcs12Password: string; readonly validityDays: number };

export interface ClientCertificate {
  readonly serialNumber: string;
  readonly clientId: string;
  readonly fingerprintSha256: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
}

export interface CertificateIssue {
  readonly certificate: ClientCertificate;
  readonly certificatePem: string;
  /** The hub CA certificate the client's TLS stack may need to send a complete chain. */
  readonly caCertificatePem: string;
  /** Only for a generated key: certificate, CA certificate and private key, encrypted with the caller's password. */
  readonly pkcs12Base64?: string;
}

export type CertificateCheck =
  | { readonly accepted: true; readonly registration: ClientRegistration; readonly serialNumber: string }
  | { readonly accepted: false; readonly reason: 'unknown-certificate' | 'revoked' | 'expired' | 'client-disabled' };

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

export function parseCertificateRequest(input: unknown): CertificateRequest {
  const { csrPem, pkcs12Password, validityDays = DEFAULT_VALIDITY_DAYS } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (!Number.isInteger(validityDays) || (validityDays as number) < 1 || (validityDays as number) > MAX_VALIDITY_DAYS) {
    invalid(`validityDays must be a whole number from 1 to ${MAX_VALIDITY_DAYS}`);
  }
  if ((csrPem === undefined) === (pkcs12Password === undefined)) invalid('give exactly one of csrPem (preferred) or pkcs12Password');
  if (csrPem !== undefined) {
    return typeof csrPem === 'string' ? { csrPem, validityDays: validityDays as number } : invalid('csrPem must be a PEM string');
  }
  if (typeof pkcs12Password !== 'string' || pkcs12Password.length < MIN_PKCS12_PASSWORD || pkcs12Password.length > MAX_PKCS12_PASSWORD) {
    invalid(`pkcs12Password must be ${MIN_PKCS12_PASSWORD} to ${MAX_PKCS12_PASSWORD} characters`);
  }
  return { pkcs12Password: pkcs12Password as string, validityDays: validityDays as number };
}

export function parseRevocationReason(input: unknown): RevocationReason {
  const reason = (typeof input === 'object' && input !== null ? (input as Record<string, unknown>).reason : undefined) ?? 'unspecified';
  return (REVOCATION_REASONS as readonly unknown[]).includes(reason) ? (reason as RevocationReason) : invalid(`reason must be one of ${REVOCATION_REASONS.join(', ')}`);
}

interface CertificateRow {
  serial_number: string;
  client_id: string;
  fingerprint_sha256: string;
  subject: string;
  not_before: Date;
  not_after: Date;
  issued_at: Date;
  issued_by: string;
  revoked_at: Date | null;
  revocation_reason: string | null;
}

const NOT_FOUND = 'No client certificate with that serial number.';

/**
 * Certificates the hub CA issued, and which of them are revoked. A presented certificate is
 * only as good as its row here: issued by us, this exact certificate, not revoked, in its
 * validity period, and held by an active client.
 */
export class CertificateRegistry {
  constructor(
    private readonly dataSource: DataSource,
    private readonly authority: HubCertificateAuthority,
    private readonly clients: ClientRegistry,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(clientId: string, request: CertificateRequest, issuedBy: string): Promise<CertificateIssue> {
    const registration = await this.clients.get(clientId);
    if (registration.status !== 'active') invalid('certificates are issued to active clients only');
    const holder = { clientId, organizationId: registration.organizationId, role: registration.role };
    let issued: IssuedCertificate;
    let pkcs12: Buffer | undefined;
    if ('csrPem' in request) issued = this.authority.issueFromCsr(request.csrPem, holder, request.validityDays, this.now());
    else ({ certificate: issued, pkcs12 } = this.authority.issueWithNewKey(holder, request.validityDays, request.pkcs12Password, this.now()));
    const row = await this.dataSource.transaction(async (manager) => {
      const [inserted]: CertificateRow[] = await manager.query(
        `INSERT INTO client_certificate (serial_number, client_id, fingerprint_sha256, subject, not_before, not_after, issued_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [issued.serialNumber, clientId, issued.fingerprintSha256, issued.subject, issued.notBefore, issued.notAfter, issuedBy],
      );
      await this.audit.append({ kind: 'certificate-issued', actor: issuedBy, subject: clientId, details: issueDetails(issued, pkcs12 ? 'generated' : 'csr') }, manager);
      return inserted;
    });
    return {
      certificate: toClientCertificate(row),
      certificatePem: issued.certificatePem,
      caCertificatePem: this.authority.certificatePem,
      ...(pkcs12 && { pkcs12Base64: pkcs12.toString('base64') }),
    };
  }

  async listFor(clientId: string): Promise<ClientCertificate[]> {
    await this.clients.get(clientId);
    return (await this.rowsOf(clientId)).map(toClientCertificate);
  }

  /** Revokes at once: the next request with the certificate is refused. Revoking twice changes nothing. */
  async revoke(serialNumber: string, reason: RevocationReason, revokedBy: string): Promise<ClientCertificate> {
    const serial = normalizeSerialNumber(serialNumber);
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, affected count].
      const [[revoked]]: [CertificateRow[], number] = await manager.query(
        `UPDATE client_certificate SET revoked_at = now(), revoked_by = $2, revocation_reason = $3
          WHERE serial_number = $1 AND revoked_at IS NULL RETURNING *`,
        [serial, revokedBy, reason],
      );
      if (revoked) {
        await this.audit.append({ kind: 'certificate-revoked', actor: revokedBy, subject: revoked.client_id, details: { serialNumber: serial, reason } }, manager);
        return toClientCertificate(revoked);
      }
      const [earlier]: CertificateRow[] = await manager.query(`SELECT * FROM client_certificate WHERE serial_number = $1`, [serial]);
      if (!earlier) throw new LanternError(LanternErrorCode.RecordNotFound, NOT_FOUND);
      return toClientCertificate(earlier);
    });
  }

  /**
   * Whom a certificate that TLS already verified against the hub CA belongs to. Revocation
   * and the client's status are read on every request, so they take effect immediately.
   */
  async holderOf(presented: { serialNumber: string; der: Buffer }): Promise<CertificateCheck> {
    const [row]: CertificateRow[] = await this.dataSource.query(`SELECT * FROM client_certificate WHERE serial_number = $1`, [normalizeSerialNumber(presented.serialNumber)]);
    if (!row || row.fingerprint_sha256 !== certificateFingerprint(presented.der)) return { accepted: false, reason: 'unknown-certificate' };
    const lapsed = lapseOf(row, this.now());
    if (lapsed) return { accepted: false, reason: lapsed };
    const registration = await this.clients.get(row.client_id);
    if (registration.status !== 'active') return { accepted: false, reason: 'client-disabled' };
    return { accepted: true, registration, serialNumber: row.serial_number };
  }

  /** The client's certificates holderOf would accept now: not revoked, in their validity period, the client active. */
  async currentFor(clientId: string): Promise<ClientCertificate[]> {
    if ((await this.clients.get(clientId)).status !== 'active') return [];
    const now = this.now();
    return (await this.rowsOf(clientId)).filter((row) => lapseOf(row, now) === undefined).map(toClientCertificate);
  }

  private rowsOf(clientId: string): Promise<CertificateRow[]> {
    return this.dataSource.query(`SELECT * FROM client_certificate WHERE client_id = $1 ORDER BY issued_at, serial_number`, [clientId]);
  }
}

/** Why a certificate the hub issued no longer holds: revoked, or outside its validity period. */
function lapseOf(row: CertificateRow, now: Date): 'revoked' | 'expired' | undefined {
  if (row.revoked_at) return 'revoked';
  return now.getTime() < row.not_before.getTime() || now.getTime() > row.not_after.getTime() ? 'expired' : undefined;
}

function issueDetails(issued: IssuedCertificate, keySource: 'csr' | 'generated') {
  return { serialNumber: issued.serialNumber, fingerprintSha256: issued.fingerprintSha256, notAfter: issued.notAfter.toISOString(), keySource };
}

function toClientCertificate(row: CertificateRow): ClientCertificate {
  return {
    serialNumber: row.serial_number,
    clientId: row.client_id,
    fingerprintSha256: row.fingerprint_sha256,
    subject: row.subject,
    notBefore: row.not_before.toISOString(),
    notAfter: row.not_after.toISOString(),
    issuedAt: row.issued_at.toISOString(),
    issuedBy: row.issued_by,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revocationReason: row.revocation_reason,
  };
}
