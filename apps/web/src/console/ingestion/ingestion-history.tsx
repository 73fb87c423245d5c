import { type FormEvent, useState } from 'react';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { DataTable } from '../../components/data-table';

type Hour = components['schemas']['IngestionHistory']['hours'][number];
type Count = 'received' | 'stored' | 'rejected' | 'parked';

const WINDOWS = ['24', '48', '168'] as const;
/** Each line's colour (at least 3:1 against white) and dash pattern, so the lines differ in more than colour. */
const LINES: ReadonlyArray<{ count: Count; colour: string; dash?: string }> = [
  { count: 'received', colour: '#1a4480' },
  { count: 'stored', colour: '#008817', dash: '8 4' },
  { count: 'rejected', colour: '#b50909', dash: '2 3' },
  { count: 'parked', colour: '#8a5a00', dash: '10 3 2 3' },
];
const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 44 };

/** Hour by hour what ingestion received, stored, rejected and parked: a line chart, and the same numbers as a table. */
export function IngestionHistory({ sourceSystems, refreshes }: { sourceSystems: readonly string[]; refreshes: number }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [choice, setChoice] = useState<{ hours: (typeof WINDOWS)[number]; sourceSystem: string }>({ hours: '24', sourceSystem: '' });
  const history = useApi(`ingest-history-${choice.hours}-${choice.sourceSystem}-${refreshes}`, async (signal) =>
    answerOf(await client.GET('/ingest/history', { params: { query: { hours: Number(choice.hours), sourceSystem: choice.sourceSystem || undefined } }, signal })),
  );
  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setChoice({ hours: String(form.get('hours')) as (typeof WINDOWS)[number], sourceSystem: String(form.get('sourceSystem') ?? '') });
  };
  return (
    <section aria-labelledby="ingestion-history">
      <h2 id="ingestion-history">{t('console.ingestion.history.heading')}</h2>
      <p>{t('console.ingestion.history.intro')}</p>
      <form className="usa-form maxw-none" onSubmit={choose}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('console.ingestion.history.filters')}</legend>
          <div className="grid-row grid-gap">
            <div className="tablet:grid-col-4">
              <label className="usa-label" htmlFor="history-hours">
                {t('console.ingestion.history.window')}
              </label>
              <select className="usa-select" id="history-hours" name="hours" defaultValue={choice.hours}>
                {WINDOWS.map((hours) => (
                  <option key={hours} value={hours}>
                    {t(`console.ingestion.history.windows.${hours}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="tablet:grid-col-5">
              <label className="usa-label" htmlFor="history-source">
                {t('console.ingestion.history.source')}
              </label>
              <select className="usa-select" id="history-source" name="sourceSystem" defaultValue={choice.sourceSystem}>
                <option value="">{t('console.ingestion.history.all')}</option>
                {sourceSystems.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" className="usa-button margin-top-2">
            {t('console.ingestion.history.show')}
          </button>
        </fieldset>
      </form>
      {history.state === 'loading' && <Loading />}
      {history.state === 'failed' && <ConsoleProblem error={history.error} />}
      {history.state === 'loaded' &&
        (history.value.hours.every((hour) => hour.received === 0 && hour.stored === 0) ? (
          <ConsoleEmpty message={t('console.ingestion.history.none')} />
        ) : (
          <>
            <HistoryChart hours={history.value.hours} />
            <HistoryTable hours={history.value.hours} />
          </>
        ))}
    </section>
  );
}

function HistoryChart({ hours }: { hours: readonly Hour[] }) {
  const { t, number, dateTime: hourOf } = useLanguage();
  const total = (count: Count) => number(hours.reduce((sum, hour) => sum + hour[count], 0));
  const highest = Math.max(1, ...hours.flatMap((hour) => LINES.map(({ count }) => hour[count])));
  const x = (index: number) => MARGIN.left + (hours.length === 1 ? 0 : (index / (hours.length - 1)) * (WIDTH - MARGIN.left - MARGIN.right));
  const y = (value: number) => MARGIN.top + (1 - value / highest) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const alt = t('console.ingestion.history.chart', {
    from: hourOf(hours[0].hour),
    to: hourOf(hours[hours.length - 1].hour),
    received: total('received'),
    stored: total('stored'),
    rejected: total('rejected'),
    parked: total('parked'),
  });
  return (
    <figure className="margin-x-0">
      <svg role="img" aria-label={alt} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" style={{ maxWidth: WIDTH }}>
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} stroke="#565c65" />
        <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={y(0)} stroke="#565c65" />
        <text x={MARGIN.left - 6} y={y(highest) + 4} textAnchor="end" fontSize="12" fill="#1b1b1b">
          {number(highest)}
        </text>
        <text x={MARGIN.left - 6} y={y(0) + 4} textAnchor="end" fontSize="12" fill="#1b1b1b">
          0
        </text>
        <text x={MARGIN.left} y={HEIGHT - 8} fontSize="12" fill="#1b1b1b">
          {hourOf(hours[0].hour)}
        </text>
        <text x={WIDTH - MARGIN.right} y={HEIGHT - 8} textAnchor="end" fontSize="12" fill="#1b1b1b">
          {hourOf(hours[hours.length - 1].hour)}
        </text>
        {LINES.map(({ count, colour, dash }) => (
          <polyline key={count} fill="none" stroke={colour} strokeWidth="2" strokeDasharray={dash} points={hours.map((hour, index) => `${x(index)},${y(hour[count])}`).join(' ')} />
        ))}
      </svg>
      <figcaption>
        {/* The legend: each line's name beside a sample of its stroke. */}
        <ul className="usa-list usa-list--unstyled display-flex flex-wrap">
          {LINES.map(({ count, colour, dash }) => (
            <li key={count} className="margin-right-3">
              <svg aria-hidden="true" width="32" height="10" className="margin-right-1">
                <line x1="0" x2="32" y1="5" y2="5" stroke={colour} strokeWidth="2" strokeDasharray={dash} />
              </svg>
              {t(`console.ingestion.sources.${count}`)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function HistoryTable({ hours }: { hours: readonly Hour[] }) {
  const { t, number, dateTime: hourOf } = useLanguage();
  const caption = t('console.ingestion.history.caption');
  return (
    <DataTable
      caption={caption}
      captionDisplay="hidden"
      variant="striped"
      columns={[
        t('console.ingestion.history.hour'),
        t('console.ingestion.sources.received'),
        t('console.ingestion.sources.stored'),
        t('console.ingestion.sources.duplicates'),
        t('console.ingestion.sources.rejected'),
        t('console.ingestion.sources.parked'),
      ]}
    >
      {hours.map((hour) => (
        <tr key={hour.hour}>
          <th scope="row">{hourOf(hour.hour)}</th>
          <td>{number(hour.received)}</td>
          <td>{number(hour.stored)}</td>
          <td>{number(hour.duplicates)}</td>
          <td>{number(hour.rejected)}</td>
          <td>{number(hour.parked)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
