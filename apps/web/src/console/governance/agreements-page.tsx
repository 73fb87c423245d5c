import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { AgreementTermsForm } from './agreement-terms-form';
import { type AgreementStatus, currentTermsOf, STEWARDS } from './governance-types';

const PAGE_SIZE = 20;
const STATUSES: readonly AgreementStatus[] = ['draft', 'active', 'suspended', 'expired', 'terminated'];

/** Every agreement, filterable by words and status, a page at a time; each opens on its own page. */
export function AgreementsPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.governance.agreements.title')} roles={STEWARDS}>
      <p>
        <Link className="usa-button" to="/console/agreements/new">
          {t('console.governance.agreements.draftNew')}
        </Link>
      </p>
      <AgreementList />
    </ConsoleFrame>
  );
}

function AgreementList() {
  const { t, number, day } = useLanguage();
  const { client } = useSignedIn();
  const agreements = useApi('agreements', async (signal) => answerOf(await client.GET('/agreements', { signal })).agreements);
  const [words, setWords] = useState('');
  const [status, setStatus] = useState<AgreementStatus | ''>('');
  const [page, setPage] = useState(0);
  if (agreements.state === 'loading') return <Loading />;
  if (agreements.state === 'failed') return <ConsoleProblem error={agreements.error} />;
  if (agreements.value.length === 0) return <ConsoleEmpty message={t('console.governance.agreements.none')} />;

  const wanted = words.trim().toLowerCase();
  const matching = agreements.value.filter((agreement) => {
    const terms = currentTermsOf(agreement);
    const text = [terms.title, terms.purpose.code, ...terms.parties.map((party) => party.organizationId)].join(' ').toLowerCase();
    return (status === '' || agreement.status === status) && text.includes(wanted);
  });
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const shownPage = Math.min(page, pages - 1);
  const shown = matching.slice(shownPage * PAGE_SIZE, (shownPage + 1) * PAGE_SIZE);
  return (
    <>
      <form className="usa-form grid-row grid-gap" role="search" aria-label={t('console.governance.agreements.filter')} onSubmit={(event) => event.preventDefault()}>
        <div className="tablet:grid-col-6">
          <label className="usa-label" htmlFor="agreements-words">
            {t('console.governance.agreements.words')}
          </label>
          <input
            className="usa-input"
            id="agreements-words"
            type="search"
            value={words}
            onChange={(event) => {
              setWords(event.target.value);
              setPage(0);
            }}
          />
        </div>
        <div className="tablet:grid-col-6">
          <label className="usa-label" htmlFor="agreements-status">
            {t('console.governance.agreements.status')}
          </label>
          <select
            className="usa-select"
            id="agreements-status"
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as AgreementStatus | '');
              setPage(0);
            }}
          >
            <option value="">{t('console.governance.agreements.anyStatus')}</option>
            {STATUSES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {t(`console.governance.statuses.${candidate}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p role="status">{t('console.governance.agreements.count', { count: matching.length, shown: number(matching.length) })}</p>
      {shown.length > 0 && (
        <table className="usa-table usa-table--borderless usa-table--stacked width-full">
          <caption className="usa-sr-only">{t('console.governance.agreements.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.governance.agreements.agreement')}</th>
              <th scope="col">{t('console.governance.agreements.status')}</th>
              <th scope="col">{t('console.governance.agreements.purpose')}</th>
              <th scope="col">{t('console.governance.agreements.recipients')}</th>
              <th scope="col">{t('console.governance.agreements.applies')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((agreement) => {
              const terms = currentTermsOf(agreement);
              return (
                <tr key={agreement.id}>
                  <th scope="row" data-label={t('console.governance.agreements.agreement')}>
                    <Link className="usa-link" to={`/console/agreements/${agreement.id}`}>
                      {terms.title}
                    </Link>
                  </th>
                  <td data-label={t('console.governance.agreements.status')}>
                    {t(`console.governance.statuses.${agreement.status}`)} ({t('console.governance.agreements.version', { version: agreement.currentVersion })})
                  </td>
                  <td data-label={t('console.governance.agreements.purpose')}>{terms.purpose.code}</td>
                  <td data-label={t('console.governance.agreements.recipients')}>
                    {terms.parties
                      .filter((party) => party.roles.includes('recipient'))
                      .map((party) => party.organizationId)
                      .join(', ')}
                  </td>
                  <td data-label={t('console.governance.agreements.applies')}>{t('console.governance.agreements.fromTo', { from: day(terms.effectiveDate), to: day(terms.expiresAt) })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav aria-label={t('console.governance.paging.label')} className="margin-top-2">
          <button type="button" className="usa-button usa-button--outline" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
            {t('console.governance.paging.previous')}
          </button>
          <span className="margin-x-2">{t('console.governance.paging.page', { page: shownPage + 1, pages })}</span>
          <button type="button" className="usa-button usa-button--outline" disabled={shownPage >= pages - 1} onClick={() => setPage(shownPage + 1)}>
            {t('console.governance.paging.next')}
          </button>
        </nav>
      )}
    </>
  );
}

/** Drafting a new agreement (version 1); once the API accepts it, its page opens. */
export function NewAgreementPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.governance.agreements.draftNew')} roles={STEWARDS}>
      <NewAgreement />
    </ConsoleFrame>
  );
}

function NewAgreement() {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const navigate = useNavigate();
  return (
    <>
      <p>{t('console.governance.agreements.draftIntro')}</p>
      <AgreementTermsForm
        submitLabel={t('console.governance.agreements.saveDraft')}
        onSubmit={async (terms) => {
          const drafted = answerOf(await client.POST('/agreements', { body: terms }));
          void navigate(`/console/agreements/${drafted.id}`);
        }}
      />
    </>
  );
}
