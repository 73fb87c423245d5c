import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { SCHEMA_MIGRATIONS } from './schema-migrations';
import { refuseSchemaChangingLogin } from './service-login';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity list type
type Entities = MixedList<Function | string | EntitySchema>;

/**
 * One way to open the hub's database everywhere (services, CLI, tests): the schema comes
 * only from the migrations below, never from `synchronize`.
 */
/**
 * A DataSource whose every connection has an error listener. node-postgres emits an error on a
 * connection the server ends (a restart, pg_terminate_backend) while it is checked out between
 * queries, and with no listener that error would end the process; handled here, the connection's
 * next query fails instead, which callers retry as a transient database error.
 */
class HubDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    /** Run once connected; a check that throws closes the data source again. */
    private readonly checkLogin?: (dataSource: DataSource) => Promise<void>,
  ) {
    super(options);
  }

  override async initialize(): Promise<this> {
    await super.initialize();
    type Client = { on(event: 'error', listener: () => void): void };
    const pool = (this.driver as unknown as { master?: { on(event: 'acquire', listener: (client: Client) => void): void } }).master;
    // On checkout: an idle connection has the pool's own listener, and the pool may hold connections made during initialize.
    const listened = new WeakSet<Client>();
    pool?.on('acquire', (client) => {
      if (listened.has(client)) return;
      listened.add(client);
      client.on('error', () => undefined);
    });
    if (this.checkLogin) {
      await this.checkLogin(this).catch(async (error: unknown) => {
        await this.destroy();
        throw error;
      });
    }
    return this;
  }
}

type HubDataSourceOptions = { applicationName?: string; poolSize?: number };

function optionsFor(url: string, entities: Entities, options: HubDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: SCHEMA_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: options.applicationName ?? 'lantern',
    poolSize: options.poolSize ?? 10,
    logging: false,
  };
}

export function createHubDataSource(url: string, entities: Entities, options: HubDataSourceOptions = {}) {
  return new HubDataSource(optionsFor(url, entities, options));
}

/** A hub service's data source (DATABASE_URL): initialize() refuses a login that could change the schema (ADR 0018). */
export function createServiceDataSource(url: string, options: HubDataSourceOptions = {}) {
  return new HubDataSource(optionsFor(url, [], options), refuseSchemaChangingLogin);
}

/** Applies every pending migration as the owner of the tables (DATABASE_MIGRATION_URL); returns the names of those it ran. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = createHubDataSource(url, [], { applicationName: 'lantern-migrations', poolSize: 1 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
