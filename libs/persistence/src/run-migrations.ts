import { loadSettingsOrExit, setting } from '@lantern/config';
import { migrateDatabase } from './data-source';

// `npm run migration:run`: applies pending migrations to DATABASE_URL.
const { DATABASE_URL } = loadSettingsOrExit({ DATABASE_URL: setting.postgresUrl() });
migrateDatabase(DATABASE_URL).then(
  (applied) => console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date'),
  (error: Error) => {
    console.error(`migration failed: ${error.message}`);
    process.exit(1);
  },
);
