import { ContractRegistry } from '@lantern/contracts';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { parseAgreementTerms, type AgreementTerms, type ElementRef } from '@lantern/governance';

const KNOWN_DOMAINS = new Set(
  ContractRegistry.default()
    .contracts()
    .map((contract) => contract.id),
);
const ORGANIZATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MAX_REASON = 2000;

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

/** Terms as the registry needs them; every element's domain must be a published contract. */
function termsFrom(body: unknown): AgreementTerms {
  const terms = parseAgreementTerms(body);
  const unknown = [...new Set(terms.elements.map((element) => element.domain).filter((domain) => !KNOWN_DOMAINS.has(domain)))];
  if (unknown.length > 0) invalid(`agreement terms: element domains must be contract ids (see contracts/catalog.json); unknown: ${unknown.join(', ')}`);
  return terms;
}

/** POST /agreements body. */
export class DraftAgreementCommand {
  private constructor(readonly terms: AgreementTerms) {}

  static from(body: unknown): DraftAgreementCommand {
    return new DraftAgreementCommand(termsFrom(body));
  }
}

/** POST /agreements/:id/versions body: the complete terms of the new version. */
export class AmendAgreementCommand {
  private constructor(
    readonly agreementId: string,
    readonly terms: AgreementTerms,
  ) {}

  static from(agreementId: string, body: unknown): AmendAgreementCommand {
    return new AmendAgreementCommand(agreementId, termsFrom(body));
  }
}

/** POST /agreements/:id/versions/:version/approvals body: which contributor or approver approves. */
export class ApproveAgreementCommand {
  private constructor(
    readonly agreementId: string,
    readonly version: number,
    readonly organizationId: string,
  ) {}

  static from(agreementId: string, rawVersion: string, body: unknown): ApproveAgreementCommand {
    const version = Number(rawVersion);
    if (!/^\d{1,6}$/.test(rawVersion) || version < 1) invalid('version must be a whole number from 1');
    const organizationId = (body as { organizationId?: unknown } | null)?.organizationId;
    if (typeof organizationId !== 'string' || !ORGANIZATION_ID.test(organizationId)) invalid('organizationId must name the approving organisation');
    return new ApproveAgreementCommand(agreementId, version, organizationId);
  }
}

/** POST /agreements/:id/suspend, /reinstate and /terminate body: the steward's reason, kept with the event. */
export class AgreementLifecycleCommand {
  private constructor(
    readonly agreementId: string,
    readonly reason: string,
  ) {}

  static from(agreementId: string, body: unknown): AgreementLifecycleCommand {
    const reason = (body as { reason?: unknown } | null)?.reason;
    if (typeof reason !== 'string' || reason.trim() === '' || reason.length > MAX_REASON) invalid(`reason must be text of 1 to ${MAX_REASON} characters`);
    return new AgreementLifecycleCommand(agreementId, reason.trim());
  }
}

const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
const MAX_ELEMENTS = 200;

/** POST /agreements/:id/policy-check body: the request a steward imagines (see PolicyCheck). */
export class PolicyCheckCommand {
  private constructor(
    readonly agreementId: string,
    readonly organizationId: string,
    readonly clientId: string | undefined,
    readonly purpose: string,
    readonly requestedElements: ElementRef[],
  ) {}

  static from(agreementId: string, body: unknown): PolicyCheckCommand {
    const { organizationId, clientId, purpose, elements } = (body ?? {}) as Record<string, unknown>;
    if (typeof organizationId !== 'string' || !ORGANIZATION_ID.test(organizationId)) invalid('organizationId must name the recipient organisation');
    if (clientId !== undefined && (typeof clientId !== 'string' || !ORGANIZATION_ID.test(clientId))) invalid('clientId, when given, must name a registered client');
    if (typeof purpose !== 'string' || !CODE.test(purpose)) invalid('purpose must be a purpose code, e.g. research');
    if (!Array.isArray(elements) || elements.length > MAX_ELEMENTS) invalid(`elements must be a list of at most ${MAX_ELEMENTS} data elements`);
    const requestedElements = elements.map((element: unknown, index) => {
      const { domain, element: name } = (element ?? {}) as Record<string, unknown>;
      if (typeof domain !== 'string' || !KNOWN_DOMAINS.has(domain)) invalid(`elements[${index}].domain must be a contract id (see contracts/catalog.json)`);
      if (typeof name !== 'string' || !NAME.test(name)) invalid(`elements[${index}].element must be a field name, e.g. birthDate`);
      return { domain, element: name };
    });
    return new PolicyCheckCommand(agreementId, organizationId, clientId, purpose, requestedElements);
  }
}
