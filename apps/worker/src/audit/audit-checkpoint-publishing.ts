import { AUDIT_CHECKPOINT_TOPIC, AUDIT_CHECKPOINT_TOPIC_SPEC, AuditChainVerifier, type AuditCheckpointSigner } from '@lantern/audit';
import { ensureTopics } from '@lantern/kafka';
import type { Logger } from 'pino';
import { PeriodicTask } from '../periodic-task';
import type { WorkerConnections } from '../worker-connections';

/**
 * Checkpoints the audit log's head outside the database (ADR 0006): every interval, when the
 * head moved, a checkpoint {seq, hash, at} signed with the checkpoint key goes to
 * `hub.audit-checkpoints.v1`. Someone with the database owner's rights can cut or rewrite the
 * log's end but cannot take back what is on the topic, nor sign a checkpoint, so
 * `lantern audit verify --checkpoints` shows the cut. Several workers may publish the same
 * checkpoint; the topic keeps it once. A worker that finds its own last checkpoint gone from the
 * log says so at once (an error line to alert on) rather than waiting for an auditor's run.
 */
export class AuditCheckpointPublishing {
  private readonly task: PeriodicTask;
  private readonly topic: string;
  private readonly verifier: AuditChainVerifier;
  private topicReady = false;
  private published?: { id: string; hash: string };

  constructor(
    private readonly connections: WorkerConnections,
    private readonly signer: AuditCheckpointSigner,
    topicPrefix: string,
    intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.topic = topicPrefix + AUDIT_CHECKPOINT_TOPIC;
    this.verifier = new AuditChainVerifier(connections.dataSource);
    this.task = new PeriodicTask('audit checkpoints', intervalMs, () => this.checkpoint(), logger);
  }

  start(): void {
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
  }

  private async checkpoint(): Promise<void> {
    const head = await this.verifier.head();
    if (!head || (head.id === this.published?.id && head.hash === this.published.hash)) return;
    if (this.published && !(await this.verifier.contains(this.published))) {
      this.logger.error(
        { checkpoint: this.published, head },
        'the audit log no longer contains the last checkpoint this worker published: entries were cut or rewritten (lantern audit verify --checkpoints names them)',
      );
    }
    if (!this.topicReady) {
      await ensureTopics(this.connections.kafka, [{ topic: this.topic, ...AUDIT_CHECKPOINT_TOPIC_SPEC, configs: { ...AUDIT_CHECKPOINT_TOPIC_SPEC.configs } }]);
      this.topicReady = true;
    }
    const message = this.signer.message({ seq: head.id, hash: head.hash, at: new Date().toISOString() });
    await this.connections.producer.send({ topic: this.topic, messages: [message] });
    this.published = head;
  }
}
