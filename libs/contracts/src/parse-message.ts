import type { ContractEntry } from './catalog';
import type { ContractRegistry } from './contract-registry';
import type { Envelope } from './envelope';
import type { JsonPointer } from './json-pointer';
import { naturalKeyOf } from './natural-key';
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

type DecodedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

function decodeJson(bytes: Buffer): DecodedJson {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'the message value is not valid UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // JSON.parse's own message quotes the input, so only its position is passed on.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return { ok: false, problem: `the message value is not valid JSON${position ? ` (at character ${position})` : ''}` };
  }
}

function rejectedFor(stage: RejectionStage, violation: SchemaViolation, claimed?: Claimed): RejectedMessage {
  return rejected(stage, violation.path, `${violation.path || 'the envelope'} ${violation.rule}`, claimed);
}

function rejected(stage: RejectionStage, errorPath: JsonPointer, message: string, claimed?: Claimed): RejectedMessage {
  return claimed === undefined
    ? { kind: 'rejected', stage, errorPath, message }
    : { kind: 'rejected', stage, errorPath, message, contractId: claimed.contract, sourceSystem: claimed.sourceSystem };
}
