import { randomBytes } from 'node:crypto';
import { createKafka } from './kafka-client';
import type { AccessGrant, HubAdmin, KafkaConnection } from './kafka-types';
import { canLogIn, deleteScramCredential, setScramCredential } from './scram-credentials';

/**
 * The Kafka identities the hub hands out (ADR 0017). Each kind has its own name prefix, so no
 * registration can reach another kind's principal or the hub's own (`lantern`, `broker`): a
 * producer called "lantern" is `producer-lantern`, never the super user.
 */
const PRODUCER_PRINCIPAL = 'producer-';
const NOTICE_READER_PRINCIPAL = 'notices-';
/** Where the names come from: producer ids ([a-z0-9-], HubTopics) and education organisation ids. */
const PRINCIPAL_SUFFIX = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** A login handed to someone outside the hub: the password is shown once, and the broker keeps only its salted SCRAM form. */
export interface IssuedPrincipal {
  username: string;
  password: string;
}

/** A producing system's login: it may write only under its own topic prefix. */
export interface ProducingPrincipal extends IssuedPrincipal {
  topicPrefix: string;
}

/** A school's or district's login for its Handle with Care notices. */
export interface NoticeReaderPrincipal extends IssuedPrincipal {
  /** The consumer groups it may use start with this. */
  groupPrefix: string;
}

export function producingPrincipalName(producerId: string): string {
  return PRODUCER_PRINCIPAL + checkedSuffix(producerId);
}

export function noticeReaderPrincipalName(organizationId: string): string {
  return NOTICE_READER_PRINCIPAL + checkedSuffix(organizationId);
}

function checkedSuffix(id: string): string {
  if (!PRINCIPAL_SUFFIX.test(id)) throw new Error(`a principal is named after an id of 1 to 64 letters, digits and inner hyphens, got "${id}"`);
  return id;
}

/**
 * Registers a producing system on a secured cluster: a SCRAM-SHA-512 credential and a PREFIXED
 * WRITE ACL on its topic prefix (libs/ingest's HubTopics.producerPrefix names it), nothing else.
 * Registering it again replaces its password: the old one stops working.
 */
export async function registerProducingPrincipal(hub: KafkaConnection, producerId: string, topicPrefix: string): Promise<ProducingPrincipal> {
  const username = producingPrincipalName(producerId);
  const password = await registerPrincipal(hub, username, [{ resource: 'topic', name: topicPrefix, pattern: 'prefixed', operation: 'write' }]);
  return { username, password, topicPrefix };
}

/**
 * Registers a school's or district's reader of its notice topic: a SCRAM credential, READ on
 * exactly `noticeTopic` (care-notices' careNoticeTopic names it) and READ on the consumer groups
 * under its own prefix, nothing else: no other school's notices, no records, no dead letters.
 */
export async function registerNoticeReaderPrincipal(hub: KafkaConnection, organizationId: string, noticeTopic: string): Promise<NoticeReaderPrincipal> {
  const username = noticeReaderPrincipalName(organizationId);
  const groupPrefix = `${username}.`;
  const password = await registerPrincipal(hub, username, [
    { resource: 'topic', name: noticeTopic, pattern: 'literal', operation: 'read' },
    { resource: 'group', name: groupPrefix, pattern: 'prefixed', operation: 'read' },
  ]);
  return { username, password, groupPrefix };
}

/**
 * Takes a producing system's or notice reader's login away: its SCRAM credential is deleted and
 * every ACL naming it removed, so it can neither log in nor, if a session outlives the credential,
 * do anything. Removing one that is already gone changes nothing.
 */
export async function removePrincipal(hub: KafkaConnection, username: string): Promise<void> {
  if (username === hub.security?.username) throw new Error(`${username} is the hub's own principal`);
  await deleteScramCredential(hub, username);
  // Grants last: a removal that stops half-way is still found by holdsGrants, and can be run again.
  await withAdmin(hub, 'lantern-principal-removal', (admin) => admin.revokeAllAccess(username));
}

/** Whether `username` holds any grant: every principal registered here does, until it is removed. */
export function holdsGrants(hub: KafkaConnection, username: string): Promise<boolean> {
  return withAdmin(hub, 'lantern-principal-lookup', async (admin) => (await admin.countAccess(username)) > 0);
}

async function withAdmin<T>(hub: KafkaConnection, clientId: string, work: (admin: HubAdmin) => Promise<T>): Promise<T> {
  const admin = createKafka(hub, clientId).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

const LOGIN_ATTEMPTS = 40;
const LOGIN_RETRY_MS = 250;

/**
 * A new password for `username` and these grants (added to any it has); resolves once the new
 * password logs in and the grants are in the broker's authorizer (both are applied
 * asynchronously), so whoever is handed it can use it at once. `hub` must be allowed to alter credentials and ACLs (the hub's super user).
 */
async function registerPrincipal(hub: KafkaConnection, username: string, grants: Array<Omit<AccessGrant, 'principal'>>): Promise<string> {
  if (username === hub.security?.username) throw new Error(`${username} is the hub's own principal`);
  const password = randomBytes(24).toString('base64url');
  await setScramCredential(hub, username, password);
  await withAdmin(hub, 'lantern-principal-registration', async (admin) => {
    await admin.grantAccess(grants.map((grant) => ({ ...grant, principal: username })));
    // The broker applies credentials and ACLs asynchronously, each in its own time: wait for both,
    // or the first message of whoever is handed the login may be refused.
    const issued = { brokers: hub.brokers, security: { caPem: hub.security!.caPem, username, password } };
    await until(() => canLogIn(issued), `the new credential of ${username} did not log in`);
    await until(async () => (await admin.countAccess(username)) >= grants.length, `the ACLs of ${username} did not take effect`);
  });
  return password;
}

async function until(condition: () => Promise<boolean>, failure: string): Promise<void> {
  for (let attempt = 1; !(await condition()); attempt++) {
    if (attempt >= LOGIN_ATTEMPTS) throw new Error(`${failure} after ${(LOGIN_ATTEMPTS * LOGIN_RETRY_MS) / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, LOGIN_RETRY_MS));
  }
}
