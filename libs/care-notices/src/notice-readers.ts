import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { createKafka, ensureTopics, holdsGrants, type KafkaConnection, noticeReaderPrincipalName, registerNoticeReaderPrincipal, removePrincipal } from '@lantern/kafka';
import { careNoticeTopic, noticeTopicConfigs } from './care-notice-relay';

/** Notices go to schools and districts, named by their Ed-Fi educationOrganizationId (a whole number). */
const EDUCATION_ORGANIZATION_ID = /^[1-9]\d{0,15}$/;
/** The relay's default window; a worker configured otherwise sets its own at its first publish to the topic. */
const COMPACTION_WINDOW_MS = 3_600_000;

/** A school's or district's Kafka login for its notices, as the steward gets it back: the password is in this answer only. */
export interface NoticeReaderRegistration {
  organizationId: string;
  username: string;
  password: string;
  /** The one topic it may read. */
  topic: string;
  /** The consumer groups it may use start with this. */
  groupPrefix: string;
}

/**
 * Gives a school or district a Kafka login that reads exactly its own Handle with Care notice
 * topic (made now if no notice has gone to it yet) in consumer groups of its own, and nothing
 * else (ADR 0017); audited. Registering it again replaces the password. Returns once the login works.
 */
export async function registerNoticeReader(
  dependencies: { hub: KafkaConnection; audit: AuditLog; topicPrefix: string },
  organizationId: string,
  actor: string,
): Promise<NoticeReaderRegistration> {
  const { hub, audit, topicPrefix } = dependencies;
  checkOrganizationId(organizationId);
  if (!hub.security) throw new LanternError(LanternErrorCode.Conflict, 'the hub’s Kafka connection is not secured (SASL/SCRAM over TLS), so it cannot give a school a login');
  const topic = careNoticeTopic(topicPrefix, organizationId);
  await ensureTopics(createKafka(hub, 'lantern-notice-reader-registration'), [{ topic, numPartitions: 1, configs: noticeTopicConfigs(COMPACTION_WINDOW_MS) }]);
  // Audited before the login exists, as a producer's registration is: no credential is issued unrecorded.
  await audit.append({ kind: 'notice-reader-registered', actor, subject: organizationId, details: { username: noticeReaderPrincipalName(organizationId), topic } });
  const { username, password, groupPrefix } = await registerNoticeReaderPrincipal(hub, organizationId, topic);
  return { organizationId, username, password, topic, groupPrefix };
}

/**
 * Takes a school's or district's notice login away (a school that closes, a password that
 * leaked): audited, then its SCRAM credential deleted and every ACL naming it revoked, so it can
 * neither log in nor read its topic. Its topic stays, and notices go on being published there:
 * registering the school again gives it a new login that reads them. Refused with
 * RecordNotFound when the organisation has no notice login, which a completed removal leaves.
 */
export async function removeNoticeReader(dependencies: { hub: KafkaConnection; audit: AuditLog }, organizationId: string, actor: string): Promise<void> {
  const { hub, audit } = dependencies;
  checkOrganizationId(organizationId);
  if (!hub.security) throw new LanternError(LanternErrorCode.Conflict, 'the hub’s Kafka connection is not secured (SASL/SCRAM over TLS), so it has no notice logins to remove');
  const username = noticeReaderPrincipalName(organizationId);
  // The broker is the list of readers: a registered one holds its grants until its removal is complete.
  if (!(await holdsGrants(hub, username))) throw new LanternError(LanternErrorCode.RecordNotFound, 'No notice reader is registered for that organisation.');
  // Audited before the login goes; a removal that stops half-way is found and audited again when retried.
  await audit.append({ kind: 'notice-reader-removed', actor, subject: organizationId, details: { username } });
  await removePrincipal(hub, username);
}

function checkOrganizationId(organizationId: string): void {
  if (!EDUCATION_ORGANIZATION_ID.test(organizationId))
    throw new LanternError(LanternErrorCode.InvalidRequest, 'organizationId must be a school’s or district’s educationOrganizationId (a whole number)');
}
