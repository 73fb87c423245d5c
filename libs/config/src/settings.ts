/**
 * Start-up configuration from the environment. Each service declares the settings it
 * reads; `loadSettings` checks all of them at once and fails with one line naming the
 * variable and what is wrong, so a bad deployment stops before it touches any data.
 */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

export interface Setting<T> {
  /** Returns the value, or a reason (without the raw value when the setting is secret). */
  read(raw: string | undefined): { value: T } | { problem: string };
}

type Options<T> = { default?: T; secret?: boolean };

function define<T>(options: Options<T>, convert: (raw: string) => T | { problem: string }): Setting<T> {
  return {
    read(raw) {
      if (raw === undefined || raw.trim() === '') {
        return options.default !== undefined ? { value: options.default } : { problem: 'is required but not set' };
      }
      const converted = convert(raw.trim());
      if (isProblem(converted)) {
        return options.secret ? converted : { problem: `${converted.problem} (got "${raw}")` };
      }
      return { value: converted };
    },
  };
}

function isProblem(value: unknown): value is { problem: string } {
  return typeof value === 'object' && value !== null && 'problem' in value;
}

export const setting = {
  text: (options: Options<string> = {}) => define(options, (raw) => raw),

  integer: (options: Options<number> & { min?: number; max?: number } = {}) =>
    define(options, (raw) => {
      const value = Number(raw);
      const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
      if (!/^-?\d+$/.test(raw) || value < min || value > max) {
        return { problem: `must be a whole number from ${min} to ${max}` };
      }
      return value;
    }),

  oneOf: <const V extends string>(values: readonly V[], options: Options<V> = {}) =>
    define<V>(options, (raw) => ((values as readonly string[]).includes(raw) ? (raw as V) : { problem: `must be one of ${values.join(', ')}` })),

  postgresUrl: (options: Options<string> = {}) =>
    define({ secret: true, ...options }, (raw) => {
      try {
        const url = new URL(raw);
        if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') return raw;
      } catch {
        // falls through to the problem below
      }
      return { problem: 'must be a postgres:// URL, e.g. postgres://user@host:5432/database' };
    }),

  /** A comma-separated list of host:port pairs, e.g. Kafka bootstrap brokers. */
  hostPortList: (options: Options<string[]> = {}) =>
    define(options, (raw) => {
      const entries = raw.split(',').map((entry) => entry.trim());
      const malformed = entries.find((entry) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(entry));
      return malformed === undefined ? entries : { problem: 'must be a comma-separated list of host:port' };
    }),
};

export type SettingsOf<S extends Record<string, Setting<unknown>>> = {
  [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

export function loadSettings<S extends Record<string, Setting<unknown>>>(declared: S, environment: Record<string, string | undefined> = process.env): SettingsOf<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    const result = declaration.read(environment[name]);
    if ('problem' in result) problems.push(`${name} ${result.problem}`);
    else values[name] = result.value;
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return values as SettingsOf<S>;
}

/** The exit status of a process stopped by its configuration (sysexits.h). */
export const EX_CONFIG = 78;

/**
 * For service entry points: runs the start-up; a bad setting, found here or while wiring the
 * service (e.g. keys that do not fit together), stops the process with one line and EX_CONFIG.
 */
export function startOrExit(service: string, start: () => Promise<void>): void {
  start().catch((error: Error) => {
    const configurationProblem = error instanceof ConfigurationError;
    process.stderr.write(configurationProblem ? `${error.message}\n` : `${service} failed to start: ${error.message}\n`);
    process.exit(configurationProblem ? EX_CONFIG : 1);
  });
}

/** For service entry points: a bad setting stops the process with one line, no stack trace. */
export function loadSettingsOrExit<S extends Record<string, Setting<unknown>>>(declared: S): SettingsOf<S> {
  try {
    return loadSettings(declared);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(EX_CONFIG);
  }
}

/**
 * How a service reaches Kafka and who it is there: SASL/SCRAM-SHA-512 over TLS, trusting only
 * the CA that issued the brokers' certificates (ADR 0017). The three identity settings go
 * together or not at all; a broker that requires them (as `npm start` and the tests run it)
 * refuses a client without.
 */
export const KAFKA_CONNECTION_SETTINGS = {
  KAFKA_BROKERS: setting.hostPortList(),
  KAFKA_SASL_USERNAME: setting.text({ default: '' }),
  KAFKA_SASL_PASSWORD: setting.text({ default: '', secret: true }),
  KAFKA_CA_PEM: setting.text({ default: '' }),
};

/**
 * The hub's two PostgreSQL logins (ADR 0018). Services log in with DATABASE_URL as a member of
 * lantern_service, which reads and writes rows but cannot change the schema; the owner of the
 * tables logs in with DATABASE_MIGRATION_URL, which only `npm run migration:run` reads.
 */
export const DATABASE_MIGRATION_SETTINGS = {
  DATABASE_MIGRATION_URL: setting.postgresUrl(),
};

/** Settings every hub service reads to reach its dependencies. */
export const HUB_CONNECTION_SETTINGS = {
  /** The services' login, a member of lantern_service: a service refuses to start with one that can change the schema. */
  DATABASE_URL: setting.postgresUrl(),
  ...KAFKA_CONNECTION_SETTINGS,
  /** Prefixes every topic name; lets tests and tenants share one cluster. Empty in production. */
  LANTERN_TOPIC_PREFIX: setting.text({ default: '' }),
  LOG_LEVEL: setting.oneOf(['debug', 'info', 'warn', 'error'] as const, { default: 'info' }),
  /** Larger messages are rejected at stage "size" (ingest) or refused before publishing (CLI load). */
  INGEST_MAX_MESSAGE_BYTES: setting.integer({ min: 1024, max: 16 * 1024 * 1024, default: 512 * 1024 }),
  /** The ingest consumer group: ingest instances join it, the API reports its lag. */
  INGEST_GROUP_ID: setting.text({ default: 'lantern-ingest' }),
};
