import type { IndicatorDictionary, PublicIndicatorValue } from '../api/public-api';
import { i18n, useLanguage } from '../i18n/i18n';
import { DataTable } from './data-table';

export type IndicatorUnit = IndicatorDictionary['indicators'][number]['unit'];

/** What a figure needs besides its values: each indicator's unit and the minimum n the reasons name. */
export interface IndicatorContext {
  units: ReadonlyMap<string, IndicatorUnit>;
  minimumN: number;
}

/** The figures' context from the data dictionary. */
export function indicatorContextOf(dictionary: IndicatorDictionary): IndicatorContext {
  return { units: new Map(dictionary.indicators.map(({ id, unit }) => [id, unit])), minimumN: dictionary.disclosureRules.minimumN };
}

/** A value in the reader's language and the indicator's unit: 87.3 %, +3.2, 54, $12,480. */
export function useIndicatorFormat() {
  const { t, language } = useLanguage();
  const locale = language === 'es' ? 'es-US' : 'en-US';
  const formatters: Record<IndicatorUnit, Intl.NumberFormat> = {
    proportion: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
    'scale-score points': new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
    percentile: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    'US dollars': new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }),
  };
  return (unit: IndicatorUnit, value: number, coded: PublicIndicatorValue['coded'] = null) => {
    const shown = formatters[unit].format(value);
    if (coded === 'at-least') return t('outcomes.atLeast', { value: shown });
    if (coded === 'at-most') return t('outcomes.atMost', { value: shown });
    return shown;
  };
}

/** A student group's name in the reader's language (`sex:female` is the message `outcomes.group.sex.female`). */
export function useGroupName() {
  const { t } = useLanguage();
  return (group: string) => {
    const key = `outcomes.group.${group.replace(':', '.')}`;
    return i18n.exists(key) ? t(key) : group;
  };
}

/**
 * One section's numbers as a figure: a bar chart of its first indicator by group (a short text alternative;
 * the table is its long description) and a table of every indicator by student group, each
 * withheld value marked with its reason in words.
 */
export function IndicatorFigure({
  caption,
  indicators,
  values,
  context,
}: {
  caption: string;
  indicators: readonly string[];
  values: readonly PublicIndicatorValue[];
  context: IndicatorContext;
}) {
  const { t } = useLanguage();
  const groupName = useGroupName();
  const groups = [...new Set(values.filter((value) => indicators.includes(value.indicator)).map((value) => value.group))];
  const cell = (indicator: string, group: string) => values.find((value) => value.indicator === indicator && value.group === group);
  const charted = indicators.find((indicator) => values.some((value) => value.indicator === indicator));
  const indicatorName = (indicator: string) => t(`outcomes.indicator.${indicator}`);
  // One group (spending: all students only): a bar per indicator, which then share a unit.
  const chart =
    charted &&
    (groups.length === 1
      ? { subject: caption, bars: indicators.map((indicator) => ({ label: indicatorName(indicator), value: cell(indicator, groups[0]) })) }
      : { subject: t('outcomes.byGroup', { indicator: indicatorName(charted) }), bars: groups.map((group) => ({ label: groupName(group), value: cell(charted, group) })) });
  return (
    <figure className="lantern-figure">
      <figcaption className="text-bold">{caption}</figcaption>
      {chart && <BarChart alt={t('outcomes.chartAlt', { subject: chart.subject })} unit={context.units.get(charted) ?? 'proportion'} bars={chart.bars} />}
      <DataTable caption={caption} captionDisplay="hidden" columns={[t('outcomes.groupHeader'), ...indicators.map(indicatorName)]}>
        {groups.map((group) => (
          <tr key={group}>
            <th scope="row">{groupName(group)}</th>
            {indicators.map((indicator) => (
              <ValueCell key={indicator} value={cell(indicator, group)} context={context} />
            ))}
          </tr>
        ))}
      </DataTable>
    </figure>
  );
}

/** Why a value is not shown, in words; undefined when it is shown (a coded rate is shown as its bound). */
export function useWithheldReason() {
  const { t } = useLanguage();
  return (value: PublicIndicatorValue, minimumN: number) => (value.value === null && value.reason ? t(`outcomes.withheld.${value.reason}`, { minimumN }) : undefined);
}

/** One value in a table: the number and its n, a withheld value's reason in words, or that no value is released. */
export function ValueCell({ value, context }: { value: PublicIndicatorValue | undefined; context: IndicatorContext }) {
  const { t, number } = useLanguage();
  const format = useIndicatorFormat();
  const withheld = useWithheldReason();
  if (!value) return <td className="lantern-absent">{t('outcomes.notReleased')}</td>;
  const reason = withheld(value, context.minimumN);
  if (reason) {
    return (
      <td className="lantern-withheld" data-reason={value.reason}>
        {reason}
        {value.n !== null && <span className="lantern-n">{t('outcomes.count', { n: number(value.n) })}</span>}
      </td>
    );
  }
  const unit = context.units.get(value.indicator) ?? 'proportion';
  return (
    <td>
      {value.value === null ? t('outcomes.none') : format(unit, value.value, value.coded)}
      {value.n !== null && <span className="lantern-n">{t('outcomes.count', { n: number(value.n) })}</span>}
    </td>
  );
}

const BAR_HEIGHT = 24;
const LABEL_WIDTH = 260;
const BAR_AREA = 280;
const VALUE_WIDTH = 140;

/** Horizontal bars around zero when values can be negative (growth); a withheld or missing value has no bar. The role="img" label speaks for the text inside. */
export function BarChart({ alt, unit, bars }: { alt: string; unit: IndicatorUnit; bars: Array<{ label: string; value: PublicIndicatorValue | undefined }> }) {
  const { t } = useLanguage();
  const format = useIndicatorFormat();
  const numbers = bars.map(({ value }) => value?.value ?? 0);
  const low = Math.min(0, ...numbers);
  const high = Math.max(unit === 'proportion' ? 1 : 0, ...numbers);
  const scale = (value: number) => ((value - low) / (high - low || 1)) * BAR_AREA;
  const zero = LABEL_WIDTH + scale(0);
  const height = bars.length * BAR_HEIGHT + 8;
  return (
    <svg className="lantern-chart" viewBox={`0 0 ${LABEL_WIDTH + BAR_AREA + VALUE_WIDTH} ${height}`} role="img" aria-label={alt}>
      {bars.map(({ label, value }, index) => {
        const y = index * BAR_HEIGHT + 4;
        const shown = value?.value ?? null;
        const start = shown === null ? zero : Math.min(zero, LABEL_WIDTH + scale(shown));
        const width = shown === null ? 0 : Math.abs(LABEL_WIDTH + scale(shown) - zero);
        return (
          // By place: two compared schools may share a name.
          <g key={index}>
            <text x={LABEL_WIDTH - 8} y={y + 16} textAnchor="end">
              {label}
            </text>
            <rect x={start} y={y + 3} width={width} height={BAR_HEIGHT - 6} className="lantern-chart__bar" />
            <text x={LABEL_WIDTH + BAR_AREA + 8} y={y + 16}>
              {value === undefined ? t('outcomes.notReleased') : shown === null ? t('outcomes.noBar') : format(unit, shown, value.coded)}
            </text>
          </g>
        );
      })}
      <line x1={zero} x2={zero} y1={0} y2={height} className="lantern-chart__axis" />
    </svg>
  );
}
