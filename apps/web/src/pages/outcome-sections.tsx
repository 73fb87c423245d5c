import { type ComponentType } from 'react';
import { useSearchParams } from 'react-router';
import {
  getIndicatorDictionary,
  getOrganisationIndicators,
  type OutcomeLevel,
  organisationIndicatorsCsvUrl,
  type PublicIndicatorValue,
  type PublicOrganisationIndicators,
} from '../api/public-api';
import { useApi } from '../api/use-api';
import { IndicatorFigure, type IndicatorContext, indicatorContextOf, useGroupName, useIndicatorFormat } from '../components/indicator-figure';
import { Loading } from '../components/status';
import { schoolYearName, useLanguage } from '../i18n/i18n';
import { DataTable } from '../components/data-table';

/** A school's, district's or the state's released indicator values for one year, with what the figures need to show them. */
export interface Outcomes {
  indicators: PublicOrganisationIndicators & { schoolYear: number };
  context: IndicatorContext;
}

/**
 * The indicator sections of a school's, district's or the state's page, in order; a section whose indicators
 * have no released value is left out (a section never stands in for data that does not exist).
 */
interface OutcomeSection {
  /** The section's element id, for links to it. */
  id: string;
  Section: ComponentType<{ outcomes: Outcomes; headingId: string }>;
  shows: (outcomes: Outcomes) => boolean;
}

const GROWTH = ['growth-ela', 'growth-math', 'median-sgp-ela', 'median-sgp-math'];
const SPENDING = ['ppe-total', 'ppe-federal', 'ppe-state-local'];
const GRADUATION = ['graduation-4-year', 'graduation-5-year'];
const ABSENCE = ['chronic-absenteeism'];
const AFTER_HIGH_SCHOOL = [
  'postsecondary-first-fall',
  'postsecondary-16-months',
  'credential-6-years',
  'employed-year-1',
  'employed-year-5',
  'median-quarterly-wage-year-1',
  'median-quarterly-wage-year-5',
];

const hasAny = (indicators: readonly string[]) => (outcomes: Outcomes) => outcomes.indicators.values.some((value) => indicators.includes(value.indicator));
const valuesOf = (outcomes: Outcomes, indicators: readonly string[]): PublicIndicatorValue[] => outcomes.indicators.values.filter((value) => indicators.includes(value.indicator));

const OUTCOME_SECTIONS: readonly OutcomeSection[] = [
  { id: 'growth', Section: GrowthAndSpending, shows: hasAny([...GROWTH, ...SPENDING]) },
  { id: 'graduation', Section: indicatorSection('graduation', GRADUATION, { intro: false }), shows: hasAny(GRADUATION) },
  { id: 'chronic-absence', Section: indicatorSection('absence', ABSENCE, { intro: true }), shows: hasAny(ABSENCE) },
  { id: 'after-high-school', Section: indicatorSection('afterHighSchool', AFTER_HIGH_SCHOOL, { intro: true }), shows: hasAny(AFTER_HIGH_SCHOOL) },
  { id: 'plan', Section: PlanGoals, shows: (outcomes) => !!outcomes.indicators.planGoals?.length },
];

/** The open data of a section: the school's (district's, state's) released values of the section's indicators for the year, as CSV. */
function CsvLink({ outcomes: { indicators }, of }: { outcomes: Outcomes; of: readonly string[] }) {
  const { t } = useLanguage();
  const year = indicators.schoolYear;
  return (
    <p>
      <a className="usa-link" href={organisationIndicatorsCsvUrl(indicators.level, indicators.organisationId, year, of)} download>
        {t('outcomes.download', { year: schoolYearName(year) })}
      </a>
    </p>
  );
}

/** A section of rates or amounts by student group: heading, an optional introduction, the figure and the CSV. */
function indicatorSection(
  messages: 'graduation' | 'absence' | 'afterHighSchool',
  indicators: readonly string[],
  { intro }: { intro: boolean },
): ComponentType<{ outcomes: Outcomes; headingId: string }> {
  function IndicatorSection({ outcomes, headingId }: { outcomes: Outcomes; headingId: string }) {
    const { t } = useLanguage();
    const year = schoolYearName(outcomes.indicators.schoolYear);
    return (
      <>
        <h2 id={headingId}>{t(`outcomes.${messages}.heading`)}</h2>
        {intro && <p>{t(`outcomes.${messages}.intro`, { year })}</p>}
        <IndicatorFigure caption={t(`outcomes.${messages}.caption`, { year })} indicators={indicators} values={valuesOf(outcomes, indicators)} context={outcomes.context} />
        <CsvLink outcomes={outcomes} of={indicators} />
      </>
    );
  }
  return IndicatorSection;
}

/** Growth, what it means and how it differs from proficiency, and spending per pupil beside it. */
function GrowthAndSpending({ outcomes, headingId }: { outcomes: Outcomes; headingId: string }) {
  const { t } = useLanguage();
  const year = schoolYearName(outcomes.indicators.schoolYear);
  const growth = valuesOf(outcomes, GROWTH);
  const spending = valuesOf(outcomes, SPENDING);
  return (
    <>
      <h2 id={headingId}>{t('outcomes.growth.heading')}</h2>
      <p>{t('outcomes.growth.whatItMeans')}</p>
      <p>{t('outcomes.growth.notProficiency')}</p>
      {growth.length > 0 && <IndicatorFigure caption={t('outcomes.growth.caption', { year })} indicators={GROWTH} values={growth} context={outcomes.context} />}
      {spending.length > 0 && (
        <>
          <h3>{t('outcomes.spending.heading')}</h3>
          <p>{t('outcomes.spending.intro')}</p>
          <IndicatorFigure caption={t('outcomes.spending.caption', { year })} indicators={SPENDING} values={spending} context={outcomes.context} />
        </>
      )}
      <CsvLink outcomes={outcomes} of={[...GROWTH, ...SPENDING]} />
    </>
  );
}

