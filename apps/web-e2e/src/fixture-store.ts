import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { ContractRegistry, type Envelope, parseMessage, valueAtPointer } from '@lantern/contracts';
import { type AgreementTerms, requiredApprovers } from '@lantern/governance';
import { IdentityResolution, personIdentityOf } from '@lantern/identity-service';
import { type NewVersion, RecordVersionStore } from '@lantern/records';
import type { DataSource } from 'typeorm';

const DAY = 86_400_000;
/** Who the fixtures' records and agreements are put in as, in the audit log. */
const FIXTURE_ACTOR = 'e2e-fixtures';

/** Envelopes as a fixture writes them: the contract's current version is filled in here. */
export type FixtureEnvelope = Omit<Envelope, 'contractVersion'>;

/**
 * A fixture's records as ingestion would keep them: each validated against its contract, the
 * people given SIDs through the identity stage (committed before the records, as ingestion
 * commits it), then stored through the records library. `fixture` names it in an error.
 */
export async function storeFixtureRecords(dataSource: DataSource, fixture: string, envelopes: readonly FixtureEnvelope[]): Promise<number> {
  const registry = ContractRegistry.default();
  const parsed = envelopes.map((envelope) => {
    const message = parseMessage(Buffer.from(JSON.stringify({ ...envelope, contractVersion: registry.contract(envelope.contract).version })), registry, { maxBytes: 65536 });
    if (message.kind === 'rejected') throw new Error(`${fixture} fixture: ${envelope.contract} rejected at ${message.stage} ${message.errorPath}: ${message.message}`);
    return message;
  });
  const people = parsed.flatMap(({ contract, envelope }) => personIdentityOf(contract, envelope.sourceSystem, envelope.record) ?? []);
  const versions = parsed.map(({ contract, envelope, naturalKey }, offset): NewVersion => ({
    contractId: contract.id,
    contractVersion: envelope.contractVersion,
    sourceSystem: envelope.sourceSystem,
    naturalKey,
    operation: envelope.operation,
    eventTime: envelope.eventTime,
    record: envelope.record,
    lineage: { topic: registry.topicFor(contract.id), partition: 0, offset: String(offset) },
    personLocalId: contract.person ? String(valueAtPointer(envelope.record, contract.person.localId)) : undefined,
  }));
  const outcomes = await dataSource.transaction((manager) => new IdentityResolution(new AuditLog(dataSource)).resolveWithin(manager, people));
  if ([...outcomes.values()].some((outcome) => 'unresolved' in outcome)) throw new Error(`${fixture} fixture: a person was not given a SID`);
  await dataSource.transaction((manager) => new RecordVersionStore(dataSource).store(manager, versions, new Date()));
  return versions.length;
}

/** An agreement's dates for a fixture: in force since yesterday for a year, destroyed three months after. */
export function inForceSinceYesterday(): Pick<AgreementTerms, 'effectiveDate' | 'expiresAt' | 'destroyBy'> {
  const now = Date.now();
  return { effectiveDate: new Date(now - DAY).toISOString(), expiresAt: new Date(now + 365 * DAY).toISOString(), destroyBy: new Date(now + 455 * DAY).toISOString() };
}

/** The terms drafted and approved by every party that must approve them, as a steward records it: the agreement's id, in force. */
export async function agreementInForce(dataSource: DataSource, terms: AgreementTerms): Promise<string> {
  const agreements = new AgreementRegistry(dataSource, new AuditLog(dataSource));
  const { id } = await agreements.draft(terms, FIXTURE_ACTOR);
  for (const organizationId of requiredApprovers(terms)) await agreements.approve(id, 1, organizationId, FIXTURE_ACTOR);
  return id;
}
