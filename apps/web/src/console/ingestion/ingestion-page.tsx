import { type FormEvent, useState } from 'react';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { IngestionHistory } from './ingestion-history';
import { DataTable } from '../../components/data-table';

type IngestionStatus = components['schemas']['IngestionStatus'];
type SourceStatus = IngestionStatus['sources'][number];
type Reject = components['schemas']['RejectPage']['rejects'][number];
type RejectStage = Reject['stage'];

const REJECT_STAGES: readonly RejectStage[] = ['size', 'decode', 'envelope', 'contract', 'schema', 'producer', 'resolve', 'write'];
const REJECTS_PER_PAGE = 25;

/** Stewards' view of ingestion: counts per source and topic, parked records, and the rejects to send through again once their cause is fixed. */
export function IngestionPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.ingestion.title')} roles={['steward']}>
      <Ingestion />
    </ConsoleFrame>
  );
}

/** What a replay sent, and each affected source's counts when it was sent, to tell what became of the messages since. */
interface Replay {
  replayed: number;
  notFound: number;
  before: SourceStatus[];
}

const sourceKey = (topic: string, sourceSystem: string | null) => `${topic}\u0000${sourceSystem ?? ''}`;

function Ingestion() {
  const { t, dateTime: time } = useLanguage();
  const { client } = useSignedIn();
  // Each refresh loads the status and the rejects again.
  const [refreshes, setRefreshes] = useState(0);
  const [replay, setReplay] = useState<Replay>();
  const status = useApi(`ingest-status-${refreshes}`, async (signal) => ({ at: new Date().toISOString(), ...answerOf(await client.GET('/ingest/status', { signal })) }));
  const refresh = () => setRefreshes((count) => count + 1);
  const sourceSystems = status.state === 'loaded' ? [...new Set(status.value.sources.map((source) => source.sourceSystem).filter((name) => name !== ''))].sort() : [];
  return (
    <>
      <p className="usa-intro">{t('console.ingestion.intro')}</p>
      <p>
        <button type="button" className="usa-button usa-button--outline" onClick={refresh}>
          {t('console.ingestion.refresh')}
        </button>
        {status.state === 'loaded' && <span role="status">{t('console.ingestion.refreshedAt', { time: time(status.value.at) })}</span>}
      </p>
      {status.state === 'loading' && <Loading />}
      {status.state === 'failed' && <ConsoleProblem error={status.error} />}
      {replay && status.state === 'loaded' && <ReplayOutcome replay={replay} now={status.value.sources} />}
      {status.state === 'loaded' && <Sources status={status.value} />}
      <IngestionHistory sourceSystems={sourceSystems} refreshes={refreshes} />
      {status.state === 'loaded' && <Parked parked={status.value.parked} />}
      <Rejects
        sourceSystems={sourceSystems}
        refreshes={refreshes}
        onReplayed={(sent, affected) => {
          const before = status.state === 'loaded' ? status.value.sources.filter((source) => affected.has(sourceKey(source.topic, source.sourceSystem))) : [];
          setReplay({ replayed: sent.replayed.length, notFound: sent.notFound.length, before });
          refresh();
        }}
      />
    </>
  );
}