/** The school plan's goals: each goal's indicator and group, baseline, target, latest published value and progress. */
function PlanGoals({ outcomes, headingId }: { outcomes: Outcomes; headingId: string }) {
  const { t } = useLanguage();
  const groupName = useGroupName();
  const format = useIndicatorFormat();
  const { planGoals = [] } = outcomes.indicators;
  const unitOf = (indicator: string) => outcomes.context.units.get(indicator) ?? 'proportion';
  const point = (indicator: string, { schoolYear, value }: { schoolYear: number; value: number }) =>
    t('outcomes.plan.yearValue', { value: format(unitOf(indicator), value), year: schoolYearName(schoolYear) });
  const caption = t('outcomes.plan.caption');
  return (
    <>
      <h2 id={headingId}>{t('outcomes.plan.heading')}</h2>
      <DataTable caption={caption} columns={[t('outcomes.plan.goal'), t('outcomes.plan.baseline'), t('outcomes.plan.target'), t('outcomes.plan.latest'), t('outcomes.plan.status')]}>
        {planGoals.map((goal) => (
          <tr key={goal.goalId}>
            <th scope="row">
              {t(`outcomes.indicator.${goal.indicator}`)} ({groupName(goal.group)})
            </th>
            <td>{point(goal.indicator, goal.baseline)}</td>
            <td>{point(goal.indicator, goal.target)}</td>
            <td>{goal.latest?.value === undefined ? '—' : point(goal.indicator, { schoolYear: goal.latest.schoolYear, value: goal.latest.value })}</td>
            <td>{t(`outcomes.plan.statuses.${goal.status}`)}</td>
          </tr>
        ))}
      </DataTable>
      {/* The released values of the indicators the goals follow. */}
      <CsvLink outcomes={outcomes} of={[...new Set(planGoals.map((goal) => goal.indicator))]} />
    </>
  );
}

/** The released values of the year in `?year=` (the latest released by default), and the released years to choose from. */
async function loadOutcomes(level: OutcomeLevel, organisationId: string, year: number | undefined, signal: AbortSignal) {
  const [indicators, dictionary] = await Promise.all([getOrganisationIndicators(level, organisationId, year, signal), getIndicatorDictionary(signal)]);
  const { schoolYear } = indicators;
  const context = indicatorContextOf(dictionary);
  const released = schoolYear !== null && (indicators.values.length > 0 || (indicators.planGoals?.length ?? 0) > 0);
  return { outcomes: released ? { indicators: { ...indicators, schoolYear }, context } : undefined, releasedYears: dictionary.releasedYears };
}

/** The school year in the page's `?year=`; undefined for the latest released. */
export function useChosenYear(): number | undefined {
  const [searchParams] = useSearchParams();
  return Number(searchParams.get('year')) || undefined;
}

/** A school's, district's or the state's indicator sections for the chosen school year, or a plain statement that nothing is released. */
export function ReleasedOutcomes({ level, organisationId }: { level: OutcomeLevel; organisationId: string }) {
  const { t } = useLanguage();
  const year = useChosenYear();
  const loaded = useApi(`${level}/${organisationId}/${year}`, (signal) => loadOutcomes(level, organisationId, year, signal));
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'failed') {
    return (
      <div className="usa-alert usa-alert--error usa-alert--slim margin-top-4" role="alert">
        <div className="usa-alert__body">
          <p className="usa-alert__text">{t('status.errorBody')}</p>
        </div>
      </div>
    );
  }
  const { outcomes, releasedYears } = loaded.value;
  if (!outcomes) return <p className="margin-top-4">{t(`outcomes.noneReleased.${level}`)}</p>;
  return (
    <>
      <YearChooser shown={outcomes.indicators.schoolYear} years={releasedYears} />
      {OUTCOME_SECTIONS.filter(({ shows }) => shows(outcomes)).map(({ id, Section }) => (
        <section key={id} id={id} aria-labelledby={`${id}-heading`} className="margin-top-4">
          <Section outcomes={outcomes} headingId={`${id}-heading`} />
        </section>
      ))}
    </>
  );
}

/** The released school years, when there are several: a form (changing the select alone changes nothing, WCAG 3.2.2). The page's other parameters stay. */
export function YearChooser({ shown, years }: { shown: number; years: number[] }) {
  const { t } = useLanguage();
  const [, setSearchParams] = useSearchParams();
  if (years.length < 2) return <p className="margin-top-4">{t('outcomes.schoolYear', { year: schoolYearName(shown) })}</p>;
  return (
    <form
      className="usa-form margin-top-4"
      onSubmit={(event) => {
        event.preventDefault();
        const year = String(new FormData(event.currentTarget).get('year'));
        setSearchParams((parameters) => {
          parameters.set('year', year);
          return parameters;
        });
      }}
    >
      <label className="usa-label" htmlFor="school-year">
        {t('outcomes.yearLabel')}
      </label>
      <div className="lantern-search__row">
        <select className="usa-select" id="school-year" name="year" defaultValue={shown} key={shown}>
          {years.map((year) => (
            <option key={year} value={year}>
              {schoolYearName(year)}
            </option>
          ))}
        </select>
        <button className="usa-button" type="submit">
          {t('outcomes.showYear')}
        </button>
      </div>
    </form>
  );
}
