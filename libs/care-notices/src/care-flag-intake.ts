import { localDateOf } from '@lantern/care-rules';
import { ContractRegistry, parseMessage } from '@lantern/contracts';
import { LanternError } from '@lantern/errors';
import type { InboundMessage } from '@lantern/kafka';
import type { Logger } from 'pino';
import { validatedCareFlag, type CareFlag } from './care-flag';
import type { CareFlags } from './care-flags';

/**
 * Flags from the agencies' Kafka topic (ingest.partner.care-flag.v1): an upsert issues or
 * corrects, a delete revokes. Ingestion reads the same topic and keeps every message (stored,
 * or rejected with its reason and bytes), so an invalid message is only counted here. A flag
 * the domain refuses (e.g. correcting a revoked one) is logged and skipped; anything else
 * fails the batch, which Kafka redelivers and the idempotent issue absorbs.
 */
export class CareFlagIntake {
  private readonly registry = ContractRegistry.default();

  constructor(
    private readonly flags: CareFlags,
    private readonly maxMessageBytes: number,
    private readonly logger: Logger,
    /** Whether the system that wrote to this topic (ADR 0017) may issue for this source and agency. */
    private readonly mayIssue: (topic: string, sourceSystem: string, agencyId: string) => Promise<boolean>,
  ) {}

  async handle(messages: readonly InboundMessage[]): Promise<void> {
    for (const message of messages) {
      const lineage = { topic: message.topic, partition: message.partition, offset: message.offset };
      const parsed = parseMessage(message.value, this.registry, { maxBytes: this.maxMessageBytes });
      if (parsed.kind === 'rejected') {
        this.logger.warn({ ...lineage, stage: parsed.stage, errorPath: parsed.errorPath }, 'care flag message rejected (ingestion keeps it with the reason)');
        continue;
      }
      const { envelope } = parsed;
      // A delete carries the natural key only; the schema has checked it (and a whole upsert).
      const key = envelope.record as unknown as Pick<CareFlag, 'agency' | 'flagId'>;
      const issuer = { agencyId: key.agency.agencyId, actor: `source:${envelope.sourceSystem}`, sourceSystem: envelope.sourceSystem };
      if (!(await this.mayIssue(message.topic, envelope.sourceSystem, issuer.agencyId))) {
        this.logger.warn(lineage, 'care flag refused: its producing system is not registered for the agency or source it names');
        continue;
      }
      try {
        if (envelope.operation === 'delete') await this.flags.revoke(issuer.agencyId, key.flagId, issuer.actor);
        else await this.flags.issue(validatedCareFlag(envelope.record, localDateOf(new Date())), issuer);
      } catch (error) {
        if (!(error instanceof LanternError)) throw error;
        this.logger.warn({ ...lineage, code: error.code, detail: error.detail }, 'care flag message refused');
      }
    }
  }
}
