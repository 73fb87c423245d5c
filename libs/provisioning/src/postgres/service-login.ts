import { CREATE_SERVICE_ROLE, SERVICE_ROLE } from '@lantern/persistence';
import { randomBytes } from 'node:crypto';
import { withClient } from './databases';

/**
 * A login for the hub's services on the server of `ownerUrl` (ADR 0018): a member of the
 * services' group role and nothing more, with a new random password on every call (a server
 * with trust authentication ignores it). Returns `ownerUrl` logging in as it. `ownerUrl` must
 * be allowed to create roles. The group role is made here too when the server has none yet,
 * since a login may be wanted before the first migration (which makes it otherwise) has run.
 */
export async function ensureServiceLogin(ownerUrl: string, login: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  await withClient(ownerUrl, async (client) => {
    await client.query(CREATE_SERVICE_ROLE);
    const role = client.escapeIdentifier(login);
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login]);
    await client.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(password)}`);
    await client.query(`GRANT ${SERVICE_ROLE} TO ${role}`);
  });
  const url = new URL(ownerUrl);
  url.username = login;
  url.password = password;
  return url.toString();
}

/** Drops a login made by ensureServiceLogin; its databases' privileges belong to the group role, so nothing else refers to it. */
export async function dropServiceLogin(ownerUrl: string, login: string): Promise<void> {
  await withClient(ownerUrl, (client) => client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(login)}`));
}
