import { Link } from 'react-router';
import type { components } from '../../api/generated/hub-api';
import { useLanguage } from '../../i18n/i18n';

export type ResearchProject = components['schemas']['ResearchProject'];
export type ExtractRequest = components['schemas']['ExtractRequest'];
export type ExtractRequestWithAgreement = components['schemas']['ExtractRequestWithAgreement'];
export type ExtractPolicyReview = components['schemas']['ExtractPolicyReview'];
export type ExtractSpecification = components['schemas']['ExtractSpecification'];
export type Agreement = components['schemas']['Agreement'];
export type AgreementTerms = components['schemas']['AgreementTerms'];
export type ExtractStatus = ExtractRequest['status'];

/** Statuses at which the worker has yet to finish: the request page asks again until it changes. */
export const BUILDING: readonly ExtractStatus[] = ['approved', 'building'];

/** The terms of the agreement's version in force now (the API marks it active), if any. */
export function termsInForce(agreement: Agreement | undefined): AgreementTerms | undefined {
  return agreement?.versions.find((version) => version.status === 'active')?.terms;
}

/** "edfi.student.birthDate" for an element of the answers' { domain, element } form. */
export function elementName({ domain, element }: { domain: string; element: string }): string {
  return `${domain}.${element}`;
}

export function ExtractStatusTag({ status }: { status: ExtractStatus }) {
  const { t } = useLanguage();
  const tone = status === 'ready' ? 'bg-green' : status === 'refused' || status === 'failed' ? 'bg-secondary-dark' : status === 'submitted' ? 'bg-accent-warm-darker' : 'bg-base-dark';
  return <span className={`usa-tag ${tone}`}>{t(`console.research.status.${status}`)}</span>;
}

/** A request's row in a list: its number links to its page. */
export function ExtractRequestLink({ id }: { id: string }) {
  const { t } = useLanguage();
  return <Link to={`/console/extracts/${id}`}>{t('console.research.extracts.requestNumber', { id })}</Link>;
}
