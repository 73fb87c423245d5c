import { ConfigurationError, setting, type Setting, type SettingsOf } from '@lantern/config';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AuditCheckpointSigner } from './audit-checkpoint';

/**
 * An Ed25519 key half from PEM (env files often carry PEM on one line with literal \n escapes).
 * Never quoted back, so a bad value cannot leak a key into a start-up log.
 */
function ed25519Key(half: 'private' | 'public', read: (pem: string) => KeyObject, format: string): Setting<KeyObject | undefined> {
  return {
    read(raw) {
      if (raw === undefined || raw.trim() === '') return { value: undefined };
      try {
        const key = read(raw.trim().replace(/\\n/g, '\n'));
        return key.asymmetricKeyType === 'ed25519' ? { value: key } : { problem: `must be an Ed25519 ${half} key` };
      } catch {
        return { problem: `must be ${format}` };
      }
    },
  };
}

/** LANTERN_AUDIT_CHECKPOINT_KEY_PEM: the key that signs. */
const ed25519PrivateKey = ed25519Key('private', createPrivateKey, 'a PEM private key (Ed25519)');
/** LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM: the public half only, so nothing that reads it can sign a checkpoint. */
const ed25519PublicKey = ed25519Key('public', createPublicKey, 'a PEM public key (Ed25519; openssl pkey -in key.pem -pubout)');

/** What the API reads to hold the audit log to the signed checkpoints when a steward verifies it. */
export const AUDIT_CHECKPOINT_VERIFICATION_SETTINGS = {
  /** The checkpoint key's public key (PEM), as `audit verify --checkpoint-key` takes it; unset, a verification checks the chain alone. */
  LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM: ed25519PublicKey,
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
