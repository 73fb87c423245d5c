import { ConfigurationError, DEVELOPMENT_IDENTITY_PROVIDER_PATH, setting, type SettingsOf } from '@lantern/config';

/**
 * People sign in to the console with OpenID Connect (ADR 0023). The four OIDC settings go together
 * or not at all; without them the console is off and its routes are not served.
 */
export const CONSOLE_SETTINGS = {
  /** The identity provider's issuer URL (its discovery document is at <issuer>/.well-known/openid-configuration). */
  OIDC_ISSUER: setting.text({ default: '' }),
  OIDC_CLIENT_ID: setting.text({ default: '' }),
  OIDC_CLIENT_SECRET: setting.text({ default: '', secret: true }),
  /** The API's own /auth/callback as the browser reaches it, registered with the identity provider. */
  OIDC_REDIRECT_URI: setting.text({ default: '' }),
  /** A console session no request used for this long is over. */
  CONSOLE_SESSION_IDLE_MINUTES: setting.integer({ min: 1, max: 1440, default: 15 }),
  /** A console session is over this long after sign-in, however busy. */
  CONSOLE_SESSION_HOURS: setting.integer({ min: 1, max: 24, default: 8 }),
  /** `production` makes the API refuse the development identity provider and any issuer without TLS. */
  NODE_ENV: setting.text({ default: '' }),
};

export type ConsoleSettings = SettingsOf<typeof CONSOLE_SETTINGS>;

export interface ConsoleOidcConfiguration {
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: URL;
  /** Plain HTTP to the identity provider: only a loopback issuer outside production (the development provider). */
  readonly allowInsecureRequests: boolean;
}

const OIDC_NAMES = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The console's identity provider, or undefined when none is configured (the console is off); a problem is one ConfigurationError line. */
export function consoleOidcConfiguration(settings: ConsoleSettings): ConsoleOidcConfiguration | undefined {
  const unset = OIDC_NAMES.filter((name) => settings[name] === '');
  if (unset.length === OIDC_NAMES.length) return undefined;
  if (unset.length > 0) throw new ConfigurationError(`Invalid configuration: ${OIDC_NAMES.join(', ')} must be set together (${unset.join(', ')} not set)`);
  const issuer = url('OIDC_ISSUER', settings.OIDC_ISSUER);
  const redirectUri = url('OIDC_REDIRECT_URI', settings.OIDC_REDIRECT_URI);
  const production = settings.NODE_ENV === 'production';
  if (production && issuer.pathname.replace(/\/$/, '').endsWith(DEVELOPMENT_IDENTITY_PROVIDER_PATH)) {
    throw new ConfigurationError('Invalid configuration: OIDC_ISSUER is the development identity provider, which a production API (NODE_ENV=production) refuses');
  }
  const insecure = issuer.protocol === 'http:';
  if (insecure && (production || !LOOPBACK.has(issuer.hostname))) {
    throw new ConfigurationError('Invalid configuration: OIDC_ISSUER must be an https:// URL (plain http only for a loopback development provider outside production)');
  }
  return { issuer, clientId: settings.OIDC_CLIENT_ID, clientSecret: settings.OIDC_CLIENT_SECRET, redirectUri, allowInsecureRequests: insecure };
}

function url(name: string, raw: string): URL {
  try {
    const parsed = new URL(raw);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return parsed;
  } catch {
    // falls through to the problem below
  }
  throw new ConfigurationError(`Invalid configuration: ${name} must be an http(s) URL (got "${raw}")`);
}
