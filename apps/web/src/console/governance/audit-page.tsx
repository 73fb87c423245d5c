import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { type AuditEntriesPage, type AuditVerification, STEWARDS } from './governance-types';
import { DataTable } from '../../components/data-table';

type Run = { state: 'idle' } | { state: 'running' } | { state: 'done'; verification: AuditVerification } | { state: 'failed'; error: unknown };

/** The audit log's hash chain, verified on demand by the API as `lantern audit verify` does (each run is itself audited), and its recent entries. */
export function AuditPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.governance.audit.title')} roles={STEWARDS}>
      <AuditVerificationPanel />
      <RecentEntries />
    </ConsoleFrame>
  );
}

function AuditVerificationPanel() {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const verify = () => {
    setRun({ state: 'running' });
    client.POST('/audit/verification').then(
      (answer) => {
        try {
          setRun({ state: 'done', verification: answerOf(answer) });
        } catch (error) {
          setRun({ state: 'failed', error });
        }
      },
      (error: unknown) => setRun({ state: 'failed', error }),
    );
  };
  return (
    <>
      <p>{t('console.governance.audit.intro')}</p>
      <button type="button" className="usa-button" disabled={run.state === 'running'} aria-describedby="audit-verification-state" onClick={verify}>
        {t(run.state === 'running' ? 'console.governance.audit.verifying' : 'console.governance.audit.verify')}
      </button>
      <div id="audit-verification-state" role="status" aria-live="polite" className="margin-top-2">
        {run.state === 'running' && <p className="lantern-loading">{t('console.governance.audit.running')}</p>}
        {run.state === 'done' && <VerificationResult verification={run.verification} />}
      </div>
      {run.state === 'failed' && <ConsoleProblem error={run.error} />}
    </>
  );
}

function VerificationResult({ verification }: { verification: AuditVerification }) {
  const { t, number, dateTime } = useLanguage();
  const { intact, entriesChecked, head, firstBreak, checkpoints, verifiedAt } = verification;
  return (
    <>
      <div className={`usa-alert ${intact ? 'usa-alert--success' : 'usa-alert--error'}`} data-testid="audit-verification">
        <div className="usa-alert__body">
          <h2 className="usa-alert__heading">{t(intact ? 'console.governance.audit.intact' : 'console.governance.audit.broken')}</h2>
          <dl className="lantern-facts">
            <dt>{t('console.governance.audit.entriesChecked')}</dt>
            <dd>{number(entriesChecked)}</dd>
            <dt>{t('console.governance.audit.verifiedAt')}</dt>
            <dd>{dateTime(verifiedAt)}</dd>
            {head && (
              <>
                <dt>{t('console.governance.audit.head')}</dt>
                <dd>
                  {t('console.governance.audit.headEntry', { id: head.id })} <code style={{ overflowWrap: 'anywhere' }}>{head.hash}</code>
                </dd>
              </>
            )}
            {firstBreak && (
              <>
                <dt>{t('console.governance.audit.firstBreak')}</dt>
                <dd>
                  {t('console.governance.audit.breakAt', { id: firstBreak.entryId, problem: t(`console.governance.audit.problems.${firstBreak.problem}`) })} {firstBreak.explanation}
                </dd>
              </>
            )}
          </dl>
        </div>
      </div>
      <CheckpointsResult checkpoints={checkpoints} />
    </>
  );
}

