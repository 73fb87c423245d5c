import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { type CareFlag, CareFlagForm } from './care-flag-form';
import { useCareFormat } from './care-format';
import { Pages } from './care-pages';

export type FlagStatus = components['schemas']['CareFlagStatus'];
type FlagStatusCode = FlagStatus['status'];

export const FLAG_STATUS_CODES: readonly FlagStatusCode[] = ['delivered', 'not-delivered', 'no-current-enrolment', 'identity-review', 'identity-unknown', 'revoked'];

export const flagPath = (flagId: string) => `/console/care-flags/${encodeURIComponent(flagId)}`;

/** /console/care-flags: an agency issues Handle with Care flags and finds the ones it issued. */
export function CareFlagsPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.care.flags.title')} roles={['agency']}>
      <CareFlags />
    </ConsoleFrame>
  );
}

function CareFlags() {
  const { t } = useLanguage();
  const { session, client } = useSignedIn();
  const [issued, setIssued] = useState<FlagStatus>();
  const [problem, setProblem] = useState<unknown>();
  // A new form after each flag issued; the list loads again to show it.
  const [issues, setIssues] = useState(0);
  const issue = async (flag: CareFlag) => {
    try {
      const answer = answerOf(await client.POST('/care/flags', { body: flag }));
      setProblem(undefined);
      setIssued(answer);
      setIssues(issues + 1);
    } catch (error) {
      setIssued(undefined);
      setProblem(error);
    }
  };
  return (
    <>
      <p className="usa-intro">{t('console.care.flags.intro')}</p>
      <section aria-labelledby="care-issue-heading">
        <h2 id="care-issue-heading">{t('console.care.flags.issueHeading')}</h2>
        <div aria-live="polite">
          {issued && (
            <div className="usa-alert usa-alert--success usa-alert--slim">
              <div className="usa-alert__body">
                <p className="usa-alert__text">{t('console.care.flags.issued', { flagId: issued.flagId, status: t(`console.care.status.${issued.status}`) })}</p>
                <p className="usa-alert__text">{t(`console.care.statusMeaning.${issued.status}`)}</p>
                <p className="usa-alert__text">
                  <Link className="usa-link" to={flagPath(issued.flagId)}>
                    {t('console.care.flags.open', { flagId: issued.flagId })}
                  </Link>
                </p>
              </div>
            </div>
          )}
        </div>
        {problem !== undefined && <ConsoleProblem error={problem} />}
        <CareFlagForm
          key={issues}
          agencyId={session.organizationId}
          childHint={t('console.care.form.childHint')}
          submitLabel={t('console.care.flags.issue')}
          busyLabel={t('console.care.flags.issuing')}
          onSubmit={issue}
        />
      </section>
      <section aria-labelledby="care-list-heading">
        <h2 id="care-list-heading">{t('console.care.flags.listHeading')}</h2>
        <FlagList refresh={issues} />
      </section>
    </>
  );
}

/** The agency's flags, newest first, a page at a time, by status (both in the address, so a view can be kept or shared). */
function FlagList({ refresh }: { refresh: number }) {
  const { t, number } = useLanguage();
  const { client } = useSignedIn();
  const format = useCareFormat();
  const [parameters, setParameters] = useSearchParams();
  const status = FLAG_STATUS_CODES.find((code) => code === parameters.get('status'));
  const page = Math.max(1, Number.parseInt(parameters.get('page') ?? '1', 10) || 1);
  const flags = useApi(`care-flags:${status ?? ''}:${page}:${refresh}`, async (signal) =>
    answerOf(await client.GET('/care/flags', { params: { query: { page, ...(status ? { status } : {}) } }, signal })),
  );
  const show = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const chosen = new FormData(event.currentTarget).get('status');
    setParameters(chosen ? { status: String(chosen) } : {});
  };
  const pageLink = (target: number) => `?${new URLSearchParams({ ...(status ? { status } : {}), page: String(target) })}`;
  return (
    <>
      <form className="usa-form" onSubmit={show}>
        <label className="usa-label" htmlFor="care-status-filter">
          {t('console.care.flags.filter')}
        </label>
        <select className="usa-select" id="care-status-filter" name="status" defaultValue={status ?? ''} key={status ?? ''}>
          <option value="">{t('console.care.flags.filterAll')}</option>
          {FLAG_STATUS_CODES.map((code) => (
            <option key={code} value={code}>
              {t(`console.care.status.${code}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="usa-button usa-button--outline">
          {t('console.care.flags.apply')}
        </button>
      </form>
      {flags.state === 'loading' && <Loading />}
      {flags.state === 'failed' && <ConsoleProblem error={flags.error} />}
      {flags.state === 'loaded' && flags.value.flags.length === 0 && <ConsoleEmpty message={t(status ? 'console.care.flags.noneWithStatus' : 'console.care.flags.none')} />}
      {flags.state === 'loaded' && flags.value.flags.length > 0 && (
        <>
          <p>{t('console.care.flags.summary', { count: flags.value.total, total: number(flags.value.total) })}</p>
          <table className="usa-table usa-table--borderless usa-table--stacked">
            <caption>{t('console.care.flags.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.care.flags.flagId')}</th>
                <th scope="col">{t('console.care.flags.status')}</th>
                <th scope="col">{t('console.care.flags.localPersonId')}</th>
                <th scope="col">{t('console.care.flags.eventDate')}</th>
                <th scope="col">{t('console.care.flags.expiresOn')}</th>
                <th scope="col">{t('console.care.flags.updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {flags.value.flags.map((flag) => (
                <tr key={flag.flagId}>
                  <th scope="row" data-label={t('console.care.flags.flagId')}>
                    <Link className="usa-link" to={flagPath(flag.flagId)}>
                      {flag.flagId}
                    </Link>
                  </th>
                  <td data-label={t('console.care.flags.status')}>{t(`console.care.status.${flag.status}`)}</td>
                  <td data-label={t('console.care.flags.localPersonId')}>{flag.localPersonId}</td>
                  <td data-label={t('console.care.flags.eventDate')}>{format.day(flag.eventDate)}</td>
                  <td data-label={t('console.care.flags.expiresOn')}>{flag.expiresOn ? format.day(flag.expiresOn) : t('console.care.flags.notSet')}</td>
                  <td data-label={t('console.care.flags.updatedAt')}>{format.dateTime(flag.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pages page={page} pages={Math.ceil(flags.value.total / flags.value.pageSize)} link={pageLink} words="console.care.flags" />
        </>
      )}
    </>
  );
}
