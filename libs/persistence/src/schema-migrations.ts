import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

const LIBS = path.resolve(__dirname, '../..');

/**
 * Every owner's schema changes, in one order. Each library keeps its migrations beside its code
 * in `src/migrations/`, exported from that folder's index; they are found here by that
 * convention rather than imported, because every library's tests need a migrated database
 * (through test-environment, which uses this), and a static import of the libraries would make
 * each of them depend on itself (ADR 0012). The order is by timestamp, the order TypeORM runs
 * them in, so a migration may rely on the tables of any older one.
 */
export const SCHEMA_MIGRATIONS: MigrationClass[] = discoverMigrations(LIBS);

export function discoverMigrations(libsDirectory: string): MigrationClass[] {
  const found: MigrationClass[] = [];
  for (const library of readdirSync(libsDirectory).sort()) {
    const index = path.join(libsDirectory, library, 'src', 'migrations', 'index.ts');
    if (!existsSync(index)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- discovery by convention, see above
    const exported: Record<string, unknown> = require(index);
    for (const value of Object.values(exported)) if (Array.isArray(value)) found.push(...(value as MigrationClass[]));
  }
  return found.sort((a, b) => timestampOf(a.name) - timestampOf(b.name));
}

function timestampOf(name: string): number {
  const timestamp = /(\d{13})$/.exec(name)?.[1];
  if (!timestamp) throw new Error(`migration ${name} does not end in its 13-digit timestamp`);
  return Number(timestamp);
}
