import type { AuditLog } from '@lantern/audit';
import { ensureTopics, type KafkaClient } from '@lantern/kafka';
import type { DataSource } from 'typeorm';
import type { HubTopics } from './hub-topics';

/** What a producing system may publish as: the envelopes' sourceSystem values, and the agencies its care flags name. */
export interface ProducerGrant {
  sourceSystems: readonly string[];
  agencyIds: readonly string[];
}

/** The registry of producing systems (ADR 0017); each registration is audited. */
export class ProducingSystems {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Registers a producer, or replaces what an existing one may publish as. */
  async register(producerId: string, grant: ProducerGrant, actor: string): Promise<void> {
    if (grant.sourceSystems.length === 0) throw new Error('a producing system publishes for at least one source system');
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO producing_system (producer_id, source_systems, agency_ids, registered_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (producer_id) DO UPDATE SET source_systems = excluded.source_systems, agency_ids = excluded.agency_ids,
           registered_by = excluded.registered_by, registered_at = now()`,
        [producerId, grant.sourceSystems, grant.agencyIds, actor],
      );
      await this.audit.append({ kind: 'producer-registered', actor, subject: producerId, details: { sourceSystems: grant.sourceSystems, agencyIds: grant.agencyIds } }, manager);
    });
  }

  async all(): Promise<Map<string, ProducerGrant>> {
    const rows: Array<{ producer_id: string; source_systems: string[]; agency_ids: string[] }> = await this.dataSource.query(
      `SELECT producer_id, source_systems, agency_ids FROM producing_system ORDER BY producer_id`,
    );
    return new Map(rows.map((row) => [row.producer_id, { sourceSystems: row.source_systems, agencyIds: row.agency_ids }]));
  }
}

const GRANTS_FRESH_MS = 5_000;

/**
 * The registry as ingestion reads it: at most one query every few seconds, however many batches;
 * a producer it has not seen yet is looked up at once (one registered a moment ago).
 */
export class ProducerGrants {
  private cached?: { at: number; grants: Promise<Map<string, ProducerGrant>> };

  constructor(private readonly registry: Pick<ProducingSystems, 'all'>) {}

  async grantOf(producerId: string): Promise<ProducerGrant | undefined> {
    const known = (await this.current(false)).get(producerId);
    return known ?? (await this.current(true)).get(producerId);
  }

  private current(reload: boolean): Promise<Map<string, ProducerGrant>> {
    if (reload || !this.cached || Date.now() - this.cached.at > GRANTS_FRESH_MS) {
      const grants = this.registry.all();
      this.cached = { at: Date.now(), grants };
      grants.catch(() => (this.cached = undefined));
    }
    return this.cached.grants;
  }
}

/** The Kafka side of a registration: the producer's own credential and its WRITE ACL on `topicPrefix` (libs/provisioning's registerProducingPrincipal). */
export type GrantPrincipal = (producerId: string, topicPrefix: string) => Promise<{ username: string; password: string }>;

/**
 * Registers a producing system end to end (`npm start` registers its demo district so): what it may
 * publish as (audited), its own topics, and its Kafka principal. Returns the password, shown once,
 * and the topics it writes. The ingest service consumes them from its next start.
 */
export async function registerProducingSystem(
  dependencies: { topics: HubTopics; kafka: KafkaClient; registry: ProducingSystems; grantPrincipal: GrantPrincipal },
  producerId: string,
  grant: ProducerGrant,
  actor: string,
): Promise<{ username: string; password: string; topics: string[] }> {
  const { topics, kafka, registry, grantPrincipal } = dependencies;
  const topicPrefix = topics.producerPrefix(producerId);
  await registry.register(producerId, grant, actor);
  await ensureTopics(kafka, topics.all([producerId]));
  const principal = await grantPrincipal(producerId, topicPrefix);
  return { ...principal, topics: topics.producerTopics(producerId) };
}

/**
 * Whether a message on `topic` may speak for this source system and agency: anything on the
 * shared topics (only the hub's own principals can write them), and on a producing system's own
 * topics only what it is registered for.
 */
export function producerCheck(topics: HubTopics, grants: ProducerGrants) {
  return async (topic: string, sourceSystem: string, agencyId: string): Promise<boolean> => {
    const producer = topics.producerOf(topic);
    if (producer === undefined) return true;
    const grant = await grants.grantOf(producer);
    return !!grant && grant.sourceSystems.includes(sourceSystem) && grant.agencyIds.includes(agencyId);
  };
}
