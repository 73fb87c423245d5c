import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { KafkaConnection, KafkaSecurity } from './kafka-types';
import {
  ALTER_USER_SCRAM_CREDENTIALS,
  alterUserScramCredentialsRequest,
  decodeAlterUserScramCredentialsResponse,
  decodeSaslAuthenticateResponse,
  decodeSaslHandshakeResponse,
  encodeRequest,
  type KafkaApi,
  kafkaErrorName,
  responseBody,
  SASL_AUTHENTICATE,
  SASL_HANDSHAKE,
  saslAuthenticateRequest,
  saslHandshakeRequest,
  SCRAM_SHA_512,
} from './protocol/kafka-messages';
import { KafkaProtocolError, type WireReader, WireWriter } from './protocol/kafka-wire';
import { saltedPassword, ScramClientExchange } from './protocol/scram';

/** Between Kafka's bounds for SCRAM-SHA-512 (4096 to 16384): each login costs the broker this many HMACs. */
const SCRAM_ITERATIONS = 8192;
const CLIENT_ID = 'lantern-scram-credentials';
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Kafka's error code for a refused login. */
const SASL_AUTHENTICATION_FAILED = 58;

/** Kafka refused a request: its error code's name and its own message say why. */
/** Kafka's answer for a credential that does not exist. */
const RESOURCE_NOT_FOUND = 91;

export class KafkaRequestError extends Error {
  override readonly name = 'KafkaRequestError';

  constructor(
    message: string,
    readonly errorCode: number,
  ) {
    super(message);
  }
}

/**
 * Creates or replaces `username`'s SCRAM-SHA-512 credential: a random salt, the salted password
 * computed here (PBKDF2-HMAC-SHA512), sent in an AlterUserScramCredentials request (which
 * kafkajs lacks) as `hub`, whose principal must be allowed to alter the cluster. In KRaft any
 * broker forwards it to the active controller, so the first broker that answers takes it. The
 * password appears in no message, log line or error.
 */
export async function setScramCredential(hub: KafkaConnection, username: string, password: string): Promise<void> {
  const security = securityOf(hub);
  const salt = randomBytes(32);
  const upsertion = { name: username, mechanism: SCRAM_SHA_512, iterations: SCRAM_ITERATIONS, salt, saltedPassword: await saltedPassword('sha512', password, salt, SCRAM_ITERATIONS) };
  const connection = await openAuthenticated(hub.brokers, security);
  try {
    const { results } = await connection.request(ALTER_USER_SCRAM_CREDENTIALS, alterUserScramCredentialsRequest([upsertion]), decodeAlterUserScramCredentialsResponse);
    const result = results.find((each) => each.user === username);
    if (!result) throw new KafkaProtocolError(`AlterUserScramCredentials: the broker answered nothing about ${username}`);
    if (result.errorCode !== 0) {
      throw new KafkaRequestError(
        `Kafka did not set the SCRAM credential of ${username}: ${kafkaErrorName(result.errorCode)}${result.errorMessage ? `: ${result.errorMessage}` : ''}`,
        result.errorCode,
      );
    }
  } finally {
    connection.close();
  }
}

/**
 * Deletes `username`'s SCRAM-SHA-512 credential, so it can no longer log in; a user without one
 * is already where this leaves it.
 */
export async function deleteScramCredential(hub: KafkaConnection, username: string): Promise<void> {
  const connection = await openAuthenticated(hub.brokers, securityOf(hub));
  try {
    const { results } = await connection.request(
      ALTER_USER_SCRAM_CREDENTIALS,
      alterUserScramCredentialsRequest([], [{ name: username, mechanism: SCRAM_SHA_512 }]),
      decodeAlterUserScramCredentialsResponse,
    );
    const result = results.find((each) => each.user === username);
    if (!result) throw new KafkaProtocolError(`AlterUserScramCredentials: the broker answered nothing about ${username}`);
    if (result.errorCode !== 0 && result.errorCode !== RESOURCE_NOT_FOUND) {
      throw new KafkaRequestError(
        `Kafka did not delete the SCRAM credential of ${username}: ${kafkaErrorName(result.errorCode)}${result.errorMessage ? `: ${result.errorMessage}` : ''}`,
        result.errorCode,
      );
    }
  } finally {
    connection.close();
  }
}

/** Whether these credentials log in now (SCRAM-SHA-512 over TLS), as any client of the broker would. */
export async function canLogIn(connection: KafkaConnection): Promise<boolean> {
  try {
    (await openAuthenticated(connection.brokers, securityOf(connection))).close();
    return true;
  } catch (error) {
    if (error instanceof KafkaRequestError && error.errorCode === SASL_AUTHENTICATION_FAILED) return false;
    throw error;
  }
}

function securityOf(connection: KafkaConnection): KafkaSecurity {
  if (!connection.security) throw new Error('SCRAM credentials need a secured cluster (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_CA_PEM)');
  return connection.security;
}

