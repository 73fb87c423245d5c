import { Client } from 'pg';

/** The URL of database `name` on the server of `adminUrl` (same credentials and options). */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** The URL with its password masked, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** Creates database `name` unless it exists. `adminUrl` must allow CREATE DATABASE. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } catch (error) {
      // 42P04 duplicate_database: a concurrent caller created it between the check and here.
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
}

/** Drops database `name` if it exists, ending any open connections to it first. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    // WITH (FORCE) (PostgreSQL 13+) terminates sessions atomically, so a pool cannot reconnect in between.
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>, connectTimeoutMs = 5_000): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // An idle client can emit 'error' (e.g. server shutdown); without a listener that would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
