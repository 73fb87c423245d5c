import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import type { ExpectedEntry } from './audit-chain';
import { canonicalJson } from './canonical-json';

/**
 * Where the worker publishes signed checkpoints of the audit log's head, outside the database
 * (ADR 0006). Keyed by `<seq>:<hash>` and compacted: the same checkpoint published twice (two
 * workers, a restart) is kept once, and no checkpoint ever replaces or expires another, so
 * neither a replayed old checkpoint nor a worker checkpointing an already-cut log hides an
 * earlier one. One partition keeps them in publishing order.
 */
export const AUDIT_CHECKPOINT_TOPIC = 'hub.audit-checkpoints.v1';
export const AUDIT_CHECKPOINT_TOPIC_SPEC = { numPartitions: 1, configs: { 'cleanup.policy': 'compact' } } as const;

/** What a checkpoint vouches for: the log's entry `seq` had this hash at `at`. */
export interface AuditCheckpoint {
  seq: string;
  hash: string;
  at: string;
}

/** Names the signed document's format, so a signature over anything else never passes for a checkpoint's. */
const CHECKPOINT_FORMAT = 'lantern.audit-checkpoint/1';

interface CheckpointMessageValue extends AuditCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  /** SHA-256 of the signing key's public key (SPKI DER), hex: which key signed. */
  keyId: string;
  /** Ed25519 over the canonical JSON of {format, seq, hash, at}, base64. */
  signature: string;
}

const signedBytes = ({ seq, hash, at }: AuditCheckpoint) => Buffer.from(canonicalJson({ format: CHECKPOINT_FORMAT, seq, hash, at }), 'utf8');

/** SHA-256 of a public key's SPKI DER, hex: names a checkpoint key without showing it. */
export function checkpointKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The worker's checkpoint key: an Ed25519 key of its own, so neither the CA nor the extract signing key signs checkpoints. */
export class AuditCheckpointSigner {
  readonly publicKeyPem: string;
  readonly keyId: string;

  constructor(
    private readonly privateKey: KeyObject,
    readonly ephemeral = false,
  ) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the audit checkpoint key must be an Ed25519 private key');
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    this.keyId = checkpointKeyId(publicKey);
  }

  /** A throwaway key for development and tests (LANTERN_DEV_EPHEMERAL_KEYS=true). */
  static ephemeral(): AuditCheckpointSigner {
    return new AuditCheckpointSigner(generateKeyPairSync('ed25519').privateKey, true);
  }

  /** The checkpoint as the message published to the checkpoint topic. */
  message(checkpoint: AuditCheckpoint): { key: string; value: string } {
    const value: CheckpointMessageValue = {
      format: CHECKPOINT_FORMAT,
      ...checkpoint,
      keyId: this.keyId,
      signature: sign(null, signedBytes(checkpoint), this.privateKey).toString('base64'),
    };
    return { key: `${checkpoint.seq}:${checkpoint.hash}`, value: JSON.stringify(value) };
  }
}

export type OpenedCheckpoint = { checkpoint: AuditCheckpoint } | { problem: string };

/** Reads a message from the checkpoint topic and checks it was signed by `publicKey`; anything else is named as a problem. */
export function openAuditCheckpoint(value: Buffer | null, publicKey: KeyObject): OpenedCheckpoint {
  let parsed: Partial<Record<keyof CheckpointMessageValue, unknown>>;
  try {
    parsed = JSON.parse(String(value ?? 'null')) ?? {};
  } catch {
    return { problem: 'is not JSON' };
  }
  const { format, seq, hash, at, keyId, signature } = parsed;
  if (format !== CHECKPOINT_FORMAT) return { problem: `is not a ${CHECKPOINT_FORMAT} document` };
  if (typeof seq !== 'string' || !/^[1-9]\d{0,18}$/.test(seq)) return { problem: 'has no entry number (seq)' };
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return { problem: 'has no SHA-256 hash' };
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return { problem: 'has no time (at)' };
  const checkpoint = { seq, hash, at };
  const signed = typeof signature === 'string' && verify(null, signedBytes(checkpoint), publicKey, Buffer.from(signature, 'base64'));
  if (!signed) return { problem: `(entry ${seq}) is not signed by the trusted checkpoint key ${checkpointKeyId(publicKey)} (it names key ${String(keyId)})` };
  return { checkpoint };
}

/** The checkpoint as an entry the chain must still contain. */
export function checkpointExpectation(checkpoint: AuditCheckpoint): ExpectedEntry {
  return { id: checkpoint.seq, hash: checkpoint.hash, source: `the checkpoint of ${checkpoint.at}` };
}

/**
 * The checkpoints among a checkpoint topic's messages that `publicKey` signed, and what is wrong
 * with every other message there. No checkpoint at all is a problem too: it is no evidence (no
 * worker runs with that key, or the topic was deleted).
 */
export function signedCheckpointsAmong(
  messages: ReadonlyArray<{ offset: string; value: Buffer | null }>,
  publicKey: KeyObject,
  topic: string,
): { checkpoints: AuditCheckpoint[]; problems: string[] } {
  const checkpoints: AuditCheckpoint[] = [];
  const problems: string[] = [];
  for (const message of messages) {
    const opened = openAuditCheckpoint(message.value, publicKey);
    if ('checkpoint' in opened) checkpoints.push(opened.checkpoint);
    else problems.push(`the message at offset ${message.offset} of ${topic} ${opened.problem}`);
  }
  if (checkpoints.length === 0) problems.push(`${topic} holds no checkpoint signed by that key; is a worker running with that key?`);
  return { checkpoints, problems };
}

/** The checkpoint of the highest entry. */
export function latestCheckpoint(checkpoints: readonly AuditCheckpoint[]): AuditCheckpoint | undefined {
  return checkpoints.reduce<AuditCheckpoint | undefined>((latest, checkpoint) => (!latest || BigInt(checkpoint.seq) > BigInt(latest.seq) ? checkpoint : latest), undefined);
}