/** A connection to the first broker that accepts one, logged in; a refused login is not retried on another broker. */
async function openAuthenticated(brokers: readonly string[], security: KafkaSecurity): Promise<BrokerConnection> {
  const unreachable: string[] = [];
  for (const broker of brokers) {
    let connection: BrokerConnection;
    try {
      connection = await BrokerConnection.open(broker, security.caPem);
    } catch (error) {
      unreachable.push(`${broker}: ${(error as Error).message}`);
      continue;
    }
    try {
      await authenticate(connection, security.username, security.password);
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }
  throw new Error(`no Kafka broker answered over TLS (${unreachable.join('; ')})`);
}

/** SaslHandshake v1 for SCRAM-SHA-512, then the SCRAM exchange in two SaslAuthenticate requests. */
async function authenticate(connection: BrokerConnection, username: string, password: string): Promise<void> {
  const handshake = await connection.request(SASL_HANDSHAKE, saslHandshakeRequest('SCRAM-SHA-512'), decodeSaslHandshakeResponse);
  if (handshake.errorCode !== 0) {
    throw new KafkaRequestError(
      `the broker does not offer SCRAM-SHA-512 (it offers ${handshake.mechanisms.join(', ') || 'nothing'}): ${kafkaErrorName(handshake.errorCode)}`,
      handshake.errorCode,
    );
  }
  const exchange = new ScramClientExchange('sha512', username, password);
  const serverFirst = await saslStep(connection, username, exchange.clientFirst());
  const serverFinal = await saslStep(connection, username, await exchange.clientFinal(serverFirst));
  exchange.verifyServerFinal(serverFinal);
}

async function saslStep(connection: BrokerConnection, username: string, message: string): Promise<string> {
  const response = await connection.request(SASL_AUTHENTICATE, saslAuthenticateRequest(Buffer.from(message, 'utf8')), decodeSaslAuthenticateResponse);
  if (response.errorCode !== 0) {
    throw new KafkaRequestError(
      `Kafka refused the login of ${username}: ${kafkaErrorName(response.errorCode)}${response.errorMessage ? `: ${response.errorMessage}` : ''}`,
      response.errorCode,
    );
  }
  return response.authBytes.toString('utf8');
}

/** "host:port" or "[v6 address]:port". */
function hostAndPort(broker: string): { host: string; port: number } {
  const separator = broker.lastIndexOf(':');
  const port = Number(broker.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`a broker is host:port, got "${broker}"`);
  return { host: broker.slice(0, separator).replace(/^\[(.*)\]$/, '$1'), port };
}

/** One TLS connection to a broker, one request at a time (all this client needs). */
class BrokerConnection {
  private received = Buffer.alloc(0);
  private correlationId = 0;
  private pending?: { resolve: (frame: Buffer) => void; reject: (error: Error) => void };
  private failure?: Error;

  private constructor(private readonly socket: tls.TLSSocket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the broker closed the connection')));
  }

  /** Trusts only `caPem` for the broker's certificate, which must name the host (or IP) it is reached at. */
  static open(broker: string, caPem: string): Promise<BrokerConnection> {
    const { host, port } = hostAndPort(broker);
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host, port, ca: [caPem], servername: isIP(host) ? undefined : host, minVersion: 'TLSv1.2', timeout: REQUEST_TIMEOUT_MS });
      const refuse = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.once('error', refuse);
      socket.once('timeout', () => refuse(new Error('timed out connecting')));
      socket.once('secureConnect', () => {
        socket.off('error', refuse);
        socket.setTimeout(0);
        resolve(new BrokerConnection(socket));
      });
    });
  }

  async request<T>(api: KafkaApi, body: (writer: WireWriter) => void, decode: (reader: WireReader) => T): Promise<T> {
    if (this.failure) throw this.failure;
    if (this.pending) throw new Error('one request at a time');
    const correlationId = ++this.correlationId;
    const frame = new Promise<Buffer>((resolve, reject) => (this.pending = { resolve, reject }));
    const timer = setTimeout(() => this.fail(new Error(`${api.name}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)), REQUEST_TIMEOUT_MS);
    try {
      this.socket.write(encodeRequest(api, correlationId, CLIENT_ID, body));
      return decode(responseBody(api, correlationId, await frame));
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.failure ??= new Error('closed');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    if (this.received.length < 4) return;
    const size = this.received.readInt32BE(0);
    if (size < 0 || size > MAX_RESPONSE_BYTES) return this.fail(new KafkaProtocolError(`a response of ${size} bytes`));
    if (this.received.length < 4 + size) return;
    const frame = this.received.subarray(4, 4 + size);
    this.received = this.received.subarray(4 + size);
    const pending = this.pending;
    this.pending = undefined;
    if (pending) pending.resolve(frame);
    else this.fail(new KafkaProtocolError('a response to no request'));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
    this.socket.destroy();
  }
}
