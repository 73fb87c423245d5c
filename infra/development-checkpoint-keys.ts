import { generateKeyPairSync } from 'node:crypto';

/**
 * The worker signs audit checkpoints and the API holds a steward's audit verification to them
 * (ADR 0006). Unless a checkpoint key is configured, the worker gets the private half of a pair
 * made now and the API only its public half: it lives in memory and dies with this run.
 */
export function developmentCheckpointKeys(environment: NodeJS.ProcessEnv): { worker: Record<string, string>; api: Record<string, string> } {
  if (environment.LANTERN_AUDIT_CHECKPOINT_KEY_PEM || environment.LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM) return { worker: {}, api: {} };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    worker: { LANTERN_AUDIT_CHECKPOINT_KEY_PEM: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string },
    api: { LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM: publicKey.export({ type: 'spki', format: 'pem' }) as string },
  };
}
