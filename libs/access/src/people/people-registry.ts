import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { Role } from '@lantern/governance';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { parseMembership } from '../clients/client-registry';

/** A person who may sign in to the console: who their identity provider says they are, and what they act as in the hub. */
export interface ConsolePerson {
  readonly personId: string;
  /** The identity provider's issuer and its subject for the person (the `iss` and `sub` of their ID token). */
  readonly issuer: string;
  readonly subject: string;
  readonly role: Role;
  readonly organizationId: string;
  readonly displayName: string;
  readonly createdAt: string;
  /** The steward (client or person) that added them, or 'cli' / 'npm start'. */
  readonly createdBy: string;
}

export type NewConsolePerson = Pick<ConsolePerson, 'issuer' | 'subject' | 'role' | 'organizationId' | 'displayName'>;

const MAX_SUBJECT = 255;

/** Checks a steward's request to add a person; the message names the field, never echoes it. */
export function parseNewConsolePerson(input: unknown): NewConsolePerson {
  const membership = parseMembership(input, 'person');
  const { issuer, subject } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (typeof issuer !== 'string' || !isHttpUrl(issuer)) throw new LanternError(LanternErrorCode.InvalidRequest, "issuer must be the identity provider's issuer URL");
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT) {
    throw new LanternError(LanternErrorCode.InvalidRequest, `subject must be 1 to ${MAX_SUBJECT} characters: the identity provider's "sub" for the person`);
  }
  return { ...membership, issuer, subject };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The audit log's actor for a person signed in to the console, and their Principal's clientId. */
export function personActor(personId: string): string {
  return `person:${personId}`;
}

export interface PersonRow {
  person_id: string;
  issuer: string;
  subject: string;
  role: Role;
  organization_id: string;
  display_name: string;
  created_at: Date;
  created_by: string;
}

const PERSON_COLUMNS = 'person_id, issuer, subject, role, organization_id, display_name, created_at, created_by';

/** The people kept in the hub who may sign in to the console, each mapped to one role and organisation; stewards add and remove them. */
export class PeopleRegistry {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
  ) {}

  /** Adds a person, audited with who did it; the same (issuer, subject) twice is a conflict. */
  async add(person: NewConsolePerson, addedBy: string): Promise<ConsolePerson> {
    const personId = `lp_${randomBytes(12).toString('base64url')}`;
    return this.dataSource.transaction(async (manager) => {
      const [row]: PersonRow[] = await manager.query(
        `INSERT INTO console_person (person_id, issuer, subject, role, organization_id, display_name, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (issuer, subject) DO NOTHING RETURNING ${PERSON_COLUMNS}`,
        [personId, person.issuer, person.subject, person.role, person.organizationId, person.displayName, addedBy],
      );
      if (!row) throw new LanternError(LanternErrorCode.Conflict, 'A person with that issuer and subject is already registered.');
      await this.auditLog.append(
        { kind: 'person-added', actor: addedBy, subject: personActor(personId), details: { role: person.role, organizationId: person.organizationId, issuer: person.issuer } },
        manager,
      );
      return toPerson(row);
    });
  }

  async list(): Promise<ConsolePerson[]> {
    const rows: PersonRow[] = await this.dataSource.query(`SELECT ${PERSON_COLUMNS} FROM console_person ORDER BY created_at, person_id`);
    return rows.map(toPerson);
  }

  /** Who the identity provider's (issuer, subject) is in the hub, if anyone. */
  async findByIdentity(issuer: string, subject: string): Promise<ConsolePerson | undefined> {
    const [row]: PersonRow[] = await this.dataSource.query(`SELECT ${PERSON_COLUMNS} FROM console_person WHERE issuer = $1 AND subject = $2`, [issuer, subject]);
    return row && toPerson(row);
  }

  /** Removes a person: their sessions end with them, at once. */
  async remove(personId: string, removedBy: string): Promise<ConsolePerson> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [PersonRow[], number] = await manager.query(`DELETE FROM console_person WHERE person_id = $1 RETURNING ${PERSON_COLUMNS}`, [personId]);
      const [row] = rows;
      if (!row) throw new LanternError(LanternErrorCode.RecordNotFound, 'No person with that id.');
      await this.auditLog.append({ kind: 'person-removed', actor: removedBy, subject: personActor(personId), details: { role: row.role, organizationId: row.organization_id } }, manager);
      return toPerson(row);
    });
  }
}

export function toPerson(row: PersonRow): ConsolePerson {
  return {
    personId: row.person_id,
    issuer: row.issuer,
    subject: row.subject,
    role: row.role,
    organizationId: row.organization_id,
    displayName: row.display_name,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}
