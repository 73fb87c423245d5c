import { ACCESS_SETTINGS, CONSOLE_SETTINGS, pemSetting } from '@lantern/access';
import { AUDIT_CHECKPOINT_VERIFICATION_SETTINGS } from '@lantern/audit';
import { CARE_TIMING_SETTINGS } from '@lantern/care-rules';
import { HUB_CONNECTION_SETTINGS, KAFKA_CONNECTION_SETTINGS, setting, type SettingsOf } from '@lantern/config';
import { DISCLOSURE_SETTINGS } from '@lantern/extracts';

const { DATABASE_URL, LANTERN_TOPIC_PREFIX, LOG_LEVEL, INGEST_GROUP_ID } = HUB_CONNECTION_SETTINGS;

/**
 * Request limits (ADR 0015). Each API process counts on its own, so behind a load balancer a
 * caller gets these limits once per replica.
 */
const API_LIMIT_SETTINGS = {
  /** Every limit below counts in windows this long, starting at a caller's first request. */
  API_LIMIT_WINDOW_SECONDS: setting.integer({ min: 1, max: 3600, default: 60 }),
  /** Refused secrets per client id before POST /oauth/token answers 429 (no secret check, no audit entry) for the rest of the window. */
  API_TOKEN_FAILURES_PER_CLIENT: setting.integer({ min: 1, max: 10_000, default: 10 }),
  /** POST /oauth/token requests per caller address, whatever their outcome. */
  API_TOKEN_REQUESTS_PER_ADDRESS: setting.integer({ min: 1, max: 1_000_000, default: 30 }),
  /** POST /care/flags requests per agency client. */
  API_CARE_FLAGS_PER_CLIENT: setting.integer({ min: 1, max: 1_000_000, default: 120 }),
  /** POST /care/flags requests per caller address (several agencies may share one). */
  API_CARE_FLAGS_PER_ADDRESS: setting.integer({ min: 1, max: 1_000_000, default: 600 }),
  /** /public/* requests (no sign-in) per caller address; the pages' own files are not counted. */
  API_PUBLIC_REQUESTS_PER_ADDRESS: setting.integer({ min: 1, max: 1_000_000, default: 600 }),
  /** Client secret checks (scrypt: tens of ms and 32 MiB each) running at once; more wait in a queue. */
  API_SECRET_CHECKS_AT_ONCE: setting.integer({ min: 1, max: 64, default: 2 }),
  /** Secret checks that may wait for a turn; beyond them POST /oauth/token answers 503 with Retry-After. */
  API_SECRET_CHECKS_QUEUED: setting.integer({ min: 0, max: 10_000, default: 32 }),
  /**
   * Proxies (load balancers) in front of the API that append the caller's address to
   * X-Forwarded-For. 0: the caller's address is the connection's. Set it only when every
   * request reaches the API through that many proxies, or callers can choose their address.
   */
  API_TRUSTED_PROXY_HOPS: setting.integer({ min: 0, max: 10, default: 0 }),
};

/**
 * What the API reads: its connections (and the ingest group, whose lag it reports), access
 * keys, the console's identity provider and sessions, request limits, and Handle with Care timing (a flag issued over HTTP gets its notices' times at
 * once). Background work and its settings (extract packages, care-flag intake) are the worker's.
 */
export const API_SETTINGS = {
  DATABASE_URL,
  ...KAFKA_CONNECTION_SETTINGS,
  LANTERN_TOPIC_PREFIX,
  LOG_LEVEL,
  INGEST_GROUP_ID,
  ...ACCESS_SETTINGS,
  ...CONSOLE_SETTINGS,
  ...CARE_TIMING_SETTINGS,
  ...DISCLOSURE_SETTINGS,
  ...AUDIT_CHECKPOINT_VERIFICATION_SETTINGS,
  API_HOST: setting.text({ default: '127.0.0.1' }),
  API_PORT: setting.integer({ min: 0, max: 65535, default: 3000 }),
  /** With both API_TLS_KEY_PEM and API_TLS_CERT_PEM set, the API also listens with HTTPS here and accepts client certificates. */
  API_TLS_PORT: setting.integer({ min: 0, max: 65535, default: 3443 }),
  API_TLS_KEY_PEM: pemSetting.privateKey(),
  API_TLS_CERT_PEM: pemSetting.certificate(),
  /** The web app's build (apps/web, `npx nx run web:build`), served at `/`; relative to the working directory. */
  API_WEB_ROOT: setting.text({ default: 'dist/apps/web' }),
  /** Browser tests and demos only: the day (YYYY-MM-DD) the early-warning watch list is judged as of, instead of the hub's today. */
  LANTERN_DEV_WATCH_LIST_DATE: setting.text({ default: '' }),
  ...API_LIMIT_SETTINGS,
};

export type ApiSettings = SettingsOf<typeof API_SETTINGS>;
