import { ConfigurationError, setting, type Setting, type SettingsOf } from '@lantern/config';
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { ExtractSigningKey } from './certificates/extract-signing-key';
import { HubCertificateAuthority } from './certificates/hub-certificate-authority';
import { type SigningKey, SigningKeyRing, signingKeyFromPem } from './tokens/signing-key-ring';

/**
 * Key material arrives as PEM text in the environment (a secret store fills it). Each reader
 * below checks its value without ever quoting it, so a bad setting cannot leak a key into a
 * start-up log. Secrets stay KeyObjects from here on, which print as no key material.
 */
function optional<T>(convert: (raw: string) => T | { problem: string }): Setting<T | undefined> {
  return {
    read(raw) {
      if (raw === undefined || raw.trim() === '') return { value: undefined };
      const converted = convert(raw.trim());
      return typeof converted === 'object' && converted !== null && 'problem' in converted ? converted : { value: converted as T };
    },
  };
}

/** Env files often carry PEM on one line with literal \n escapes. */
function pemText(raw: string): string {
  return raw.replace(/\\n/g, '\n');
}

export const pemSetting = {
  privateKey: () =>
    optional((raw): KeyObject | { problem: string } => {
      try {
        return createPrivateKey(pemText(raw));
      } catch {
        return { problem: 'must be a PEM private key' };
      }
    }),
  certificate: () =>
    optional((raw): string | { problem: string } => {
      try {
        new X509Certificate(pemText(raw));
        return pemText(raw);
      } catch {
        return { problem: 'must be a PEM X.509 certificate' };
      }
    }),
};

/** LANTERN_JWT_KEYS: a JSON array of {kid, privateKeyPem} (or {kid, publicKeyPem} for a retired key). */
const signingKeysSetting = optional((raw): SigningKey[] | { problem: string } => {
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    return { problem: 'must be a JSON array of {"kid", "privateKeyPem"}' };
  }
  if (!Array.isArray(entries) || entries.length === 0) return { problem: 'must be a non-empty JSON array of {"kid", "privateKeyPem"}' };
  const keys: SigningKey[] = [];
  for (const entry of entries as Array<Record<string, unknown>>) {
    const { kid, privateKeyPem, publicKeyPem } = entry ?? {};
    if (typeof kid !== 'string' || kid.trim() === '') return { problem: 'has an entry without a "kid" string' };
    if ((privateKeyPem !== undefined && typeof privateKeyPem !== 'string') || (publicKeyPem !== undefined && typeof publicKeyPem !== 'string')) {
      return { problem: `key "${kid}": PEM fields must be strings` };
    }
    try {
      keys.push(signingKeyFromPem(kid, { privateKeyPem: privateKeyPem as string | undefined, publicKeyPem: publicKeyPem as string | undefined }));
    } catch (error) {
      return { problem: (error as Error).message };
    }
  }
  return keys;
});

/**
 * The hub certificate authority: it issues partner client certificates (API) and the
 * certificate that signs research extract packages (worker), so both read the same CA.
 */
export const HUB_CA_SETTINGS = {
  LANTERN_CA_CERT_PEM: pemSetting.certificate(),
  LANTERN_CA_KEY_PEM: pemSetting.privateKey(),
  /** Development and tests only: generate throwaway signing keys and CA when none are configured. */
  LANTERN_DEV_EPHEMERAL_KEYS: setting.oneOf(['true', 'false'] as const, { default: 'false' }),
};

export type HubCaSettings = SettingsOf<typeof HUB_CA_SETTINGS>;

/**
 * The key that signs extract manifests: a configured signing certificate and key (the same
 * across restarts and workers, so researchers can pin it), which the hub CA must have issued;
 * or, when none is configured, one the hub CA issues at start-up.
 */
export const EXTRACT_SIGNING_SETTINGS = {
  ...HUB_CA_SETTINGS,
  LANTERN_EXTRACT_SIGNING_CERT_PEM: pemSetting.certificate(),
  LANTERN_EXTRACT_SIGNING_KEY_PEM: pemSetting.privateKey(),
};

export type ExtractSigningSettings = SettingsOf<typeof EXTRACT_SIGNING_SETTINGS>;

export const ACCESS_SETTINGS = {
  LANTERN_JWT_KEYS: signingKeysSetting,
  /** The kid that signs new tokens; every key in LANTERN_JWT_KEYS still verifies. */
  LANTERN_JWT_ACTIVE_KID: setting.text({ default: '' }),
  LANTERN_ACCESS_TOKEN_SECONDS: setting.integer({ min: 60, max: 3600, default: 900 }),
  ...HUB_CA_SETTINGS,
};

