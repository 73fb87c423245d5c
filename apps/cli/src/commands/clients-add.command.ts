import { ClientRegistry, parseNewClient } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { HUB_CONNECTION_SETTINGS, loadSettingsOrExit } from '@lantern/config';
import { LanternError } from '@lantern/errors';
import { ROLES } from '@lantern/governance';
import { createServiceDataSource } from '@lantern/persistence';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError, type Command } from '../command';

const USAGE = `Usage: lantern clients add --role <role> --organization <id> --name <display name>

Registers an API client in the hub database and prints its client id and secret, once: the
hub keeps only a hash of the secret. This is how a fresh hub gets its first steward client;
stewards then register other clients through the API (POST /clients).

Options:
  --role <role>          ${ROLES.join(', ')}
  --organization <id>    the organisation the client acts for; for a school or district its
                         Ed-Fi educationOrganizationId, e.g. 255901001
  --name <name>          display name, e.g. "State data steward"
  -h, --help             show this help

Environment: DATABASE_URL (required; the services' login, a member of lantern_service, never the
tables' owner; the schema must be migrated: npm run migration:run).
Exit status: 0 when registered; 1 when the database refused; 2 for bad arguments; 78 for bad settings
(a login that could change the schema included).
`;

const OPTION_FOR_FIELD: Record<string, string> = { role: '--role', organizationId: '--organization', displayName: '--name' };

/** PostgreSQL's undefined_table: the migrations have not run against this database. */
const UNDEFINED_TABLE = '42P01';

function parseClientArguments(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      options: { role: { type: 'string' }, organization: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { role, organization, name, help } = parsed.values;
  if (help) return { help };
  try {
    return { help, client: parseNewClient({ role, organizationId: organization, displayName: name }) };
  } catch (error) {
    // The registration rules name API fields; say them as this command's options.
    if (error instanceof LanternError) throw new UsageError(error.detail.replace(/^\w+/, (field) => OPTION_FOR_FIELD[field] ?? field));
    throw error;
  }
}

export const clientsAddCommand: Command = {
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseClientArguments(args);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`lantern clients add: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (!parsed.client) {
      io.stdout.write(USAGE);
      return 0;
    }
    const { DATABASE_URL } = loadSettingsOrExit({ DATABASE_URL: HUB_CONNECTION_SETTINGS.DATABASE_URL });
    const dataSource = createServiceDataSource(DATABASE_URL, { applicationName: 'lantern-cli', poolSize: 1 });
    await dataSource.initialize();
    try {
      const { registration, clientSecret } = await new ClientRegistry(dataSource, new AuditLog(dataSource)).register(parsed.client, 'cli');
      io.stdout.write(
        `Registered API client "${registration.displayName}" (${registration.role}, organisation ${registration.organizationId}).\n` +
          `client_id:     ${registration.clientId}\n` +
          `client_secret: ${clientSecret}\n` +
          'The secret is shown only now and cannot be recovered; keep it in a secret store.\n',
      );
      return 0;
    } catch (error) {
      if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
      io.stderr.write('lantern clients add: the database has no client registry yet; run npm run migration:run first\n');
      return 1;
    } finally {
      await dataSource.destroy();
    }
  },
};
