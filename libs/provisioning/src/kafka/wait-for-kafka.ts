import { createKafka, describeCluster, type KafkaConnection } from '@lantern/kafka';
import { setTimeout as sleep } from 'node:timers/promises';
import { acceptsConnections } from '../system/ports';

const RETRY_INTERVAL_MS = 250;

export interface WaitForKafkaOptions {
  timeoutMs: number;
  /** Stops waiting early, e.g. when the broker process has died. */
  signal?: AbortSignal;
}

/**
 * Resolves once the first broker accepts TCP connections and answers an admin describeCluster,
 * i.e. it has joined its KRaft quorum and serves metadata.
 */
export async function waitForKafka(connection: KafkaConnection, options: WaitForKafkaOptions): Promise<void> {
  const { brokers } = connection;
  const deadline = Date.now() + options.timeoutMs;
  const [host, port] = splitHostPort(brokers[0]);
  let lastError = 'the port never accepted a connection';
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    if (await acceptsConnections(host, port)) {
      try {
        await answersDescribeCluster(connection);
        return;
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    await sleep(RETRY_INTERVAL_MS);
  }
  throw new Error(`Kafka at ${brokers.join(',')} was not ready within ${options.timeoutMs / 1000} s: ${lastError}`);
}

/** One admin describeCluster, without retries and with short timeouts. */
async function answersDescribeCluster(connection: KafkaConnection): Promise<void> {
  // Short timeouts, so a port held by something that is not Kafka cannot stall readiness for
  // the 30 s default. No logger: refused connections are expected while the broker starts, and
  // the caller reports the outcome.
  const kafka = createKafka(connection, 'lantern-provisioning', undefined, { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, retries: 0 });
  await describeCluster(kafka);
}

function splitHostPort(broker: string): [string, number] {
  const separator = broker.lastIndexOf(':');
  return [broker.slice(0, separator), Number(broker.slice(separator + 1))];
}
