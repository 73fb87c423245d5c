import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { createKafka, ensureTopics, type KafkaClient, type KafkaConnection, producingPrincipalName, registerProducingPrincipal, removePrincipal } from '@lantern/kafka';
import type { DataSource } from 'typeorm';
import { type HubTopics, isProducerId } from './hub-topics';

/** What a producing system may publish as: the envelopes' sourceSystem values, the agencies its care flags name, and the organisations its records may be about. */
export interface ProducerGrant {
  sourceSystems: readonly string[];
  agencyIds: readonly string[];
  /** Districts (local education agencies) and schools; a school counts when it or its district is listed (organization-authority.ts). */
  educationOrganizationIds: readonly string[];
}

/** A producing system as the registry holds it. */
export interface RegisteredProducer extends ProducerGrant {
  producerId: string;
  registeredBy: string;
  registeredAt: string;
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
        `INSERT INTO producing_system (producer_id, source_systems, agency_ids, education_organization_ids, registered_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (producer_id) DO UPDATE SET source_systems = excluded.source_systems, agency_ids = excluded.agency_ids,
           education_organization_ids = excluded.education_organization_ids, registered_by = excluded.registered_by, registered_at = now()`,
        [producerId, grant.sourceSystems, grant.agencyIds, grant.educationOrganizationIds, actor],
      );
      await this.audit.append(
        {
          kind: 'producer-registered',
          actor,
          subject: producerId,
          details: { sourceSystems: grant.sourceSystems, agencyIds: grant.agencyIds, educationOrganizationIds: grant.educationOrganizationIds },
        },
        manager,
      );
    });
  }

  /** Removes a producer's registration (audited); false when none was registered under that id. */
  async remove(producerId: string, actor: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const removed: Array<{ producer_id: string }> = await manager.query(
        `WITH removed AS (DELETE FROM producing_system WHERE producer_id = $1 RETURNING producer_id) SELECT producer_id FROM removed`,
        [producerId],
      );
      if (removed.length === 0) return false;
      await this.audit.append({ kind: 'producer-removed', actor, subject: producerId, details: { username: producingPrincipalName(producerId) } }, manager);
      return true;
    });
  }

  /** Every registration, oldest first: what each may publish as, and who registered it when. */
  async list(): Promise<RegisteredProducer[]> {
    const rows: ProducerRow[] = await this.dataSource.query(
      `SELECT producer_id, source_systems, agency_ids, education_organization_ids, registered_by, registered_at FROM producing_system ORDER BY registered_at, producer_id`,
    );
    return rows.map((row) => ({ producerId: row.producer_id, ...grantOf(row), registeredBy: row.registered_by, registeredAt: row.registered_at.toISOString() }));
  }

  async all(): Promise<Map<string, ProducerGrant>> {
    const rows: ProducerRow[] = await this.dataSource.query(
      `SELECT producer_id, source_systems, agency_ids, education_organization_ids, registered_by, registered_at FROM producing_system ORDER BY producer_id`,
    );
    return new Map(rows.map((row) => [row.producer_id, grantOf(row)]));
  }
}

interface ProducerRow {
  producer_id: string;
  source_systems: string[];
  agency_ids: string[];
  education_organization_ids: string[];
  registered_by: string;
  registered_at: Date;
}

