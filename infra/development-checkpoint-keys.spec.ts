import { AUDIT_CHECKPOINT_SETTINGS, AUDIT_CHECKPOINT_VERIFICATION_SETTINGS, auditCheckpointSigner, openAuditCheckpoint } from '@lantern/audit';
import { loadSettings } from '@lantern/config';
import { developmentCheckpointKeys } from './development-checkpoint-keys';

const checkpoint = { seq: '42', hash: 'a'.repeat(64), at: '2026-12-06T01:00:00.000Z' };

/** What the worker publishes with its settings, and whether the API's settings accept it as signed. */
function publishedAndVerified(worker: Record<string, string>, api: Record<string, string>) {
  const signer = auditCheckpointSigner({ ...loadSettings(AUDIT_CHECKPOINT_SETTINGS, worker), LANTERN_DEV_EPHEMERAL_KEYS: 'false' });
  const { LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM } = loadSettings(AUDIT_CHECKPOINT_VERIFICATION_SETTINGS, api);
  return openAuditCheckpoint(Buffer.from(signer.message(checkpoint).value), LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM!);
}

describe("npm start's audit checkpoint keys", () => {
  it("gives the worker a key whose checkpoints the API's public key verifies, and the API no private key", () => {
    const { worker, api } = developmentCheckpointKeys({});
    expect(publishedAndVerified(worker, api)).toEqual({ checkpoint });
    expect(Object.keys(worker)).toEqual(['LANTERN_AUDIT_CHECKPOINT_KEY_PEM']);
    expect(Object.keys(api)).toEqual(['LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM']);
    expect(api.LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM).not.toContain('PRIVATE KEY');
  });

  it('makes a new pair each run, so a checkpoint signed in an earlier run does not verify', () => {
    const earlier = developmentCheckpointKeys({});
    const now = developmentCheckpointKeys({});
    expect(publishedAndVerified(earlier.worker, now.api)).toEqual({ problem: expect.stringContaining('is not signed by the trusted checkpoint key') });
  });

  it.each(['LANTERN_AUDIT_CHECKPOINT_KEY_PEM', 'LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM'])('leaves a configured checkpoint key (%s) alone', (name) => {
    expect(developmentCheckpointKeys({ [name]: 'configured' })).toEqual({ worker: {}, api: {} });
  });
});