/** How many were sent again, and per affected source what was stored, rejected or parked since. */
function ReplayOutcome({ replay, now }: { replay: Replay; now: readonly SourceStatus[] }) {
  const { t, number } = useLanguage();
  const current = new Map(now.map((source) => [sourceKey(source.topic, source.sourceSystem), source]));
  return (
    <div className="usa-alert usa-alert--success" role="status">
      <div className="usa-alert__body">
        <p className="usa-alert__text">
          {t('console.ingestion.replay.sent', { count: replay.replayed })}
          {replay.notFound > 0 && ` ${t('console.ingestion.replay.notFound', { count: replay.notFound })}`} {t('console.ingestion.replay.pending')}
        </p>
        {replay.before.length > 0 && (
          <>
            <p className="usa-alert__text text-bold">{t('console.ingestion.replay.sinceHeading')}</p>
            <ul className="usa-list">
              {replay.before.map((before) => {
                const after = current.get(sourceKey(before.topic, before.sourceSystem)) ?? before;
                return (
                  <li key={sourceKey(before.topic, before.sourceSystem)}>
                    {t('console.ingestion.replay.since', {
                      source: before.sourceSystem || t('console.ingestion.sources.unnamedSource'),
                      topic: before.topic,
                      stored: number(after.stored - before.stored),
                      rejected: number(after.rejected - before.rejected),
                      parked: number(after.parked - before.parked),
                    })}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}

function Sources({ status }: { status: IngestionStatus }) {
  const { t, number, dateTime: time } = useLanguage();
  const lag = new Map(status.topics.map(({ topic, consumerLag }) => [topic, consumerLag]));
  const waiting = status.topics.reduce((total, topic) => total + topic.consumerLag, 0);
  const caption = t('console.ingestion.sources.caption');
  return (
    <section aria-labelledby="ingestion-sources">
      <h2 id="ingestion-sources">{t('console.ingestion.sources.heading')}</h2>
      <p>{t('console.ingestion.sources.lag', { group: status.consumerGroup, count: waiting })}</p>
      {status.sources.length === 0 ? (
        <ConsoleEmpty message={t('console.ingestion.sources.none')} />
      ) : (
        <DataTable
          caption={caption}
          captionDisplay="hidden"
          variant="striped"
          columns={[
            t('console.ingestion.sources.source'),
            t('console.ingestion.sources.topic'),
            t('console.ingestion.sources.received'),
            t('console.ingestion.sources.stored'),
            t('console.ingestion.sources.duplicates'),
            t('console.ingestion.sources.rejected'),
            t('console.ingestion.sources.parked'),
            t('console.ingestion.sources.consumerLag'),
            t('console.ingestion.sources.lastMessage'),
          ]}
        >
          {status.sources.map((source) => (
            <tr key={sourceKey(source.topic, source.sourceSystem)}>
              <th scope="row">{source.sourceSystem || t('console.ingestion.sources.unnamedSource')}</th>
              <td>{source.topic}</td>
              <td>{number(source.received)}</td>
              <td>{number(source.stored)}</td>
              <td>{number(source.duplicates)}</td>
              <td>{number(source.rejected)}</td>
              <td>{number(source.parked)}</td>
              <td>{number(lag.get(source.topic) ?? 0)}</td>
              <td>{source.lastMessageAt ? time(source.lastMessageAt) : t('console.ingestion.sources.never')}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function Parked({ parked }: { parked: IngestionStatus['parked'] }) {
  const { t, number, dateTime: time } = useLanguage();
  const caption = t('console.ingestion.parked.caption');
  return (
    <section aria-labelledby="ingestion-parked">
      <h2 id="ingestion-parked">{t('console.ingestion.parked.heading')}</h2>
      <p>{t('console.ingestion.parked.intro')}</p>
      {parked.length === 0 ? (
        <ConsoleEmpty message={t('console.ingestion.parked.none')} />
      ) : (
        <DataTable
          caption={caption}
          captionDisplay="hidden"
          variant="striped"
          columns={[
            t('console.ingestion.parked.contract'),
            t('console.ingestion.parked.source'),
            t('console.ingestion.parked.waitingFor'),
            t('console.ingestion.parked.records'),
            t('console.ingestion.parked.oldest'),
          ]}
        >
          {parked.map((row) => (
            <tr key={`${row.contractId}\u0000${row.sourceSystem}\u0000${row.waitingFor}`}>
              <th scope="row">{row.contractId}</th>
              <td>{row.sourceSystem}</td>
              <td>{row.waitingFor}</td>
              <td>{number(row.records)}</td>
              <td>{time(row.oldestArrivedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

interface RejectFilter {
  sourceSystem: string;
  stage: RejectStage | '';
}

function Rejects({
  sourceSystems,
  refreshes,
  onReplayed,
}: {
  sourceSystems: readonly string[];
  refreshes: number;
  onReplayed: (sent: components['schemas']['ReplayResult'], affected: Set<string>) => void;
}) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [filter, setFilter] = useState<RejectFilter>({ sourceSystem: '', stage: '' });
  // The beforeId of each page shown so far: the last is the current page's (none for the newest).
  const [cursors, setCursors] = useState<number[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [replayError, setReplayError] = useState<unknown>();
  const [replaying, setReplaying] = useState(false);
  const beforeId = cursors.at(-1);
  const page = useApi(`ingest-rejects-${JSON.stringify(filter)}-${beforeId ?? ''}-${refreshes}`, async (signal) =>
    answerOf(
      await client.GET('/ingest/rejects', {
        params: { query: { limit: REJECTS_PER_PAGE, beforeId, sourceSystem: filter.sourceSystem || undefined, stage: filter.stage || undefined } },
        signal,
      }),
    ),
  );

  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilter({ sourceSystem: String(form.get('sourceSystem') ?? ''), stage: String(form.get('stage') ?? '') as RejectFilter['stage'] });
    setCursors([]);
    setSelected(new Set());
  };
  const toPage = (next: number[]) => {
    setCursors(next);
    setSelected(new Set());
  };
  const toggle = (id: number, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const replay = async () => {
    if (page.state !== 'loaded') return;
    const ids = [...selected];
    const affected = new Set(page.value.rejects.filter((reject) => selected.has(reject.id)).map((reject) => sourceKey(reject.topic, reject.sourceSystem)));
    setReplaying(true);
    setReplayError(undefined);
    try {
      const sent = answerOf(await client.POST('/ingest/rejects/replay', { body: { ids } }));
      setSelected(new Set());
      onReplayed(sent, affected);
    } catch (error) {
      setReplayError(error);
    } finally {
      setReplaying(false);
    }
  };

  return (
    <section aria-labelledby="ingestion-rejects">
      <h2 id="ingestion-rejects">{t('console.ingestion.rejects.heading')}</h2>
      <p>{t('console.ingestion.rejects.intro')}</p>
      <form className="usa-form maxw-none" onSubmit={choose}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('console.ingestion.rejects.filters')}</legend>
          <div className="grid-row grid-gap">
            <div className="tablet:grid-col-5">
              <label className="usa-label" htmlFor="reject-source">
                {t('console.ingestion.rejects.source')}
              </label>
              <select className="usa-select" id="reject-source" name="sourceSystem" defaultValue={filter.sourceSystem}>
                <option value="">{t('console.ingestion.rejects.any')}</option>
                {sourceSystems.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div className="tablet:grid-col-4">
              <label className="usa-label" htmlFor="reject-stage">
                {t('console.ingestion.rejects.stage')}
              </label>
              <select className="usa-select" id="reject-stage" name="stage" defaultValue={filter.stage}>
                <option value="">{t('console.ingestion.rejects.any')}</option>
                {REJECT_STAGES.map((stage) => (
                  <option key={stage} value={stage}>
                    {t(`console.ingestion.stage.${stage}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" className="usa-button margin-top-2">
            {t('console.ingestion.rejects.show')}
          </button>
        </fieldset>
      </form>
      {page.state === 'loading' && <Loading />}
      {page.state === 'failed' && <ConsoleProblem error={page.error} />}
      {page.state === 'loaded' &&
        (page.value.rejects.length === 0 ? (
          <ConsoleEmpty message={t('console.ingestion.rejects.none')} />
        ) : (
          <>
            <RejectTable
              rejects={page.value.rejects}
              selected={selected}
              onToggle={toggle}
              onTogglePage={(on) => setSelected(new Set(on ? page.value.rejects.map((reject) => reject.id) : []))}
            />
            <nav aria-label={t('console.ingestion.rejects.pages')} className="margin-y-2">
              {cursors.length > 0 && (
                <button type="button" className="usa-button usa-button--outline" onClick={() => toPage(cursors.slice(0, -1))}>
                  {t('console.ingestion.rejects.newer')}
                </button>
              )}
              {page.value.nextBeforeId !== null && (
                <button type="button" className="usa-button usa-button--outline" onClick={() => toPage([...cursors, page.value.nextBeforeId!])}>
                  {t('console.ingestion.rejects.older')}
                </button>
              )}
            </nav>
            {selected.size === 0 ? (
              <p>{t('console.ingestion.rejects.replayNone')}</p>
            ) : (
              <button type="button" className="usa-button" disabled={replaying} onClick={() => void replay()}>
                {t('console.ingestion.rejects.replay', { count: selected.size })}
              </button>
            )}
            {replayError !== undefined && <ConsoleProblem error={replayError} />}
          </>
        ))}
    </section>
  );
}

function RejectTable({
  rejects,
  selected,
  onToggle,
  onTogglePage,
}: {
  rejects: readonly Reject[];
  selected: ReadonlySet<number>;
  onToggle: (id: number, on: boolean) => void;
  onTogglePage: (on: boolean) => void;
}) {
  const { t, dateTime: time } = useLanguage();
  const caption = t('console.ingestion.rejects.caption');
  return (
    <DataTable
      caption={caption}
      captionDisplay="hidden"
      variant="striped"
      columns={[
        <input
          key="select-page"
          type="checkbox"
          aria-label={t('console.ingestion.rejects.selectPage')}
          checked={rejects.every((reject) => selected.has(reject.id))}
          onChange={(event) => onTogglePage(event.target.checked)}
        />,
        t('console.ingestion.rejects.id'),
        t('console.ingestion.rejects.arrived'),
        t('console.ingestion.rejects.source'),
        t('console.ingestion.rejects.contract'),
        t('console.ingestion.rejects.stage'),
        t('console.ingestion.rejects.path'),
        t('console.ingestion.rejects.reason'),
        t('console.ingestion.rejects.replayed'),
      ]}
    >
      {rejects.map((reject) => (
        <tr key={reject.id}>
          <td>
            <input
              type="checkbox"
              aria-label={t('console.ingestion.rejects.selectOne', { id: reject.id })}
              checked={selected.has(reject.id)}
              onChange={(event) => onToggle(reject.id, event.target.checked)}
            />
          </td>
          <th scope="row">{reject.id}</th>
          <td>{time(reject.arrivedAt)}</td>
          <td>{reject.sourceSystem ?? t('console.ingestion.sources.unnamedSource')}</td>
          <td>{reject.contractId ?? '—'}</td>
          <td>{t(`console.ingestion.stage.${reject.stage}`)}</td>
          <td>
            <code>{reject.errorPath || t('console.ingestion.rejects.wholeMessage')}</code>
          </td>
          <td>{reject.errorMessage}</td>
          <td>{reject.replayedAt ? time(reject.replayedAt) : t('console.ingestion.rejects.notReplayed')}</td>
        </tr>
      ))}
    </DataTable>
  );
}
