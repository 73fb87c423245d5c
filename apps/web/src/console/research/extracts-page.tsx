import { useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { type ExtractRequest, ExtractRequestLink, ExtractStatusTag } from './research-shared';

const PAGE_SIZE = 20;
type Filter = 'awaiting' | 'all';

/** /console/extracts: extract requests, newest first; a steward starts from those awaiting review. */
export function ExtractsPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.research.extracts.title')} roles={['researcher', 'steward']}>
      <Extracts />
    </ConsoleFrame>
  );
}

function Extracts() {
  const { t } = useLanguage();
  const { client, session } = useSignedIn();
  const steward = session.role === 'steward';
  const [filter, setFilter] = useState<Filter>(steward ? 'awaiting' : 'all');
  const [page, setPage] = useState(1);
  const requests = useApi('extract-requests', async (signal) => answerOf(await client.GET('/research/extract-requests', { signal })));
  const projects = useApi('research-projects', async (signal) => answerOf(await client.GET('/research/projects', { signal })));
  const titleOf = (projectId: string) => (projects.state === 'loaded' ? projects.value.find((project) => project.id === projectId)?.title : undefined) ?? projectId;
  return (
    <>
      <p className="usa-intro">{t('console.research.extracts.intro')}</p>
      {steward && <p>{t('console.research.extracts.awaitingIntro')}</p>}
      <label className="usa-label" htmlFor="extracts-filter">
        {t('console.research.extracts.filter')}
      </label>
      <select
        className="usa-select"
        id="extracts-filter"
        value={filter}
        onChange={(event) => {
          setFilter(event.target.value as Filter);
          setPage(1);
        }}
      >
        {(['awaiting', 'all'] as const).map((value) => (
          <option key={value} value={value}>
            {t(`console.research.extracts.filters.${value}`)}
          </option>
        ))}
      </select>
      {requests.state === 'loading' && <Loading />}
      {requests.state === 'failed' && <ConsoleProblem error={requests.error} />}
      {requests.state === 'loaded' && (
        <RequestTable requests={[...requests.value].reverse().filter((request) => filter === 'all' || request.status === 'submitted')} page={page} onPage={setPage} titleOf={titleOf} />
      )}
    </>
  );
}

function RequestTable({ requests, page, onPage, titleOf }: { requests: ExtractRequest[]; page: number; onPage: (page: number) => void; titleOf: (projectId: string) => string }) {
  const { t, dateTime } = useLanguage();
  if (requests.length === 0) return <ConsoleEmpty message={t('console.research.extracts.none')} />;
  const pages = Math.ceil(requests.length / PAGE_SIZE);
  const shown = requests.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return (
    <>
      <table className="usa-table usa-table--borderless width-full">
        <thead>
          <tr>
            <th scope="col">{t('console.research.extracts.request')}</th>
            <th scope="col">{t('console.research.extracts.project')}</th>
            <th scope="col">{t('console.research.extracts.status')}</th>
            <th scope="col">{t('console.research.extracts.requestedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((request) => (
            <tr key={request.id}>
              <th scope="row">
                <ExtractRequestLink id={request.id} />
              </th>
              <td>
                <Link to={`/console/projects/${request.projectId}`}>{titleOf(request.projectId)}</Link>
              </td>
              <td>
                <ExtractStatusTag status={request.status} />
              </td>
              <td>{dateTime(request.requestedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav aria-label={t('console.research.extracts.pages')}>
          <p>{t('console.research.extracts.page', { page, pages })}</p>
          <button type="button" className="usa-button usa-button--outline" disabled={page === 1} onClick={() => onPage(page - 1)}>
            {t('console.research.extracts.previous')}
          </button>
          <button type="button" className="usa-button usa-button--outline" disabled={page === pages} onClick={() => onPage(page + 1)}>
            {t('console.research.extracts.next')}
          </button>
        </nav>
      )}
    </>
  );
}
