import type { AuditLog } from '@lantern/audit';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type ConsolePerson, personActor, type PersonRow, toPerson } from '../people/people-registry';

export interface ConsoleSessionLimits {
  /** A session no request used for this long is over. */
  readonly idleMinutes: number;
  /** A session is over this long after sign-in, however busy. */
  readonly lifetimeHours: number;
}

/** A live console session: the person (as registered now) and the token their state-changing requests must carry. */
export interface ConsoleSession {
  readonly person: ConsolePerson;
  readonly csrfToken: string;
}

/** The session id the cookie carries: 256 random bits, base64url. */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The session's CSRF token, derived from its id (which only the person's browser holds), so it
 * needs no storage and tells nothing about the id; a page reads it from GET /auth/session.
 */
export function csrfTokenOf(sessionToken: string): string {
  return sha256(`lantern-csrf:${sessionToken}`).toString('base64url');
}

/** Whether a presented CSRF token is the session's, compared in constant time. */
export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Console sessions kept server-side (ADR 0023): the table holds only a SHA-256 of each session id,
 * so its rows cannot be replayed as cookies. A session ends after `idleMinutes` without a request,
 * `lifetimeHours` after sign-in, at sign-out, or when its person is removed. The person's role and
 * organisation are read on every request, so a steward's change applies at once.
 */
export class ConsoleSessions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
    private readonly limits: ConsoleSessionLimits,
  ) {}

  /** Starts a session for a person who just signed in (audited as their login); the token goes in their cookie and is not kept. */
  async start(person: ConsolePerson, details: Record<string, unknown>): Promise<{ sessionToken: string; session: ConsoleSession }> {
    const sessionToken = randomBytes(32).toString('base64url');
    await this.dataSource.transaction(async (manager) => {
      // Sessions that ran out are cleared here, so the table holds live ones and a few stale ones, without background work.
      await manager.query(`DELETE FROM console_session WHERE ${expired('$1', '$2')}`, [this.limits.idleMinutes, this.limits.lifetimeHours]);
      await manager.query(`INSERT INTO console_session (session_hash, person_id) VALUES ($1, $2)`, [sessionHash(sessionToken), person.personId]);
      await this.auditLog.append(
        {
          kind: 'login',
          actor: personActor(person.personId),
          subject: personActor(person.personId),
          details: { method: 'oidc', role: person.role, organizationId: person.organizationId, ...details },
        },
        manager,
      );
    });
    return { sessionToken, session: { person, csrfToken: csrfTokenOf(sessionToken) } };
  }

  /** The live session this token names, its idle clock restarted; undefined when there is none (never was, expired, ended). */
  async resume(sessionToken: string): Promise<ConsoleSession | undefined> {
    if (!SESSION_TOKEN.test(sessionToken)) return undefined;
    const hash = sessionHash(sessionToken);
    const [row]: PersonRow[] = await this.dataSource.query(
      `WITH live AS (
         UPDATE console_session SET last_seen_at = now() WHERE session_hash = $1 AND NOT (${expired('$2', '$3')}) RETURNING person_id
       )
       SELECT p.* FROM live JOIN console_person p USING (person_id)`,
      [hash, this.limits.idleMinutes, this.limits.lifetimeHours],
    );
    if (!row) {
      await this.dataSource.query(`DELETE FROM console_session WHERE session_hash = $1`, [hash]);
      return undefined;
    }
    return { person: toPerson(row), csrfToken: csrfTokenOf(sessionToken) };
  }

  /** Ends a session at sign-out, audited under its person. */
  async end(sessionToken: string, person: ConsolePerson): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM console_session WHERE session_hash = $1`, [sessionHash(sessionToken)]);
      await this.auditLog.append({ kind: 'logout', actor: personActor(person.personId), subject: personActor(person.personId), details: { method: 'oidc' } }, manager);
    });
  }
}

/** The condition on sessions past their idle timeout or lifetime, given the query parameters holding minutes and hours. */
function expired(idleMinutes: string, lifetimeHours: string): string {
  return `last_seen_at <= now() - make_interval(mins => ${idleMinutes}::int) OR created_at <= now() - make_interval(hours => ${lifetimeHours}::int)`;
}

function sessionHash(sessionToken: string): string {
  return sha256(sessionToken).toString('hex');
}
