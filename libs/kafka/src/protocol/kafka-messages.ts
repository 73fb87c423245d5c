import { KafkaProtocolError, WireReader, WireWriter } from './kafka-wire';

/**
 * The requests the hub sends itself (kafkajs has no AlterUserScramCredentials), per
 * https://kafka.apache.org/protocol and Kafka's message definitions (SaslHandshakeRequest.json,
 * SaslAuthenticateRequest.json, AlterUserScramCredentialsRequest.json and their responses).
 * A flexible version uses request header v2 and response header v1 (with tagged fields); the
 * others request header v1 and response header v0.
 */
export interface KafkaApi {
  name: string;
  key: number;
  version: number;
  flexible: boolean;
}

export const SASL_HANDSHAKE: KafkaApi = { name: 'SaslHandshake', key: 17, version: 1, flexible: false };
export const SASL_AUTHENTICATE: KafkaApi = { name: 'SaslAuthenticate', key: 36, version: 2, flexible: true };
export const ALTER_USER_SCRAM_CREDENTIALS: KafkaApi = { name: 'AlterUserScramCredentials', key: 51, version: 0, flexible: true };

/** The mechanisms' numbers in AlterUserScramCredentials (Kafka's ScramMechanism). */
export const SCRAM_SHA_512 = 2;

/** A request as sent: its size, then the header and the body. */
export function encodeRequest(api: KafkaApi, correlationId: number, clientId: string, body: (writer: WireWriter) => void): Buffer {
  const writer = new WireWriter().int16(api.key).int16(api.version).int32(correlationId).string(clientId);
  if (api.flexible) writer.noTaggedFields();
  body(writer);
  const message = writer.toBuffer();
  return Buffer.concat([new WireWriter().int32(message.length).toBuffer(), message]);
}

/** The body of a response (its size already taken off), after checking it answers this request. */
export function responseBody(api: KafkaApi, correlationId: number, response: Buffer): WireReader {
  const reader = new WireReader(response);
  const answered = reader.int32();
  if (answered !== correlationId) throw new KafkaProtocolError(`${api.name}: a response to request ${answered}, expected ${correlationId}`);
  if (api.flexible) reader.skipTaggedFields();
  return reader;
}

export function saslHandshakeRequest(mechanism: string) {
  return (writer: WireWriter) => void writer.string(mechanism);
}

export interface SaslHandshakeResponse {
  errorCode: number;
  mechanisms: string[];
}

export function decodeSaslHandshakeResponse(reader: WireReader): SaslHandshakeResponse {
  const errorCode = reader.int16();
  const mechanisms = reader.array((element) => element.string() ?? '');
  reader.end();
  return { errorCode, mechanisms };
}

export function saslAuthenticateRequest(authBytes: Buffer) {
  return (writer: WireWriter) => void writer.compactBytes(authBytes).noTaggedFields();
}

export interface SaslAuthenticateResponse {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
  sessionLifetimeMs: bigint;
}

export function decodeSaslAuthenticateResponse(reader: WireReader): SaslAuthenticateResponse {
  const errorCode = reader.int16();
  const errorMessage = reader.compactString();
  const authBytes = reader.compactBytes() ?? Buffer.alloc(0);
  const sessionLifetimeMs = reader.int64();
  reader.skipTaggedFields();
  reader.end();
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs };
}

/** A credential to create or replace: the broker keeps the salted password's derived keys, never the password. */
export interface ScramUpsertion {
  name: string;
  mechanism: number;
  iterations: number;
  salt: Buffer;
  saltedPassword: Buffer;
}

/** A credential to delete: a user's credential for one mechanism. */
export interface ScramDeletion {
  name: string;
  mechanism: number;
}

/** Deletes and creates or replaces credentials in one request. */
export function alterUserScramCredentialsRequest(upsertions: readonly ScramUpsertion[], deletions: readonly ScramDeletion[] = []) {
  return (writer: WireWriter) =>
    void writer
      .compactArray(deletions, (element, deletion) => void element.compactString(deletion.name).int8(deletion.mechanism).noTaggedFields())
      .compactArray(
        upsertions,
        (element, upsertion) =>
          void element
            .compactString(upsertion.name)
            .int8(upsertion.mechanism)
            .int32(upsertion.iterations)
            .compactBytes(upsertion.salt)
            .compactBytes(upsertion.saltedPassword)
            .noTaggedFields(),
      )
      .noTaggedFields();
}

export interface ScramAlterationResult {
  user: string;
  errorCode: number;
  errorMessage: string | null;
}

export interface AlterUserScramCredentialsResponse {
  throttleTimeMs: number;
  results: ScramAlterationResult[];
}

export function decodeAlterUserScramCredentialsResponse(reader: WireReader): AlterUserScramCredentialsResponse {
  const throttleTimeMs = reader.int32();
  const results = reader.compactArray((element) => {
    const user = element.compactString() ?? '';
    const errorCode = element.int16();
    const errorMessage = element.compactString();
    element.skipTaggedFields();
    return { user, errorCode, errorMessage };
  });
  reader.skipTaggedFields();
  reader.end();
  return { throttleTimeMs, results };
}

/** The names of the error codes these requests can answer with (Kafka's Errors.java), for messages a person can act on. */
const ERROR_NAMES: Record<number, string> = {
  [-1]: 'UNKNOWN_SERVER_ERROR',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  33: 'UNSUPPORTED_SASL_MECHANISM',
  34: 'ILLEGAL_SASL_STATE',
  35: 'UNSUPPORTED_VERSION',
  41: 'NOT_CONTROLLER',
  42: 'INVALID_REQUEST',
  58: 'SASL_AUTHENTICATION_FAILED',
  91: 'RESOURCE_NOT_FOUND',
  92: 'DUPLICATE_RESOURCE',
  93: 'UNACCEPTABLE_CREDENTIAL',
  97: 'PRINCIPAL_DESERIALIZATION_FAILURE',
};

/** "NAME (code)", or "error code N" for one this client has no name for. */
export function kafkaErrorName(code: number): string {
  const name = ERROR_NAMES[code];
  return name ? `${name} (${code})` : `error code ${code}`;
}
