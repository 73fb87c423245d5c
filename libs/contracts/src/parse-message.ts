import type { ContractEntry } from './catalog';
import type { ContractRegistry } from './contract-registry';
import type { Envelope } from './envelope';
import { formatJsonPointer, type JsonPointer } from './json-pointer';
import { naturalKeyOf } from './natural-key';
import { UNSTORABLE_TEXT } from './storable-text';
import type { SchemaViolation } from './schema-violation';

/** Where in parsing a message was refused, in pipeline order. */
export type RejectionStage = 'size' | 'decode' | 'envelope' | 'contract' | 'schema';

export interface MessageLimits {
  /** Largest message value accepted, in bytes. */
  readonly maxBytes: number;
}

export interface AcceptedMessage {
  readonly kind: 'accepted';
  readonly envelope: Envelope;
  readonly contract: ContractEntry;
  /** See naturalKeyOf. */
  readonly naturalKey: string;
}

export interface RejectedMessage {
  readonly kind: 'rejected';
  readonly stage: RejectionStage;
  /** JSON Pointer of the failing field in the message value; '' when not applicable. */
  readonly errorPath: JsonPointer;
  /** Names the field and the rule; never contains a field value. */
  readonly message: string;
  /** The contract the envelope claims, once the envelope is readable. */
  readonly contractId?: string;
  /** The source system the envelope names, once the envelope is readable. */
  readonly sourceSystem?: string;
}

/** What a readable envelope claims about itself, kept with a rejection for the steward. */
type Claimed = Pick<Envelope, 'contract' | 'sourceSystem'>;

export type ParsedMessage = AcceptedMessage | RejectedMessage;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one Kafka message value into an accepted, validated envelope or a rejection a steward
 * can act on. Never throws for any input: a bad message must not block its partition.
 */
export function parseMessage(bytes: Buffer | null, registry: ContractRegistry, limits: MessageLimits): ParsedMessage {
  if (bytes === null || bytes.length === 0) {
    return rejected('decode', '', 'the message has no value (a tombstone); send deletes as an envelope with operation "delete"');
  }
  if (bytes.length > limits.maxBytes) {
    return rejected('size', '', `the message value is ${bytes.length} bytes, over the limit of ${limits.maxBytes} bytes`);
  }
  const decoded = decodeJson(bytes);
  if (!decoded.ok) return rejected('decode', '', decoded.problem);
  const unstorable = unstorableTextAt(decoded.text, decoded.value);
  if (unstorable !== undefined) {
    return rejected('decode', unstorable, `${unstorable || 'the message'} holds U+0000 or an unpaired surrogate (in a name or a value), which no text can store`);
  }

  const envelopeViolation = registry.validateEnvelope(decoded.value);
  if (envelopeViolation) return rejectedFor('envelope', envelopeViolation);
  const envelope = decoded.value as Envelope;

  const lookup = registry.lookup(envelope.contract, envelope.contractVersion);
  if (!lookup.found) {
    return lookup.reason === 'unknown-contract'
      ? rejected('contract', '/contract', '/contract names no published contract', envelope)
      : rejected(
          'contract',
          '/contractVersion',
          `/contractVersion is not accepted by the published version (${lookup.publishedVersions.join(', ')}): ` +
            'send a published version, or an earlier one with the same major',
          envelope,
        );
  }

  const recordViolation = registry.validateRecord(lookup.contract, envelope.operation, envelope.record);
  if (recordViolation) {
    return rejectedFor('schema', { path: `/record${recordViolation.path}`, rule: recordViolation.rule }, envelope);
  }
  return { kind: 'accepted', envelope, contract: lookup.contract, naturalKey: naturalKeyOf(lookup.contract, envelope.record) };
}

type DecodedJson = { readonly ok: true; readonly text: string; readonly value: unknown } | { readonly ok: false; readonly problem: string };

function decodeJson(bytes: Buffer): DecodedJson {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'the message value is not valid UTF-8' };
  }
  try {
    return { ok: true, text, value: JSON.parse(text) };
  } catch (error) {
    // JSON.parse's own message quotes the input, so only its position is passed on.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return { ok: false, problem: `the message value is not valid JSON${position ? ` (at character ${position})` : ''}` };
  }
}

// Strict UTF-8 decoding leaves only JSON escapes to produce these: a cheap test of the text first.
const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/i;

/** The JSON Pointer of the first name or string holding U+0000 or a lone surrogate (PostgreSQL stores neither), if any. */
function unstorableTextAt(text: string, value: unknown): JsonPointer | undefined {
  if (!UNSTORABLE_ESCAPE.test(text)) return undefined;
  const search = (node: unknown, path: string[]): string[] | undefined => {
    if (typeof node === 'string') return UNSTORABLE_TEXT.test(node) ? path : undefined;
    if (node === null || typeof node !== 'object') return undefined;
    for (const [name, child] of Object.entries(node)) {
      if (UNSTORABLE_TEXT.test(name)) return [...path, name];
      const found = search(child, [...path, name]);
      if (found) return found;
    }
    return undefined;
  };
  const found = search(value, []);
  return found && formatJsonPointer(found);
}

function rejectedFor(stage: RejectionStage, violation: SchemaViolation, claimed?: Claimed): RejectedMessage {
  return rejected(stage, violation.path, `${violation.path || 'the envelope'} ${violation.rule}`, claimed);
}

function rejected(stage: RejectionStage, errorPath: JsonPointer, message: string, claimed?: Claimed): RejectedMessage {
  return claimed === undefined
    ? { kind: 'rejected', stage, errorPath, message }
    : { kind: 'rejected', stage, errorPath, message, contractId: claimed.contract, sourceSystem: claimed.sourceSystem };
}