function grantOf(row: ProducerRow): ProducerGrant {
  return { sourceSystems: row.source_systems, agencyIds: row.agency_ids, educationOrganizationIds: row.education_organization_ids };
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

const MAX_NAMES = 20;
/** The envelope's sourceSystem rule (contracts/envelope.schema.json). */
const SOURCE_SYSTEM = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
/** An agency id is a local identifier (contracts/common): 1 to 64 characters; control characters refused. */
const AGENCY_ID = /^[^\p{Cc}]{1,64}$/u;
/** Ed-Fi education organisation ids are integers. */
const EDUCATION_ORGANIZATION_ID = /^[1-9][0-9]{0,17}$/;
/** Districts are listed rather than their schools, so a few hundred cover any producer. */
const MAX_ORGANIZATIONS = 500;

/** A registration a steward asks for, checked: the producer's id and what it may publish as. */
export interface ProducerRegistrationRequest {
  producerId: string;
  grant: ProducerGrant;
}

/** Checks a registration request (POST /ingest/producers), refusing it with a reason a steward can act on. */
export function parseProducerRegistration(input: unknown): ProducerRegistrationRequest {
  const { producerId, sourceSystems, agencyIds = [], educationOrganizationIds = [] } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const invalid = (detail: string): never => {
    throw new LanternError(LanternErrorCode.InvalidRequest, detail);
  };
  // No dots: a producer's topic prefix must never be the start of another's (HubTopics).
  if (!isProducerId(producerId)) invalid('producerId must be 1 to 64 lower-case letters, digits and inner hyphens (no dots)');
  const names = (field: string, value: unknown, pattern: RegExp, rule: string, min: number, max = MAX_NAMES): string[] =>
    Array.isArray(value) && value.length >= min && value.length <= max && value.every((name) => typeof name === 'string' && pattern.test(name))
      ? [...new Set(value as string[])]
      : invalid(`${field} must be a list of ${min} to ${max} ${rule}`);
  return {
    producerId: producerId as string,
    grant: {
      sourceSystems: names('sourceSystems', sourceSystems, SOURCE_SYSTEM, 'source system ids (as in envelopes: letters, digits, . _ : -, up to 100)', 1),
      agencyIds: names('agencyIds', agencyIds, AGENCY_ID, 'agency ids (1 to 64 characters)', 0),
      educationOrganizationIds: names('educationOrganizationIds', educationOrganizationIds, EDUCATION_ORGANIZATION_ID, 'district or school ids (digits, as strings)', 0, MAX_ORGANIZATIONS),
    },
  };
}

/** A registration as the steward gets it back: the password is in this answer only. */
export interface ProducerRegistration {
  producerId: string;
  sourceSystems: readonly string[];
  agencyIds: readonly string[];
  educationOrganizationIds: readonly string[];
  /** Its Kafka login (SASL/SCRAM-SHA-512 over TLS). */
  username: string;
  password: string;
  /** It may write every topic starting with this, and nothing else. */
  topicPrefix: string;
  /** Its own topics, one per contract. */
  topics: string[];
}

/**
 * Registers a producing system end to end, as a steward (POST /ingest/producers) or `npm start`
 * does: what it may publish as (audited), its own topics, and its Kafka principal with a new
 * password (registering it again replaces the password). Returns once the login works. The
 * ingest service and the care-flag intake consume its topics from their next sweep.
 */
export async function registerProducingSystem(
  dependencies: { topics: HubTopics; hub: KafkaConnection; registry: ProducingSystems },
  producerId: string,
  grant: ProducerGrant,
  actor: string,
): Promise<ProducerRegistration> {
  const { topics, hub, registry } = dependencies;
  const topicPrefix = topics.producerPrefix(producerId);
  if (!hub.security) throw new LanternError(LanternErrorCode.Conflict, 'the hub’s Kafka connection is not secured (SASL/SCRAM over TLS), so it cannot give a producing system a login');
  await registry.register(producerId, grant, actor);
  await ensureTopics(createKafka(hub, 'lantern-producer-registration'), topics.all([producerId]));
  const { username, password } = await registerProducingPrincipal(hub, producerId, topicPrefix);
  return { producerId, ...grant, username, password, topicPrefix, topics: topics.producerTopics(producerId) };
}

/**
 * Takes a producing system off the hub (POST-registration's inverse, for a district that leaves
 * or a login that leaked): its Kafka login first, so it cannot publish from that moment, then its
 * registration, audited. Its topics stay, with what is on them: ingestion rejects anything left
 * there at stage producer, as from any unregistered system.
 */
export async function removeProducingSystem(dependencies: { hub: KafkaConnection; registry: ProducingSystems }, producerId: string, actor: string): Promise<void> {
  const { hub, registry } = dependencies;
  if (!(await registry.all()).has(producerId)) throw new LanternError(LanternErrorCode.RecordNotFound, 'No producing system is registered under that id.');
  if (!hub.security) throw new LanternError(LanternErrorCode.Conflict, 'the hub’s Kafka connection is not secured (SASL/SCRAM over TLS), so it has no producer logins to remove');
  await removePrincipal(hub, producingPrincipalName(producerId));
  await registry.remove(producerId, actor);
}

/** The registered producing systems with their Kafka login names and topic prefixes; never a password (the hub keeps none). */
export async function listProducingSystems(dependencies: { topics: HubTopics; registry: ProducingSystems }) {
  const { topics, registry } = dependencies;
  return (await registry.list()).map((producer) => ({ ...producer, username: producingPrincipalName(producer.producerId), topicPrefix: topics.producerPrefix(producer.producerId) }));
}

/**
 * The topics a consumer reads for some contracts: the shared ones and every registered producing
 * system's own (ADR 0017), kept current while it runs. The ingest service and the worker's
 * care-flag intake both follow the registry so, each on its own timer.
 */
export class ProducerTopicSubscription {
  private producerIds: readonly string[] = [];

  constructor(
    private readonly dependencies: { topics: HubTopics; kafka: KafkaClient; registry: Pick<ProducingSystems, 'all'> },
    /** Which topics the consumer reads, by the contract on them (every one when unset). */
    private readonly reads: (contractId: string | undefined) => boolean = () => true,
  ) {}

  /** The topics it reads now. */
  get topics(): string[] {
    return this.topicsOf(this.producerIds);
  }

  /** Reads the registry and makes the topics that are missing; call before the consumer starts, then subscribe it to `topics`. */
  async load(): Promise<string[]> {
    await this.adopt([...(await this.dependencies.registry.all()).keys()]);
    return this.topics;
  }

  /**
   * Looks for producing systems registered since it last looked; when there are, makes their
   * topics and resubscribes the consumer (which leaves and rejoins its group). Resolves whether
   * it did; a failure leaves the subscription as it was, for the next look to try again.
   */
  async follow(consumer: { resubscribe(topics: string[]): Promise<void> }): Promise<boolean> {
    const registered = [...(await this.dependencies.registry.all()).keys()];
    if (registered.every((producer) => this.producerIds.includes(producer))) return false;
    const before = this.producerIds;
    await this.adopt(registered);
    try {
      await consumer.resubscribe(this.topics);
    } catch (error) {
      this.producerIds = before;
      throw error;
    }
    return true;
  }

  private topicsOf(producerIds: readonly string[]): string[] {
    const { topics } = this.dependencies;
    return [...topics.inbound(), ...producerIds.flatMap((producer) => topics.producerTopics(producer))].filter((topic) => this.reads(topics.contractOn(topic)));
  }

  private async adopt(producerIds: readonly string[]): Promise<void> {
    const wanted = new Set(this.topicsOf(producerIds));
    await ensureTopics(
      this.dependencies.kafka,
      this.dependencies.topics.all(producerIds).filter((spec) => wanted.has(spec.topic)),
    );
    this.producerIds = producerIds;
  }
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