export type AccessSettings = SettingsOf<typeof ACCESS_SETTINGS>;

export interface AccessKeyMaterial {
  readonly signingKeys: SigningKeyRing;
  readonly certificateAuthority: HubCertificateAuthority;
}

const EPHEMERAL_HINT = 'set LANTERN_DEV_EPHEMERAL_KEYS=true to generate throwaway keys for development';

/** Checks the access settings against each other and builds the keys; a problem is one ConfigurationError line. */
export function accessKeyMaterial(settings: AccessSettings): AccessKeyMaterial {
  const ephemeralAllowed = settings.LANTERN_DEV_EPHEMERAL_KEYS === 'true';
  return { signingKeys: signingKeyRing(settings, ephemeralAllowed), certificateAuthority: certificateAuthority(settings, ephemeralAllowed) };
}

/** The hub CA alone (for a service that signs but issues no tokens); a problem is one ConfigurationError line. */
export function hubCertificateAuthority(settings: HubCaSettings): HubCertificateAuthority {
  return certificateAuthority(settings, settings.LANTERN_DEV_EPHEMERAL_KEYS === 'true');
}

/** The extract signing key, configured or issued now by the hub CA; a problem is one ConfigurationError line. */
export function extractSigningKey(settings: ExtractSigningSettings): ExtractSigningKey {
  const { LANTERN_EXTRACT_SIGNING_CERT_PEM: certificatePem, LANTERN_EXTRACT_SIGNING_KEY_PEM: privateKey, LANTERN_CA_CERT_PEM: caCertificatePem } = settings;
  if (!certificatePem && !privateKey) return hubCertificateAuthority(settings).issueExtractSigningKey();
  if (!certificatePem || !privateKey) throw new ConfigurationError('Invalid configuration: LANTERN_EXTRACT_SIGNING_CERT_PEM and LANTERN_EXTRACT_SIGNING_KEY_PEM must be set together');
  if (!caCertificatePem) throw new ConfigurationError('Invalid configuration: LANTERN_CA_CERT_PEM is required to check LANTERN_EXTRACT_SIGNING_CERT_PEM');
  try {
    return new ExtractSigningKey(certificatePem, privateKey, caCertificatePem);
  } catch (error) {
    throw new ConfigurationError(`Invalid configuration: LANTERN_EXTRACT_SIGNING_CERT_PEM / LANTERN_EXTRACT_SIGNING_KEY_PEM: ${(error as Error).message}`);
  }
}

function signingKeyRing(settings: AccessSettings, ephemeralAllowed: boolean): SigningKeyRing {
  if (!settings.LANTERN_JWT_KEYS) {
    if (ephemeralAllowed) return SigningKeyRing.ephemeral();
    throw new ConfigurationError(`Invalid configuration: LANTERN_JWT_KEYS is required but not set (${EPHEMERAL_HINT})`);
  }
  if (!settings.LANTERN_JWT_ACTIVE_KID) throw new ConfigurationError('Invalid configuration: LANTERN_JWT_ACTIVE_KID is required when LANTERN_JWT_KEYS is set');
  try {
    return SigningKeyRing.of(settings.LANTERN_JWT_KEYS, settings.LANTERN_JWT_ACTIVE_KID);
  } catch (error) {
    throw new ConfigurationError(`Invalid configuration: LANTERN_JWT_KEYS / LANTERN_JWT_ACTIVE_KID: ${(error as Error).message}`);
  }
}

function certificateAuthority(settings: HubCaSettings, ephemeralAllowed: boolean): HubCertificateAuthority {
  const { LANTERN_CA_CERT_PEM: certificatePem, LANTERN_CA_KEY_PEM: privateKey } = settings;
  if (!certificatePem && !privateKey) {
    if (ephemeralAllowed) return HubCertificateAuthority.ephemeral();
    throw new ConfigurationError(`Invalid configuration: LANTERN_CA_CERT_PEM and LANTERN_CA_KEY_PEM are required but not set (${EPHEMERAL_HINT})`);
  }
  if (!certificatePem || !privateKey) throw new ConfigurationError('Invalid configuration: LANTERN_CA_CERT_PEM and LANTERN_CA_KEY_PEM must be set together');
  try {
    return HubCertificateAuthority.fromConfiguration(certificatePem, privateKey);
  } catch (error) {
    throw new ConfigurationError(`Invalid configuration: LANTERN_CA_CERT_PEM / LANTERN_CA_KEY_PEM: ${(error as Error).message}`);
  }
}
