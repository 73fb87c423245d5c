import type { ElementRef, Granularity } from '../agreements/agreement';
import type { PolicyDecision } from '../policy/decide';
import type { Principal } from '../principal';

/**
 * One entry of the record of disclosures (FERPA 34 CFR 99.32): who received which
 * students' records, which elements, when, for what legitimate interest and under which
 * agreement version. Parents may inspect the entries about their child.
 */
export interface Disclosure {
  recipient: { organizationId: string; clientId: string };
  /** The legitimate interest: the purpose code the agreement allowed. */
  purpose: string;
  agreement: { id: string; version: number };
  /** The policy decision that allowed it, also in the audit log. */
  decisionId: string;
  /** Statewide ids of the students whose records left the hub. */
  students: string[];
  elements: Array<ElementRef & { granularity: Granularity }>;
  disclosedAt: string;
}

export interface DisclosureFacts {
  principal: Principal;
  students: readonly string[];
  at: Date;
}

/** Only an allowing decision can stand behind a disclosure, and it fixes the agreement and elements. */
export function disclosureUnder(decision: PolicyDecision & { decisionId: string }, facts: DisclosureFacts): Disclosure {
  if (decision.decision !== 'allow' || !decision.agreementId || !decision.purpose || decision.agreementVersion === undefined || !decision.elements) {
    throw new Error(`disclosureUnder: decision ${decision.decisionId} did not allow a disclosure`);
  }
  if (facts.students.length === 0) throw new Error('disclosureUnder: a disclosure names at least one student');
  return {
    recipient: { organizationId: facts.principal.organizationId, clientId: facts.principal.clientId },
    purpose: decision.purpose,
    agreement: { id: decision.agreementId, version: decision.agreementVersion },
    decisionId: decision.decisionId,
    students: [...new Set(facts.students)],
    elements: decision.elements,
    disclosedAt: facts.at.toISOString(),
  };
}
