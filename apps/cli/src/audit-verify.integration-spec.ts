import { AuditLog } from '@lantern/audit';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { runLantern } from './testing/run-lantern';

/** Runs `npm run lantern -- audit verify` as an operator would. */
const lanternAuditVerify = (environment: Record<string, string | undefined>, args: string[] = []) => runLantern(['audit', 'verify', ...args], environment);

describe('lantern audit verify', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let auditLog: AuditLog;

  beforeEach(async () => {
    database = await createMigratedTestDatabase({ poolSize: 2 });
    dataSource = database.dataSource;
    auditLog = new AuditLog(dataSource);
    for (let n = 1; n <= 4; n++) await auditLog.append({ kind: 'login', actor: `client-${n}`, details: { authenticatedBy: 'client-secret' } });
  });

  afterEach(async () => {
    await database?.drop();
  });

  /** As an attacker with the owner's rights would: around the append-only trigger. */
  const tamper = (sql: string) =>
    database.owner.transaction(async (manager) => {
      await manager.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
      await manager.query(sql);
      await manager.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    });

  it('proves an untouched chain intact, printing its head, and exits 0', async () => {
    const [head] = await dataSource.query('SELECT hash FROM audit_entry WHERE id = 4');
    const run = await lanternAuditVerify({ DATABASE_URL: database.url });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`audit chain intact: 4 entries (head: entry 4, sha256 ${head.hash})\n`);
  });

  it('names an altered entry and exits 1', async () => {
    await tamper(`UPDATE audit_entry SET actor = 'someone-else' WHERE id = 2`);
    const run = await lanternAuditVerify({ DATABASE_URL: database.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('audit chain broken at entry 2 (altered): entry 2 was altered: its fields no longer match its hash\n1 entry before it intact.\n');
  });

  it('names the entry after a deleted one and exits 1', async () => {
    await tamper('DELETE FROM audit_entry WHERE id = 3');
    const run = await lanternAuditVerify({ DATABASE_URL: database.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('audit chain broken at entry 4 (deleted-before): entries were deleted before entry 4');
  });

  describe('--expect-head <seq>:<sha256>, a head recorded outside the database', () => {
    const headOf = async (id: number) => `${id}:${(await dataSource.query('SELECT hash FROM audit_entry WHERE id = $1', [id]))[0].hash}`;

    it('proves the chain still contains it and prints the head it verified', async () => {
      const earlier = await headOf(3);
      const [head] = await dataSource.query('SELECT hash FROM audit_entry WHERE id = 4');
      const run = await lanternAuditVerify({ DATABASE_URL: database.url }, ['--expect-head', earlier]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toBe(`audit chain intact: 4 entries (head: entry 4, sha256 ${head.hash})\ncontains the expected head: entry 3, sha256 ${earlier.slice(2)}\n`);
    });

    it('fails, naming the expected head, when the last entries were deleted by the table owner', async () => {
      const head = await headOf(4);
      await tamper('DELETE FROM audit_entry WHERE id >= 3');
      const run = await lanternAuditVerify({ DATABASE_URL: database.url }, ['--expect-head', head]);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toBe(
        `audit chain broken at entry 4 (cut): the expected head (entry 4, sha256 ${head.slice(2)}) is not in the log: the log ends at entry 2, so entries were cut from its end\n2 entries before it intact.\n`,
      );
    });

    it('fails when the last entries were deleted and the log went on past the expected head', async () => {
      const head = await headOf(4);
      await tamper('DELETE FROM audit_entry WHERE id >= 3');
      for (const actor of ['after-the-cut-1', 'after-the-cut-2']) await auditLog.append({ kind: 'login', actor, details: {} });
      const run = await lanternAuditVerify({ DATABASE_URL: database.url }, ['--expect-head', head]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `audit chain broken at entry 4 (rewritten): the expected head (entry 4, sha256 ${head.slice(2)}) is not in the log: the log has no entry 4 though it goes on past it`,
      );
    });

    it('refuses a head that is not <seq>:<sha256>', async () => {
      const run = await lanternAuditVerify({ DATABASE_URL: database.url }, ['--expect-head', '4']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--expect-head "4" is not <seq>:<sha256>');
    });
  });

  it('exits 2 for unknown arguments and 78 without DATABASE_URL', async () => {
    expect((await lanternAuditVerify({ DATABASE_URL: database.url }, ['--fast'])).code).toBe(2);
    const unset = await lanternAuditVerify({});
    expect(unset.code).toBe(78);
    expect(unset.stderr).toContain('DATABASE_URL is required');
  });

  it('refuses to run as the tables’ owner, who could drop the append-only triggers: exit 78 and one line', async () => {
    const run = await lanternAuditVerify({ DATABASE_URL: database.ownerUrl });
    expect(run).toMatchObject({ code: 78, stdout: '' });
    expect(run.stderr).toMatch(/^lantern: DATABASE_URL logs in as [^\n]+, which [^\n]+: services log in as a member of lantern_service[^\n]*\n$/);
  });
});
