import { AuditLog } from '@lantern/audit';
import { decide, elementKey, type ElementRef, permittedElements, type PolicyDecision, type PolicyRequest } from '@lantern/governance';
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

  /** What a caller who names no elements asks for: what its agreement in force allows of `domain` (see permittedElements). */
  async permittedElements(question: Omit<PolicyQuestion, 'requestedElements'>, domain: string): Promise<ElementRef[]> {
    return permittedElements({ ...question, at: question.at ?? new Date(), agreements: await this.agreementsFor(question) }, domain);
  }

  private async agreementsFor(question: Pick<PolicyQuestion, 'principal' | 'agreementId'>) {
    const agreements = await this.registry.forRecipient(question.principal.organizationId);
    return question.agreementId === undefined ? agreements : agreements.filter((agreement) => agreement.id === question.agreementId);
  }

  /** Pass the caller's transaction manager to audit the decision inside the transaction that acts on it. */
  async decide(question: PolicyQuestion, manager?: EntityManager): Promise<RecordedDecision> {
    const at = question.at ?? new Date();
    const agreements = await this.agreementsFor(question);
    const decision: RecordedDecision = { decisionId: randomUUID(), ...decide({ ...question, at, agreements }) };
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
      linkage: question.linkage ?? false,
      ...(question.agreementId === undefined ? {} : { underAgreement: question.agreementId }),
      ...(question.contributor === undefined ? {} : { contributor: question.contributor }),
      at: at.toISOString(),
    };
    await this.auditLog.append(
      { kind: 'policy-decision', actor: question.principal.clientId, subject: decision.agreementId && `agreement:${decision.agreementId}`, details: summary },
      manager,
    );
    this.logger.info(summary, 'policy decision');
    return decision;
  }
}
