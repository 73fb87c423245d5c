import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { schoolYearName, useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { DataTable } from '../../components/data-table';

type Run = components['schemas']['OutcomesRuns'][number];
type RequestStatus = components['schemas']['OutcomesRunRequestStatus'];

/** Stewards' outcome indicator runs: what each read and published, which is released, releasing one (after a confirmation), and asking for a new one. */
export function ReleasesPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.releases.title')} roles={['steward']}>
      <Releases />
    </ConsoleFrame>
  );
}

/** The year filter's value; empty (or not a year) shows every year. */
const yearOf = (raw: FormDataEntryValue | null) => {
  const text = String(raw ?? '').trim();
  return /^\d{4}$/.test(text) ? Number(text) : undefined;
};

function Releases() {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [year, setYear] = useState<number>();
  const [loads, setLoads] = useState(0);
  const [confirming, setConfirming] = useState<Run>();
  const [released, setReleased] = useState<components['schemas']['OutcomesRelease']>();
  const [releaseError, setReleaseError] = useState<unknown>();
  const [releasing, setReleasing] = useState(false);
  const runs = useApi(`outcome-runs-${year ?? ''}-${loads}`, async (signal) => answerOf(await client.GET('/outcomes/runs', { params: { query: { year } }, signal })));
  const reload = () => setLoads((count) => count + 1);

  const show = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setYear(yearOf(new FormData(event.currentTarget).get('year')));
  };
  const release = async (run: Run) => {
    setReleasing(true);
    setReleaseError(undefined);
    try {
      setReleased(answerOf(await client.POST('/outcomes/runs/{runId}/release', { params: { path: { runId: run.runId } } })));
      setConfirming(undefined);
      reload();
    } catch (error) {
      setReleaseError(error);
    } finally {
      setReleasing(false);
    }
  };

  return (
    <>
      <p className="usa-intro">{t('console.releases.intro')}</p>
      <form className="usa-form maxw-none" onSubmit={show}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('console.releases.filter.legend')}</legend>
          <label className="usa-label" htmlFor="runs-year">
            {t('console.releases.filter.year')}
          </label>
          <input className="usa-input usa-input--small" id="runs-year" name="year" inputMode="numeric" pattern="[0-9]{4}" defaultValue={year ?? ''} />
          <button type="submit" className="usa-button margin-top-2">
            {t('console.releases.filter.show')}
          </button>
        </fieldset>
      </form>
      {released && (
        <div className="usa-alert usa-alert--success usa-alert--slim margin-top-2" role="status">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t('console.releases.releasedRun', { runId: released.runId, schoolYear: schoolYearName(released.schoolYear) })}</p>
          </div>
        </div>
      )}
      {confirming && <ReleaseConfirmation run={confirming} releasing={releasing} error={releaseError} onConfirm={() => void release(confirming)} onCancel={() => setConfirming(undefined)} />}
      {runs.state === 'loading' && <Loading />}
      {runs.state === 'failed' && <ConsoleProblem error={runs.error} />}
      {runs.state === 'loaded' &&
        (runs.value.length === 0 ? (
          <ConsoleEmpty message={t('console.releases.runs.none')} />
        ) : (
          <RunTable
            runs={runs.value}
            onRelease={(run) => {
              setReleased(undefined);
              setReleaseError(undefined);
              setConfirming(run);
            }}
          />
        ))}
      <RequestRun onDone={reload} />
    </>
  );
}

