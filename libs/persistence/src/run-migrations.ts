import { DATABASE_MIGRATION_SETTINGS, loadSettingsOrExit } from '@lantern/config';
import { migrateDatabase } from './data-source';

// `npm run migration:run`: applies pending migrations as the tables' owner (DATABASE_MIGRATION_URL), never as the services' login.
const { DATABASE_MIGRATION_URL } = loadSettingsOrExit(DATABASE_MIGRATION_SETTINGS);
migrateDatabase(DATABASE_MIGRATION_URL).then(
  (applied) => console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date'),
  (error: Error) => {
    console.error(`migration failed: ${error.message}`);
    process.exit(1);
  },
);
