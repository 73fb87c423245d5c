import { migrateDatabase } from '@lantern/persistence';
import { createTestDatabase, type TestDatabase } from '@lantern/test-environment';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/** The schema of a database as its catalogue describes it, in a stable order, privileges aside. */
async function schemaOf(url: string): Promise<Record<string, string[]>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const rows = async (sql: string) => (await client.query<{ item: string }>(sql)).rows.map((row) => row.item);
  try {
    return {
      columns: await rows(`
        SELECT format('%s.%s %s %s default %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END,
                      coalesce(pg_get_expr(d.adbin, d.adrelid), '-')) AS item
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v')
         ORDER BY c.relname, a.attnum`),
      constraints: await rows(`
        SELECT format('%s %s %s', cl.relname, co.conname, pg_get_constraintdef(co.oid)) AS item
          FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
         WHERE n.nspname = 'public' ORDER BY 1`),
      indexes: await rows(`SELECT indexdef AS item FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`),
      views: await rows(`SELECT format('%s: %s', viewname, definition) AS item FROM pg_views WHERE schemaname = 'public' ORDER BY viewname`),
      triggers: await rows(
        `SELECT pg_get_triggerdef(t.oid) AS item FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1`,
      ),
      functions: await rows(`SELECT format('%s: %s', p.proname, p.prosrc) AS item FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`),
      sequences: await rows(`SELECT sequencename AS item FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`),
    };
  } finally {
    await client.end();
  }
}

/** Runs a plain-SQL dump on its own connection (it sets the search path for itself). */
async function load(url: string, sqlFile: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(readFileSync(sqlFile, 'utf8'));
  } finally {
    await client.end();
  }
}

describe('moving the migrations to their owners changes no existing database', () => {
  let upgraded: TestDatabase;
  let fresh: TestDatabase;

  beforeAll(async () => {
    [upgraded, fresh] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });

  afterAll(async () => {
    await Promise.all([upgraded?.drop(), fresh?.drop()]);
  });

  it('migrates a database built by main before the move to exactly the schema a new database gets', async () => {
    await load(upgraded.ownerUrl, path.join(__dirname, 'fixtures/schema-at-eaa4263.sql'));
    const applied = await migrateDatabase(upgraded.ownerUrl);
    // The parts split off to their owners find their tables already there; then the new changes.
    expect(applied).toEqual([
      'IngestRejectsAndCounters1764000000001',
      'RecordEnrolmentsByStudent1764000100001',
      'RecordOfDisclosures1764000210001',
      'RecordPerson1764000300001',
      'RecordCurrentVersion1764900000000',
      'PublishedCrosswalk1764900100000',
      'ExtractPackageDestruction1765111000000',
      'SharedIdNamespace1765120000000',
      'ProjectCohortLabel1765200000000',
      'ProducingSystems1765300000000',
      'CareNoticeTombstoneRepeat1765410000000',
      'ProducerEducationOrganizations1765420000000',
      'ServiceRolePrivileges1765520000000',
      'AgreementRowLock1765520000001',
      'IdentityModelVersions1765613000000',
      'OutcomeIndicators1765800000000',
      'ConsolePeopleAndSessions1765900000000',
      'EarlyWarningThresholds1766100000000',
      'IngestHourlyCounts1766210000000',
      'CurrentEnrolmentsBySchool1766300000000',
      'AuditEntriesByKind1766410000000',
      'LinkedExtractReleases1766520000000',
    ]);
    await migrateDatabase(fresh.ownerUrl);
    expect(await schemaOf(upgraded.ownerUrl)).toEqual(await schemaOf(fresh.ownerUrl));
  });
});
