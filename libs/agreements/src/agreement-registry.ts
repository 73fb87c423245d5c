import { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import {
  amendAgreement,
  approveVersion,
  currentVersion,
  DEFAULT_DISCLOSURE_FLOOR,
  draftAgreement,
  reinstateAgreement,
  suspendAgreement,
  terminateAgreement,
  versionState,
  type Actor,
  type Agreement,
  type AgreementChange,
  type AgreementTerms,
  type Transition,
} from '@lantern/governance';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AgreementStore } from './agreement-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The DSA registry. Each change runs the pure lifecycle transition on the agreement as
 * stored, under a row lock on that agreement (so two stewards' changes cannot interleave),
 * and writes the change and its audit entry in one transaction.
 */
export class AgreementRegistry {
  private readonly store = new AgreementStore();

  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
    private readonly now: () => Date = () => new Date(),
    /** No research agreement's k or minimum cell size may be drafted, amended or approved below it (LANTERN_DISCLOSURE_FLOOR). */
    private readonly disclosureFloor: number = DEFAULT_DISCLOSURE_FLOOR,
  ) {}

  draft(terms: AgreementTerms, clientId: string): Promise<Agreement> {
    return this.dataSource.transaction(async (manager) => {
      const actor = this.actor(clientId);
      const transition = draftAgreement(randomUUID(), terms, actor, this.disclosureFloor);
      await this.commit(manager, transition, actor, null);
      return transition.agreement;
    });
  }

  amend(id: string, terms: AgreementTerms, clientId: string): Promise<Agreement> {
    return this.change(id, clientId, (agreement, actor) => amendAgreement(agreement, terms, actor, this.disclosureFloor));
  }

  approve(id: string, version: number, organizationId: string, clientId: string): Promise<Agreement> {
    return this.change(id, clientId, (agreement, actor) => approveVersion(agreement, version, organizationId, actor, this.disclosureFloor));
  }

  suspend(id: string, reason: string, clientId: string): Promise<Agreement> {
    return this.change(id, clientId, (agreement, actor) => suspendAgreement(agreement, reason, actor));
  }

  reinstate(id: string, reason: string, clientId: string): Promise<Agreement> {
    return this.change(id, clientId, (agreement, actor) => reinstateAgreement(agreement, reason, actor));
  }

  terminate(id: string, reason: string, clientId: string): Promise<Agreement> {
    return this.change(id, clientId, (agreement, actor) => terminateAgreement(agreement, reason, actor));
  }

  async find(id: string): Promise<Agreement | undefined> {
    if (!UUID.test(id)) return undefined;
    const [agreement] = await this.store.load(this.dataSource.manager, [id]);
    return agreement;
  }

  async all(): Promise<Agreement[]> {
    return this.store.load(this.dataSource.manager, await this.store.allIds(this.dataSource.manager));
  }

  /** Agreements with a version naming the organisation in any role. */
  async forParty(organizationId: string): Promise<Agreement[]> {
    return this.store.load(this.dataSource.manager, await this.store.idsNaming(this.dataSource.manager, { organizationId }));
  }

  /** Agreements with a version naming the organisation as a recipient: all the policy decision point needs. */
  async forRecipient(organizationId: string): Promise<Agreement[]> {
    return this.store.load(this.dataSource.manager, await this.store.idsNaming(this.dataSource.manager, { organizationId, roles: ['recipient'] }));
  }

  private actor(clientId: string): Actor {
    return { by: clientId, at: this.now() };
  }

  private change(id: string, clientId: string, transition: (agreement: Agreement, actor: Actor) => Transition): Promise<Agreement> {
    return this.dataSource.transaction(async (manager) => {
      const locked: unknown[] = UUID.test(id) ? await manager.query(`SELECT id FROM agreement WHERE id = $1 FOR UPDATE`, [id]) : [];
      if (locked.length === 0) throw new LanternError(LanternErrorCode.RecordNotFound, 'No agreement with that id.');
      const [before] = await this.store.load(manager, [id]);
      const actor = this.actor(clientId);
      const result = transition(before, actor);
      await this.commit(manager, result, actor, statusOf(before, actor.at));
      return result.agreement;
    });
  }

  /** Writes the change and its audit entry; the entry carries ids and states, never the steward's free-text reason. */
  private async commit(manager: EntityManager, { agreement, change }: Transition, actor: Actor, statusBefore: string | null) {
    await this.store.record(manager, agreement.id, change);
    const details = { ...describeChange(change), statusBefore, statusAfter: statusOf(agreement, actor.at) };
    await this.auditLog.append({ kind: 'agreement-change', actor: actor.by, subject: `agreement:${agreement.id}`, details }, manager);
  }
}

function describeChange(change: AgreementChange) {
  switch (change.kind) {
    case 'drafted':
    case 'amended':
      return { change: change.kind, version: change.version.version };
    case 'approved':
      return { change: change.kind, version: change.version, organizationId: change.approval.organizationId };
    default:
      return { change: change.kind };
  }
}

function statusOf(agreement: Agreement, at: Date): string {
  return versionState(agreement, currentVersion(agreement, at), at).status;
}
