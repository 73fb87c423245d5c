import type { components } from '../../api/generated/hub-api';

export type Agreement = components['schemas']['Agreement'];
export type AgreementVersion = Agreement['versions'][number];
export type AgreementTerms = components['schemas']['AgreementTerms'];
export type AgreementStatus = Agreement['status'];
export type PolicyCheckDecision = components['schemas']['PolicyCheckDecision'];
export type Disclosure = components['schemas']['OrganizationDisclosures']['disclosures'][number];
export type AuditVerification = components['schemas']['AuditVerification'];
export type AuditEntriesPage = components['schemas']['AuditEntriesPage'];

/** Who the governance pages are for. */
export const STEWARDS = ['steward'] as const;

/** The version in force now (or the newest draft before any applies): what lists and checks describe. */
export const currentTermsOf = (agreement: Agreement) => (agreement.versions.find((version) => version.version === agreement.currentVersion) ?? agreement.versions[0]).terms;

/** An element as `domain.element`, the way reasons and the record of disclosures name it. */
export const elementName = ({ domain, element }: { domain: string; element: string }) => `${domain}.${element}`;