function RunTable({ runs, onRelease }: { runs: readonly Run[]; onRelease: (run: Run) => void }) {
  const { t, number, dateTime: time } = useLanguage();
  const caption = t('console.releases.runs.caption');
  return (
    <DataTable
      caption={caption}
      captionDisplay="hidden"
      variant="striped"
      columns={[
        t('console.releases.runs.run'),
        t('console.releases.runs.schoolYear'),
        t('console.releases.runs.snapshot'),
        t('console.releases.runs.inputs'),
        t('console.releases.runs.students'),
        t('console.releases.runs.values'),
        t('console.releases.runs.published'),
        t('console.releases.runs.suppressed'),
        t('console.releases.runs.computed'),
        t('console.releases.runs.release'),
      ]}
    >
      {runs.map((run) => {
        const inputs = Object.entries(run.inputs);
        return (
          <tr key={run.runId}>
            <th scope="row">{run.runId}</th>
            <td>{schoolYearName(run.schoolYear)}</td>
            <td>{time(run.snapshotAt)}</td>
            <td>
              {inputs.length === 0 ? (
                t('console.releases.runs.noInputs')
              ) : (
                <ul className="usa-list usa-list--unstyled">
                  {inputs.map(([contract, count]) => (
                    <li key={contract}>{t('console.releases.runs.input', { contract, count: number(count) })}</li>
                  ))}
                </ul>
              )}
            </td>
            <td>{number(run.students)}</td>
            <td>{number(run.values)}</td>
            <td>{number(run.published)}</td>
            <td>{number(run.suppressed)}</td>
            <td>{time(run.computedAt)}</td>
            <td>
              {run.released ? (
                <span className="usa-tag bg-green">{t('console.releases.runs.released')}</span>
              ) : (
                <button type="button" className="usa-button usa-button--outline" onClick={() => onRelease(run)}>
                  {t('console.releases.runs.releaseRun', { runId: run.runId })}
                </button>
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** Releasing changes the public pages, so the steward confirms what it replaces first; focus moves to the question. */
function ReleaseConfirmation({ run, releasing, error, onConfirm, onCancel }: { run: Run; releasing: boolean; error: unknown; onConfirm: () => void; onCancel: () => void }) {
  const { t, number } = useLanguage();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [run.runId]);
  const year = schoolYearName(run.schoolYear);
  return (
    <section className="usa-alert usa-alert--warning margin-top-2" aria-labelledby="release-confirmation">
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading" id="release-confirmation" tabIndex={-1} ref={heading}>
          {t('console.releases.confirm.heading', { runId: run.runId, schoolYear: year })}
        </h2>
        <p className="usa-alert__text">
          {t('console.releases.confirm.body', { count: run.published, published: number(run.published), suppressed: number(run.suppressed), schoolYear: year })}
        </p>
        <div className="usa-button-group margin-top-1">
          <button type="button" className="usa-button" disabled={releasing} onClick={onConfirm}>
            {t('console.releases.confirm.yes', { runId: run.runId })}
          </button>
          <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
            {t('console.releases.confirm.cancel')}
          </button>
        </div>
        {error !== undefined && <ConsoleProblem error={error} />}
      </div>
    </section>
  );
}

/** Asks the worker for a new run of a school year and says how the request stands. */
function RequestRun({ onDone }: { onDone: () => void }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [request, setRequest] = useState<RequestStatus>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const call = async (load: () => Promise<RequestStatus>) => {
    setBusy(true);
    setError(undefined);
    try {
      const status = await load();
      setRequest(status);
      if (status.status === 'done') onDone();
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const year = Number(new FormData(event.currentTarget).get('schoolYear'));
    void call(async () => ({ ...answerOf(await client.POST('/outcomes/runs', { body: { schoolYear: year } })), runId: null, failure: null }));
  };
  const check = (requestId: string) => void call(async () => answerOf(await client.GET('/outcomes/requests/{id}', { params: { path: { id: requestId } } })));
  return (
    <section aria-labelledby="request-run" className="margin-top-4">
      <h2 id="request-run">{t('console.releases.request.heading')}</h2>
      <p>{t('console.releases.request.intro')}</p>
      <form className="usa-form" onSubmit={submit}>
        <label className="usa-label" htmlFor="request-year">
          {t('console.releases.request.year')}
        </label>
        <input className="usa-input usa-input--small" id="request-year" name="schoolYear" inputMode="numeric" pattern="[0-9]{4}" required />
        <button type="submit" className="usa-button margin-top-2" disabled={busy}>
          {t('console.releases.request.submit')}
        </button>
      </form>
      {error !== undefined && <ConsoleProblem error={error} />}
      {request && (
        <div className="usa-alert usa-alert--info usa-alert--slim margin-top-2" role="status">
          <div className="usa-alert__body">
            <p className="usa-alert__text">
              {t('console.releases.request.status', {
                requestId: request.requestId,
                schoolYear: schoolYearName(request.schoolYear),
                status: t(`console.releases.request.states.${request.status}`),
              })}{' '}
              {request.runId !== null && t('console.releases.request.done', { runId: request.runId })}
              {request.failure !== null && t('console.releases.request.failed', { failure: request.failure })}
            </p>
            {(request.status === 'pending' || request.status === 'running') && (
              <button type="button" className="usa-button usa-button--outline margin-top-1" disabled={busy} onClick={() => check(request.requestId)}>
                {t('console.releases.request.check')}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
