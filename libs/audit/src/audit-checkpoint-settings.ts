import { ConfigurationError, setting, type Setting, type SettingsOf } from '@lantern/config';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { AuditCheckpointSigner } from './audit-checkpoint';

/** LANTERN_AUDIT_CHECKPOINT_KEY_PEM: never quoted back, so a bad value cannot leak a key into a start-up log. */
const ed25519PrivateKey: Setting<KeyObject | undefined> = {
  read(raw) {
    if (raw === undefined || raw.trim() === '') return { value: undefined };
    try {
      // Env files often carry PEM on one line with literal \n escapes.
      const key = createPrivateKey(raw.trim().replace(/\\n/g, '\n'));
      return key.asymmetricKeyType === 'ed25519' ? { value: key } : { problem: 'must be an Ed25519 private key' };
    } catch {
      return { problem: 'must be a PEM private key (Ed25519)' };
    }
  },
};

/** What the worker reads to checkpoint the audit log's head to Kafka (ADR 0006). */
export const AUDIT_CHECKPOINT_SETTINGS = {
  /** The Ed25519 key that signs checkpoints; `openssl pkey -in key.pem -pubout` gives the public key `audit verify --checkpoints` trusts. */
  LANTERN_AUDIT_CHECKPOINT_KEY_PEM: ed25519PrivateKey,
  /** How often the worker looks at the head, publishing a checkpoint when it moved. */
  LANTERN_AUDIT_CHECKPOINT_SECONDS: setting.integer({ min: 1, max: 3600, default: 60 }),
};

export type AuditCheckpointSettings = SettingsOf<typeof AUDIT_CHECKPOINT_SETTINGS> & { LANTERN_DEV_EPHEMERAL_KEYS: 'true' | 'false' };

/** The configured checkpoint key, or a throwaway one in development; a problem is one ConfigurationError line. */
export function auditCheckpointSigner(settings: AuditCheckpointSettings): AuditCheckpointSigner {
  if (settings.LANTERN_AUDIT_CHECKPOINT_KEY_PEM) return new AuditCheckpointSigner(settings.LANTERN_AUDIT_CHECKPOINT_KEY_PEM);
  if (settings.LANTERN_DEV_EPHEMERAL_KEYS === 'true') return AuditCheckpointSigner.ephemeral();
  throw new ConfigurationError(
    'Invalid configuration: LANTERN_AUDIT_CHECKPOINT_KEY_PEM is required but not set (set LANTERN_DEV_EPHEMERAL_KEYS=true to generate throwaway keys for development)',
  );
}
