import { ClientRegistry } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import { runLantern } from '../testing/run-lantern';

/** Runs `npm run lantern -- clients add ...` as an operator bootstrapping a hub would. */
const lanternClientsAdd = (args: string[], environment: Record<string, string | undefined>) => runLantern(['clients', 'add', ...args], environment);

describe('lantern clients add', () => {
  let database: MigratedTestDatabase;
  let clients: ClientRegistry;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    clients = new ClientRegistry(database.dataSource, new AuditLog(database.dataSource));
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('registers the first steward client and prints its id and secret, which then authenticate', async () => {
    const run = await lanternClientsAdd(['--role', 'steward', '--organization', 'sea', '--name', 'State data steward'], { DATABASE_URL: database.url });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const clientId = /^client_id: +(\S+)$/m.exec(run.stdout)?.[1] as string;
    const clientSecret = /^client_secret: +(\S+)$/m.exec(run.stdout)?.[1] as string;
    expect(run.stdout).toContain('Registered API client "State data steward" (steward, organisation sea).');
    const check = await clients.checkSecret(clientId, clientSecret);
    expect(check).toMatchObject({ accepted: true, registration: { role: 'steward', organizationId: 'sea', createdBy: 'cli' } });
  });

  it('explains bad arguments in terms of its options, with exit status 2, and registers nothing', async () => {
    const before = await clients.list();
    const badRole = await lanternClientsAdd(['--role', 'admin', '--organization', 'sea', '--name', 'x'], { DATABASE_URL: database.url });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('lantern clients add: --role must be one of steward, researcher, agency, school, district');
    const badSchool = await lanternClientsAdd(['--role', 'school', '--organization', 'grand-bend', '--name', 'x'], { DATABASE_URL: database.url });
    expect(badSchool.stderr).toContain('--organization of a school client must be its Ed-Fi educationOrganizationId');
    expect(await clients.list()).toEqual(before);
  });

  it('stops with exit status 78 and one line when DATABASE_URL is missing', async () => {
    const run = await lanternClientsAdd(['--role', 'steward', '--organization', 'sea', '--name', 'x'], {});
    expect(run).toMatchObject({ code: 78, stderr: 'Invalid configuration: DATABASE_URL is required but not set\n', stdout: '' });
  });
});
