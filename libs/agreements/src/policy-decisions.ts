import { AuditLog, type AuditEntryInput } from '@lantern/audit';
import { type Agreement, currentVersion, decide, elementKey, type ElementRef, permittedElements, type PolicyDecision, type PolicyRequest, type Principal } from '@lantern/governance';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { AgreementRegistry } from './agreement-registry';

/**
 * A question for the policy decision point; the agreements come from the registry. A caller
 * acting under one agreement (a research project) names it, and no other can allow.
 */
export type PolicyQuestion = Omit<PolicyRequest, 'agreements' | 'at'> & { at?: Date; agreementId?: string };

export type RecordedDecision = PolicyDecision & { decisionId: string };

/**
 * A request a steward imagines, to see what one agreement would answer it: a recipient
 * organisation (and, where the agreement lists clients, one of its clients), a purpose and the
 * elements asked for, over the agreement's own population.
 */
export interface PolicyCheck {
  agreementId: string;
  organizationId: string;
  clientId?: string;
  purpose: string;
  requestedElements: readonly ElementRef[];
}

/** A client no agreement can list: a check naming no client passes the client test only where the agreement lists none. */
const ANY_CLIENT = '(any client)';

/** A decision made and logged whose audit entry is still to be appended (PolicyDecisions.record). */
export interface PendingDecision {
  decision: RecordedDecision;
  auditEntry: AuditEntryInput;
}

/**
 * The policy decision point as services call it: loads the agreements naming the caller,
 * decides, logs the decision as one JSON line under a fresh decision id and audits it.
 * Neither the log nor the audit entry holds a child's data: only ids, codes and reasons.
 */
export class PolicyDecisions {
  constructor(
    private readonly registry: AgreementRegistry,
    private readonly auditLog: AuditLog,
    private readonly logger: Logger,
  ) {}

  /**
   * What a caller who names no elements asks for: what its agreement in force allows of `domain`
   * (see permittedElements). Pass the agreements from `agreementsFor` when the same question is
   * then decided, so they are read once.
   */
  async permittedElements(question: Omit<PolicyQuestion, 'requestedElements'>, domain: string, agreements?: readonly Agreement[]): Promise<ElementRef[]> {
    return permittedElements({ ...question, at: question.at ?? new Date(), agreements: agreements ?? (await this.agreementsFor(question)) }, domain);
  }

  /** The agreements that can answer questions from this caller (and, when named, under this one agreement). */
  async agreementsFor(question: Pick<PolicyQuestion, 'principal' | 'agreementId'>): Promise<Agreement[]> {
    const agreements = await this.registry.forRecipient(question.principal.organizationId);
    return question.agreementId === undefined ? agreements : agreements.filter((agreement) => agreement.id === question.agreementId);
  }

  /** Pass the caller's transaction manager to audit the decision inside the transaction that acts on it. */
  async decide(question: PolicyQuestion, manager?: EntityManager, agreements?: readonly Agreement[]): Promise<RecordedDecision> {
    const pending = await this.evaluate(question, agreements);
    await this.record(pending, manager);
    return pending.decision;
  }

  /**
   * Decides and logs, leaving the audit entry to `record`: for a caller that decides before its
   * transaction (agreement reads need a pooled connection) and audits inside it, so the audit
   * chain's lock is taken once, at the end, and the decision commits with what it allowed.
   */
  async evaluate(question: PolicyQuestion, agreements?: readonly Agreement[]): Promise<PendingDecision> {
    const at = question.at ?? new Date();
    const decision: RecordedDecision = { decisionId: randomUUID(), ...decide({ ...question, at, agreements: agreements ?? (await this.agreementsFor(question)) }) };
    const summary = {
      decisionId: decision.decisionId,
      decision: decision.decision,
      reasons: decision.reasons,
      agreementId: decision.agreementId,
      agreementVersion: decision.agreementVersion,
      clientId: question.principal.clientId,
      organizationId: question.principal.organizationId,
      role: question.principal.role,
      purpose: question.purpose,
      population: question.population,
      elements: question.requestedElements.map(elementKey),
      sources: question.sources ?? [],
      ...(question.agreementId === undefined ? {} : { underAgreement: question.agreementId }),
      ...(question.contributor === undefined ? {} : { contributor: question.contributor }),
      at: at.toISOString(),
    };
    this.logger.info(summary, 'policy decision');
    return { decision, auditEntry: { kind: 'policy-decision', actor: question.principal.clientId, subject: decision.agreementId && `agreement:${decision.agreementId}`, details: summary } };
  }

  /** Appends an evaluated decision to the audit log, inside the caller's transaction when given. */
  async record(pending: PendingDecision, manager?: EntityManager): Promise<void> {
    await this.auditLog.append(pending.auditEntry, manager);
  }

  /**
   * What the decision point would answer the imagined request under this one agreement now, or
   * undefined when there is no such agreement. Audited as a policy check, not a decision: it
   * allows nothing, and no disclosure follows it.
   */
  async check(check: PolicyCheck, steward: Principal): Promise<PolicyDecision | undefined> {
    const agreement = await this.registry.find(check.agreementId);
    if (!agreement) return undefined;
    const at = new Date();
    const decision = decide({
      // The recipient imagined in the steward's place: decide reads only its organisation and client.
      principal: { ...steward, organizationId: check.organizationId, clientId: check.clientId ?? ANY_CLIENT },
      purpose: check.purpose,
      requestedElements: check.requestedElements,
      population: currentVersion(agreement, at).terms.population,
      at,
      agreements: [agreement],
    });
    await this.auditLog.append({
      kind: 'policy-check',
      actor: steward.clientId,
      subject: `agreement:${agreement.id}`,
      details: {
        organizationId: check.organizationId,
        clientId: check.clientId ?? null,
        purpose: check.purpose,
        elements: check.requestedElements.map(elementKey),
        decision: decision.decision,
        reasons: decision.reasons,
        at: at.toISOString(),
      },
    });
    return decision;
  }
}
