import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf, type ConsoleClient } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { useCareFormat } from './care-format';
import { Pages } from './care-pages';

type CareNotice = components['schemas']['CareNotice'];

const PAGE_SIZE = 20;
const INBOX_ROLES = ['school', 'district'] as const;

const noticePath = (noticeId: string) => `/console/inbox/${encodeURIComponent(noticeId)}`;

/** The open notices of the reader's school (or of every school of their district): each read is audited by the API. */
async function openNotices(client: ConsoleClient, signal: AbortSignal): Promise<CareNotice[]> {
  return answerOf(await client.GET('/care/inbox', { signal })).notices;
}

function useStudentName() {
  const { t } = useLanguage();
  return ({ student }: CareNotice) => [student.firstName, student.lastSurname].filter(Boolean).join(' ') || t('console.care.inbox.unnamed');
}

/** /console/inbox: a school's or district's open Handle with Care notices. */
export function CareInboxPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.care.inbox.title')} roles={INBOX_ROLES}>
      <p className="usa-intro">{t('console.care.inbox.intro')}</p>
      <Inbox />
    </ConsoleFrame>
  );
}

function Inbox() {
  const { t, number } = useLanguage();
  const { client } = useSignedIn();
  const format = useCareFormat();
  const nameOf = useStudentName();
  const [parameters, setParameters] = useSearchParams();
  const notices = useApi('care-inbox', (signal) => openNotices(client, signal));
  const query = parameters.get('q') ?? '';
  const [typed, setTyped] = useState(query);
  if (notices.state === 'loading') return <Loading />;
  if (notices.state === 'failed') return <ConsoleProblem error={notices.error} />;
  if (notices.value.length === 0) return <ConsoleEmpty message={t('console.care.inbox.none')} />;

  const wanted = query.trim().toLowerCase();
  const matching = notices.value.filter((notice) => !wanted || `${nameOf(notice)} ${notice.student.studentUniqueId ?? ''}`.toLowerCase().includes(wanted));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(parameters.get('page') ?? '1', 10) || 1));
  const shown = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const pageLink = (target: number) => `?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(target) })}`;
  return (
    <>
      <form
        className="usa-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setParameters(typed.trim() ? { q: typed.trim() } : {});
        }}
      >
        <label className="usa-label" htmlFor="care-inbox-filter">
          {t('console.care.inbox.filter')}
        </label>
        <input className="usa-input" id="care-inbox-filter" type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
        <button className="usa-button usa-button--outline" type="submit">
          {t('console.care.inbox.search')}
        </button>
      </form>
      <p>{t('console.care.inbox.summary', { count: matching.length, total: number(matching.length) })}</p>
      {shown.length === 0 ? (
        <ConsoleEmpty message={t('console.care.inbox.noneMatching')} />
      ) : (
        <table className="usa-table usa-table--borderless usa-table--stacked">
          <caption>{t('console.care.inbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.care.inbox.student')}</th>
              <th scope="col">{t('console.care.inbox.studentId')}</th>
              <th scope="col">{t('console.care.inbox.school')}</th>
              <th scope="col">{t('console.care.inbox.issuedAt')}</th>
              <th scope="col">{t('console.care.inbox.dueBy')}</th>
              <th scope="col">{t('console.care.inbox.state')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((notice) => (
              <tr key={notice.noticeId}>
                <th scope="row" data-label={t('console.care.inbox.student')}>
                  <Link className="usa-link" to={noticePath(notice.noticeId)} aria-label={t('console.care.inbox.open', { name: nameOf(notice) })}>
                    {nameOf(notice)}
                  </Link>
                </th>
                <td data-label={t('console.care.inbox.studentId')}>{notice.student.studentUniqueId}</td>
                <td data-label={t('console.care.inbox.school')}>{notice.schoolId}</td>
                <td data-label={t('console.care.inbox.issuedAt')}>{format.dateTime(notice.issuedAt)}</td>
                <td data-label={t('console.care.inbox.dueBy')}>{format.dateTime(notice.dueBy)}</td>
                <td data-label={t('console.care.inbox.state')}>{notice.acknowledgedAt ? format.dateTime(notice.acknowledgedAt) : t('console.care.inbox.notYet')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pages page={page} pages={pages} link={pageLink} words="console.care.inbox" />
    </>
  );
}

/** /console/inbox/:noticeId: one open notice, and its acknowledgement. Another organisation's notice is not found, as the API answers. */
export function CareNoticePage() {
  const { t } = useLanguage();
  const noticeId = useParams().noticeId ?? '';
  return (
    <ConsoleFrame title={t('console.care.notice.title')} roles={INBOX_ROLES}>
      <p>
        <Link className="usa-link" to="/console/inbox">
          {t('console.care.notice.back')}
        </Link>
      </p>
      <NoticeView noticeId={noticeId} />
    </ConsoleFrame>
  );
}

function NoticeView({ noticeId }: { noticeId: string }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const format = useCareFormat();
  const nameOf = useStudentName();
  const notices = useApi(`care-inbox:${noticeId}`, (signal) => openNotices(client, signal));
  const [acknowledged, setAcknowledged] = useState<CareNotice>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (notices.state === 'loading') return <Loading />;
  if (notices.state === 'failed') return <ConsoleProblem error={notices.error} />;
  const notice = acknowledged ?? notices.value.find((candidate) => candidate.noticeId === noticeId);
  if (!notice) return <ConsoleEmpty message={t('console.care.notice.notFound')} />;

  const acknowledge = async () => {
    setBusy(true);
    try {
      setAcknowledged(answerOf(await client.POST('/care/notices/{noticeId}/acknowledge', { params: { path: { noticeId } } })));
      setProblem(undefined);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  const when = (instant: string | null) => (instant ? format.dateTime(instant) : t('console.care.notice.notYet'));
  return (
    <>
      <div aria-live="polite">
        {acknowledged?.acknowledgedAt && (
          <div className="usa-alert usa-alert--success usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{t('console.care.notice.acknowledged', { name: nameOf(acknowledged), time: format.dateTime(acknowledged.acknowledgedAt) })}</p>
            </div>
          </div>
        )}
      </div>
      {problem !== undefined && <ConsoleProblem error={problem} />}
      <dl className="lantern-facts">
        <dt>{t('console.care.notice.words')}</dt>
        <dd>
          <strong>{t('console.care.words')}</strong>
        </dd>
        <dt>{t('console.care.notice.student')}</dt>
        <dd>{nameOf(notice)}</dd>
        <dt>{t('console.care.notice.studentId')}</dt>
        <dd>{notice.student.studentUniqueId ?? t('console.care.notice.notGiven')}</dd>
        <dt>{t('console.care.notice.school')}</dt>
        <dd>{notice.schoolId}</dd>
        {notice.agencyType && (
          <>
            <dt>{t('console.care.notice.agencyType')}</dt>
            <dd>{format.agencyType(notice.agencyType)}</dd>
          </>
        )}
        <dt>{t('console.care.notice.issuedAt')}</dt>
        <dd>{format.dateTime(notice.issuedAt)}</dd>
        <dt>{t('console.care.notice.dueBy')}</dt>
        <dd>{format.dateTime(notice.dueBy)}</dd>
        <dt>{t('console.care.notice.expiresAt')}</dt>
        <dd>{format.dateTime(notice.expiresAt)}</dd>
        <dt>{t('console.care.notice.acknowledgedAt')}</dt>
        <dd>{when(notice.acknowledgedAt)}</dd>
        <dt>{t('console.care.notice.escalatedAt')}</dt>
        <dd>{when(notice.escalatedAt)}</dd>
      </dl>
      {notice.acknowledgedAt ? (
        !acknowledged && <p>{t('console.care.notice.alreadyAcknowledged', { time: format.dateTime(notice.acknowledgedAt) })}</p>
      ) : (
        <button type="button" className="usa-button" onClick={() => void acknowledge()} disabled={busy}>
          {busy ? t('console.care.notice.acknowledging') : t('console.care.notice.acknowledge')}
        </button>
      )}
    </>
  );
}