/** The signed checkpoints the chain was held to: the latest, whether the log still holds it, and any message that is not a checkpoint of the trusted key. */
function CheckpointsResult({ checkpoints }: { checkpoints: AuditVerification['checkpoints'] }) {
  const { t, number, dateTime } = useLanguage();
  if (!checkpoints) return <p className="usa-hint margin-top-2">{t('console.governance.audit.checkpoints.notConfigured')}</p>;
  const { latest, problems } = checkpoints;
  const fine = latest?.held === true && problems.length === 0;
  return (
    <div className={`usa-alert margin-top-2 ${fine ? 'usa-alert--success' : latest?.held === false ? 'usa-alert--error' : 'usa-alert--warning'}`} data-testid="audit-checkpoints">
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading">{t('console.governance.audit.checkpoints.heading')}</h2>
        <dl className="lantern-facts">
          <dt>{t('console.governance.audit.checkpoints.signed')}</dt>
          <dd>{number(checkpoints.signed)}</dd>
          <dt>{t('console.governance.audit.checkpoints.latest')}</dt>
          <dd>
            {latest ? (
              <>
                {t('console.governance.audit.checkpoints.latestEntry', { id: latest.seq, at: dateTime(latest.at) })} <code style={{ overflowWrap: 'anywhere' }}>{latest.hash}</code>
              </>
            ) : (
              t('console.governance.audit.checkpoints.none')
            )}
          </dd>
          {latest && (
            <>
              <dt>{t('console.governance.audit.checkpoints.matched')}</dt>
              <dd>{t(latest.held ? 'console.governance.audit.checkpoints.held' : 'console.governance.audit.checkpoints.notHeld')}</dd>
            </>
          )}
          <dt>{t('console.governance.audit.checkpoints.key')}</dt>
          <dd>
            <code style={{ overflowWrap: 'anywhere' }}>{checkpoints.keyId}</code>
          </dd>
        </dl>
        {problems.length > 0 && (
          <>
            <p className="usa-alert__text">{t('console.governance.audit.checkpoints.problems')}</p>
            <ul className="usa-list">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

/** Recent entries, newest first, filtered by kind and paged from the address; only what holds no child's data (the API leaves out subjects and details). */
function RecentEntries() {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [parameters, setParameters] = useSearchParams();
  const kind = (parameters.get('kind') ?? undefined) as AuditEntriesPage['kinds'][number] | undefined;
  const page = Number(parameters.get('page') ?? '1');
  const entries = useApi(`audit-entries?${parameters}`, async (signal) => answerOf(await client.GET('/audit/entries', { params: { query: { kind, page } }, signal })));
  const pageLink = (target: number) => {
    const query = new URLSearchParams({ ...(kind ? { kind } : {}), ...(target > 1 ? { page: String(target) } : {}) }).toString();
    return query ? `/console/audit?${query}` : '/console/audit';
  };
  return (
    <section className="margin-top-6" aria-labelledby="recent-audit-entries">
      <h2 id="recent-audit-entries">{t('console.governance.audit.recent.heading')}</h2>
      <p>{t('console.governance.audit.recent.intro')}</p>
      {entries.state === 'loading' && <Loading />}
      {entries.state === 'failed' && <ConsoleProblem error={entries.error} />}
      {entries.state === 'loaded' && (
        <>
          <KindFilter key={kind ?? ''} kinds={entries.value.kinds} chosen={kind ?? ''} onChoose={(chosen) => setParameters(chosen ? { kind: chosen } : {})} />
          {entries.value.entries.length === 0 ? <ConsoleEmpty message={t('console.governance.audit.recent.none')} /> : <EntriesTable page={entries.value} />}
          <nav aria-label={t('console.governance.audit.recent.pages')} className="usa-pagination">
            <ul className="usa-pagination__list">
              {page > 1 && (
                <li className="usa-pagination__item usa-pagination__arrow">
                  <Link to={pageLink(page - 1)} className="usa-pagination__link usa-pagination__previous-page">
                    <span className="usa-pagination__link-text">{t('console.governance.audit.recent.newer')}</span>
                  </Link>
                </li>
              )}
              {entries.value.nextPage !== null && (
                <li className="usa-pagination__item usa-pagination__arrow">
                  <Link to={pageLink(entries.value.nextPage)} className="usa-pagination__link usa-pagination__next-page">
                    <span className="usa-pagination__link-text">{t('console.governance.audit.recent.older')}</span>
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        </>
      )}
    </section>
  );
}

function KindFilter({ kinds, chosen, onChoose }: { kinds: readonly string[]; chosen: string; onChoose: (kind: string) => void }) {
  const { t } = useLanguage();
  const [selected, setSelected] = useState(chosen);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChoose(selected);
  };
  return (
    <form className="usa-form margin-bottom-2" onSubmit={submit}>
      <label className="usa-label" htmlFor="audit-kind">
        {t('console.governance.audit.recent.kind')}
      </label>
      <select className="usa-select" id="audit-kind" value={selected} onChange={(event) => setSelected(event.target.value)}>
        <option value="">{t('console.governance.audit.recent.allKinds')}</option>
        {kinds.map((each) => (
          <option key={each} value={each}>
            {each}
          </option>
        ))}
      </select>
      <button type="submit" className="usa-button usa-button--outline margin-top-1">
        {t('console.governance.audit.recent.show')}
      </button>
    </form>
  );
}

function EntriesTable({ page }: { page: AuditEntriesPage }) {
  const { t, dateTime } = useLanguage();
  const caption = page.kind ? t('console.governance.audit.recent.captionOfKind', { kind: page.kind, page: page.page }) : t('console.governance.audit.recent.caption', { page: page.page });
  return (
    <DataTable
      caption={caption}
      columns={[
        t('console.governance.audit.recent.columns.entry'),
        t('console.governance.audit.recent.columns.time'),
        t('console.governance.audit.recent.columns.kind'),
        t('console.governance.audit.recent.columns.actor'),
        t('console.governance.audit.recent.columns.hash'),
      ]}
    >
      {page.entries.map((entry) => (
        <tr key={entry.id}>
          <th scope="row">{entry.id}</th>
          <td>{dateTime(entry.recordedAt)}</td>
          <td>
            <code>{entry.kind}</code>
          </td>
          <td style={{ overflowWrap: 'anywhere' }}>{entry.actor}</td>
          <td>
            {/* The first 12 hex digits tell entries apart at a glance; the whole hash is in the title and the API. */}
            <code title={entry.hash}>{entry.hash.slice(0, 12)}…</code>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
