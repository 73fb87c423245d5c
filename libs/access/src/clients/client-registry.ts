import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { Role, ROLES } from '@lantern/governance';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { clientSecretMatches, generateClientSecret, hashClientSecret } from './client-secret';

export type ClientStatus = 'active' | 'disabled';

/** A registered API client, as stewards see it (never its secret). */
export interface ClientRegistration {
  readonly clientId: string;
  readonly role: Role;
  readonly organizationId: string;
  readonly displayName: string;
  readonly status: ClientStatus;
  readonly createdAt: string;
  /** The steward client that registered it, or 'cli' for the bootstrap command. */
  readonly createdBy: string;
  readonly disabledAt: string | null;
}

export interface NewClient {
  readonly role: Role;
  readonly organizationId: string;
  readonly displayName: string;
}

export type SecretCheck =
  | { readonly accepted: true; readonly registration: ClientRegistration }
  | { readonly accepted: false; readonly reason: 'unknown-client' | 'wrong-secret' | 'disabled'; readonly registration?: ClientRegistration };

/** Schools and districts are Ed-Fi education organisations: their records name them by this integer id. */
const EDUCATION_ORGANIZATION_ROLES: readonly Role[] = [Role.School, Role.District];
const EDUCATION_ORGANIZATION_ID = /^[1-9]\d{0,15}$/;
const ORGANIZATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const MAX_DISPLAY_NAME = 100;

/** Checks a registration request (from the API or the CLI); the message names the field, never echoes it. */
export function parseNewClient(input: unknown): NewClient {
  return parseMembership(input, 'client');
}

/**
 * The role, organisation and display name an API client or a console person acts with, checked
 * the same way for both; `holder` names which in the message, which names the field and never echoes it.
 */
export function parseMembership(input: unknown, holder: 'client' | 'person'): NewClient {
  const { role, organizationId, displayName } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const invalid = (detail: string): never => {
    throw new LanternError(LanternErrorCode.InvalidRequest, detail);
  };
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) invalid(`role must be one of ${ROLES.join(', ')}`);
  if (typeof organizationId !== 'string' || !ORGANIZATION_ID.test(organizationId)) {
    invalid('organizationId must be 1 to 64 letters, digits or . _ : - (starting with a letter or digit)');
  }
  if (EDUCATION_ORGANIZATION_ROLES.includes(role as Role) && !EDUCATION_ORGANIZATION_ID.test(organizationId as string)) {
    invalid(`organizationId of a ${role} ${holder} must be its Ed-Fi educationOrganizationId (a whole number)`);
  }
  if (typeof displayName !== 'string' || displayName.trim().length === 0 || displayName.length > MAX_DISPLAY_NAME) {
    invalid(`displayName must be 1 to ${MAX_DISPLAY_NAME} characters`);
  }
  return { role: role as Role, organizationId: organizationId as string, displayName: (displayName as string).trim() };
}

interface ClientRow {
  client_id: string;
  secret_hash: string;
  role: Role;
  organization_id: string;
  display_name: string;
  status: ClientStatus;
  created_at: Date;
  created_by: string;
  disabled_at: Date | null;
}

const REGISTRATION_COLUMNS = 'client_id, role, organization_id, display_name, status, created_at, created_by, disabled_at';

/** API client registrations in PostgreSQL: who may ask for tokens or certificates, with which role and organisation. */
export class ClientRegistry {
  private decoyHash?: Promise<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
  ) {}

  /** Registers a client, audited with who did it; the secret is returned here once and stored only as a hash. */
  async register(client: NewClient, createdBy: string): Promise<{ registration: ClientRegistration; clientSecret: string }> {
    const clientId = `lc_${randomBytes(12).toString('base64url')}`;
    const clientSecret = generateClientSecret();
    const secretHash = await hashClientSecret(clientSecret);
    const registration = await this.dataSource.transaction(async (manager) => {
      const [row]: ClientRow[] = await manager.query(
        `INSERT INTO api_client (client_id, secret_hash, role, organization_id, display_name, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${REGISTRATION_COLUMNS}`,
        [clientId, secretHash, client.role, client.organizationId, client.displayName, createdBy],
      );
      await this.auditLog.append(
        { kind: 'client-registered', actor: createdBy, subject: `client:${clientId}`, details: { role: client.role, organizationId: client.organizationId } },
        manager,
      );
      return toRegistration(row);
    });
    return { registration, clientSecret };
  }

  async find(clientId: string): Promise<ClientRegistration | undefined> {
    const [row]: ClientRow[] = await this.dataSource.query(`SELECT ${REGISTRATION_COLUMNS} FROM api_client WHERE client_id = $1`, [clientId]);
    return row && toRegistration(row);
  }

  /** The registration, or the same not-found error for every unknown id. */
  async get(clientId: string): Promise<ClientRegistration> {
    const registration = await this.find(clientId);
    if (!registration) throw new LanternError(LanternErrorCode.RecordNotFound, 'No API client with that id.');
    return registration;
  }

  async list(): Promise<ClientRegistration[]> {
    const rows: ClientRow[] = await this.dataSource.query(`SELECT ${REGISTRATION_COLUMNS} FROM api_client ORDER BY created_at, client_id`);
    return rows.map(toRegistration);
  }

  /** Disables a client: its tokens and certificates stop working on their next request. Disabling twice changes nothing. */
  async disable(clientId: string, disabledBy: string): Promise<ClientRegistration> {
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE with [rows, affected count].
      const [[row]]: [ClientRow[], number] = await manager.query(
        `UPDATE api_client SET status = 'disabled', disabled_at = coalesce(disabled_at, now())
          WHERE client_id = $1 RETURNING ${REGISTRATION_COLUMNS}`,
        [clientId],
      );
      if (!row) throw new LanternError(LanternErrorCode.RecordNotFound, 'No API client with that id.');
      await this.auditLog.append({ kind: 'client-disabled', actor: disabledBy, subject: `client:${clientId}`, details: { role: row.role, organizationId: row.organization_id } }, manager);
      return toRegistration(row);
    });
  }

  /** Checks a client id and secret. A wrong secret is reported before a disabled status, so status leaks only to the secret's holder. */
  async checkSecret(clientId: string, secret: string): Promise<SecretCheck> {
    const [row]: ClientRow[] = await this.dataSource.query(`SELECT * FROM api_client WHERE client_id = $1`, [clientId]);
    if (!row) {
      // Same scrypt work as for a known client, so response time does not tell which ids exist.
      this.decoyHash ??= hashClientSecret(generateClientSecret());
      await clientSecretMatches(secret, await this.decoyHash);
      return { accepted: false, reason: 'unknown-client' };
    }
    const registration = toRegistration(row);
    if (!(await clientSecretMatches(secret, row.secret_hash))) return { accepted: false, reason: 'wrong-secret', registration };
    if (registration.status !== 'active') return { accepted: false, reason: 'disabled', registration };
    return { accepted: true, registration };
  }
}

function toRegistration(row: Omit<ClientRow, 'secret_hash'>): ClientRegistration {
  return {
    clientId: row.client_id,
    role: row.role,
    organizationId: row.organization_id,
    displayName: row.display_name,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    disabledAt: row.disabled_at?.toISOString() ?? null,
  };
}
