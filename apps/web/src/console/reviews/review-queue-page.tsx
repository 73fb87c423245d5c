import { type FormEvent, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { type Decided, personName, useReviewFormat } from './review-format';
import { DataTable } from '../../components/data-table';

type ReviewPage = components['schemas']['IdentityReviewPage'];

/** The steward's queue of open identity reviews, oldest first, a page at a time, filterable by the source system that sent the record. */
export function ReviewQueuePage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.reviews.queueTitle')} roles={['steward']}>
      <ReviewQueue />
    </ConsoleFrame>
  );
}

function ReviewQueue() {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [parameters, setParameters] = useSearchParams();
  const sourceSystem = parameters.get('sourceSystem') ?? undefined;
  const after = parameters.get('after') ?? undefined;
  const decided = (useLocation().state as { decided?: Decided } | null)?.decided;
  const page = useApi(`reviews?${parameters}`, async (signal) =>
    answerOf(await client.GET('/identity/reviews', { params: { query: { sourceSystem, afterId: after === undefined ? undefined : Number(after) } }, signal })),
  );
  return (
    <>
      <p className="usa-intro">{t('console.reviews.queueIntro')}</p>
      <p>
        <Link className="usa-link" to="/console/sids">
          {t('console.reviews.sidChanges')}
        </Link>
      </p>
      {decided && (
        <div className="usa-alert usa-alert--success usa-alert--slim" role="status">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t(`console.reviews.decidedNotice.${decided.status}`, { ...decided })}</p>
          </div>
        </div>
      )}
      {page.state === 'loading' && <Loading />}
      {page.state === 'failed' && <ConsoleProblem error={page.error} />}
      {page.state === 'loaded' && (
        <>
          <SourceFilter key={sourceSystem ?? ''} sources={page.value.sourceSystems} chosen={sourceSystem} onChoose={(chosen) => setParameters(chosen ? { sourceSystem: chosen } : {})} />
          <ReviewList page={page.value} sourceSystem={sourceSystem} />
          <QueuePagination sourceSystem={sourceSystem} after={after} nextAfterId={page.value.nextAfterId} />
        </>
      )}
    </>
  );
}

function SourceFilter({ sources, chosen, onChoose }: { sources: ReviewPage['sourceSystems']; chosen: string | undefined; onChoose: (sourceSystem: string) => void }) {
  const { t } = useLanguage();
  const [selected, setSelected] = useState(chosen ?? '');
  // A filter from the address that has no open reviews any more stays choosable, so the list says so.
  const options = chosen && !sources.some((source) => source.sourceSystem === chosen) ? [...sources, { sourceSystem: chosen, open: 0 }] : sources;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChoose(selected);
  };
  return (
    <form className="usa-form usa-form--large margin-bottom-2" onSubmit={submit}>
      <label className="usa-label" htmlFor="review-source-system">
        {t('console.reviews.filter.label')}
      </label>
      <select className="usa-select" id="review-source-system" value={selected} onChange={(event) => setSelected(event.target.value)}>
        <option value="">{t('console.reviews.filter.all')}</option>
        {options.map(({ sourceSystem, open }) => (
          <option key={sourceSystem} value={sourceSystem}>
            {t('console.reviews.filter.option', { sourceSystem, open })}
          </option>
        ))}
      </select>
      <button type="submit" className="usa-button margin-top-1">
        {t('console.reviews.filter.apply')}
      </button>
    </form>
  );
}

function ReviewList({ page, sourceSystem }: { page: ReviewPage; sourceSystem: string | undefined }) {
  const { t, number } = useLanguage();
  const format = useReviewFormat();
  if (page.total === 0) return <ConsoleEmpty message={sourceSystem ? t('console.reviews.noneFrom', { sourceSystem }) : t('console.reviews.none')} />;
  return (
    <>
      <p>{sourceSystem ? t('console.reviews.summaryFrom', { count: page.total, sourceSystem }) : t('console.reviews.summary', { count: page.total })}</p>
      <DataTable
        caption={t('console.reviews.queueCaption')}
        captionDisplay="hidden"
        columns={[
          t('console.reviews.columns.record'),
          t('console.reviews.columns.birthDate'),
          t('console.reviews.columns.sentBy'),
          t('console.reviews.columns.reason'),
          t('console.reviews.columns.candidates'),
          t('console.reviews.columns.bestScore'),
          t('console.reviews.columns.opened'),
        ]}
      >
        {page.reviews.map((review) => (
          <tr key={review.id}>
            <th scope="row">
              <Link className="usa-link" to={`/console/reviews/${review.id}`}>
                {personName(review.record.person) ?? t('console.reviews.unnamed')}
              </Link>
            </th>
            <td>{format.value(review.record.person.birth_date)}</td>
            <td>
              <span className="display-block">{review.record.sourceSystem}</span>
              <span className="display-block">{review.record.localId}</span>
            </td>
            <td>{format.reason(review.reason)}</td>
            <td>{number(review.candidates.length)}</td>
            <td>{format.bits(Math.max(...review.candidates.map((candidate) => candidate.score)))}</td>
            <td>{format.instant(review.createdAt)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** Oldest first by a cursor: the next page follows the last review shown; the first page is always one link away. */
function QueuePagination({ sourceSystem, after, nextAfterId }: { sourceSystem: string | undefined; after: string | undefined; nextAfterId: number | null }) {
  const { t } = useLanguage();
  if (after === undefined && nextAfterId === null) return null;
  const pageLink = (afterId?: number) => {
    const query = new URLSearchParams({ ...(sourceSystem ? { sourceSystem } : {}), ...(afterId ? { after: String(afterId) } : {}) }).toString();
    return query ? `/console/reviews?${query}` : '/console/reviews';
  };
  return (
    <nav aria-label={t('console.reviews.pages')} className="usa-pagination">
      <ul className="usa-pagination__list">
        {after !== undefined && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={pageLink()} className="usa-pagination__link usa-pagination__previous-page">
              <span className="usa-pagination__link-text">{t('console.reviews.first')}</span>
            </Link>
          </li>
        )}
        {nextAfterId !== null && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={pageLink(nextAfterId)} className="usa-pagination__link usa-pagination__next-page">
              <span className="usa-pagination__link-text">{t('console.reviews.next')}</span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
