import { loadSettings } from '@lantern/config';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { AuditCheckpointSigner, openAuditCheckpoint } from './audit-checkpoint';
import { AUDIT_CHECKPOINT_SETTINGS, auditCheckpointSigner } from './audit-checkpoint-settings';

const checkpoint = { seq: '42', hash: 'a'.repeat(64), at: '2026-12-04T12:00:00.000Z' };

describe('audit checkpoints', () => {
  const signer = AuditCheckpointSigner.ephemeral();
  const trustedKey = createPublicKey(signer.publicKeyPem);
  const otherKey = generateKeyPairSync('ed25519').publicKey;

  it('opens a checkpoint signed by the trusted key, keyed so the topic keeps each checkpoint once', () => {
    const message = signer.message(checkpoint);
    expect(message.key).toBe(`42:${'a'.repeat(64)}`);
    expect(openAuditCheckpoint(Buffer.from(message.value), trustedKey)).toEqual({ checkpoint });
  });

  it.each([
    ['a later entry', { seq: '43' }],
    ['another hash', { hash: 'b'.repeat(64) }],
    ['another time', { at: '2026-12-05T12:00:00.000Z' }],
  ])('refuses a signed checkpoint changed to name %s', (_change, change) => {
    const value = { ...JSON.parse(signer.message(checkpoint).value), ...change };
    expect(openAuditCheckpoint(Buffer.from(JSON.stringify(value)), trustedKey)).toEqual({ problem: expect.stringContaining('is not signed by the trusted checkpoint key') });
  });

  it('refuses a checkpoint signed by another key, and anything that is no checkpoint', () => {
    expect(openAuditCheckpoint(Buffer.from(signer.message(checkpoint).value), otherKey)).toEqual({
      problem: expect.stringMatching(new RegExp(`^\\(entry 42\\) is not signed by the trusted checkpoint key [0-9a-f]{64} \\(it names key ${signer.keyId}\\)$`)),
    });
    expect(openAuditCheckpoint(Buffer.from('{"seq":"42"'), trustedKey)).toEqual({ problem: 'is not JSON' });
    expect(openAuditCheckpoint(null, trustedKey)).toEqual({ problem: 'is not a lantern.audit-checkpoint/1 document' });
  });

  describe('the key setting', () => {
    const ed25519Pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const signerFrom = (environment: Record<string, string>) =>
      auditCheckpointSigner({ ...loadSettings(AUDIT_CHECKPOINT_SETTINGS, environment), LANTERN_DEV_EPHEMERAL_KEYS: environment.LANTERN_DEV_EPHEMERAL_KEYS === 'true' ? 'true' : 'false' });

    it('takes a configured Ed25519 key, written on one line with \\n escapes too', () => {
      expect(signerFrom({ LANTERN_AUDIT_CHECKPOINT_KEY_PEM: ed25519Pem.replace(/\n/g, '\\n') })).toMatchObject({ ephemeral: false });
    });

    it('refuses any other key without quoting it, and no key outside development', () => {
      const refusal = () => loadSettings(AUDIT_CHECKPOINT_SETTINGS, { LANTERN_AUDIT_CHECKPOINT_KEY_PEM: rsaPem });
      expect(refusal).toThrow('Invalid configuration: LANTERN_AUDIT_CHECKPOINT_KEY_PEM must be an Ed25519 private key');
      expect(refusal).not.toThrow(/PRIVATE KEY/);
      expect(() => signerFrom({})).toThrow('LANTERN_AUDIT_CHECKPOINT_KEY_PEM is required but not set');
      expect(signerFrom({ LANTERN_DEV_EPHEMERAL_KEYS: 'true' })).toMatchObject({ ephemeral: true });
    });
  });
});
