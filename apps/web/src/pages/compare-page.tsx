import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, getIndicatorDictionary, getOrganisationIndicators, getSchool, type PublicIndicatorValue, type PublicSchool, searchSchools } from '../api/public-api';
import { useApi } from '../api/use-api';
import { BarChart, type IndicatorContext, indicatorContextOf, ValueCell } from '../components/indicator-figure';
import { PageHeading } from '../components/page-heading';
import { SchoolSearchForm } from '../components/school-search-form';
import { Loading } from '../components/status';
import { schoolYearName, useLanguage } from '../i18n/i18n';
import { comparedSchoolIds, comparisonPath, MAX_COMPARED, rememberComparison, rememberedComparison } from './comparison';
import { useChosenYear, YearChooser } from './outcome-sections';
import { DataTable } from '../components/data-table';

/** The key indicators compared, for all students: growth, 4-year graduation, chronic absence, college the first fall, spending per pupil. */
const COMPARED = ['growth-ela', 'growth-math', 'graduation-4-year', 'chronic-absenteeism', 'postsecondary-first-fall', 'ppe-total'];

interface ComparedSchool {
  school: PublicSchool;
  /** Its released values of the compared indicators for all students. */
  values: PublicIndicatorValue[];
}

interface Comparison {
  schools: ComparedSchool[];
  /** Ids in the address that no school in the directory has. */
  unknownIds: string[];
  /** Undefined when no year is released yet. */
  schoolYear: number | undefined;
  releasedYears: number[];
  context: IndicatorContext;
}

const notFoundAsUndefined = (error: unknown) => {
  if (error instanceof ApiError && error.status === 404) return undefined;
  throw error;
};

/** Each school's directory facts and released values of one year: the chosen year, else the latest released, the same for every school. */
async function loadComparison(schoolIds: readonly string[], year: number | undefined, signal: AbortSignal): Promise<Comparison> {
  const dictionary = await getIndicatorDictionary(signal);
  const schoolYear = year ?? dictionary.releasedYears[0];
  const loaded = await Promise.all(
    schoolIds.map(async (schoolId) => {
      const [school, indicators] = await Promise.all([
        getSchool(schoolId, signal).catch(notFoundAsUndefined),
        schoolYear === undefined ? undefined : getOrganisationIndicators('school', schoolId, schoolYear, signal),
      ]);
      return { schoolId, school, values: indicators?.values.filter((value) => value.group === 'all' && COMPARED.includes(value.indicator)) ?? [] };
    }),
  );
  return {
    schools: loaded.flatMap(({ school, values }) => (school ? [{ school, values }] : [])),
    unknownIds: loaded.filter(({ school }) => !school).map(({ schoolId }) => schoolId),
    schoolYear,
    releasedYears: dictionary.releasedYears,
    context: indicatorContextOf(dictionary),
  };
}

/**
 * Up to four schools side by side (/compare?schools=id,id): the schools are in the address, so a reload or a
 * shared link shows the same comparison; a bare /compare opens the one this device last showed.
 */
export function ComparePage() {
  const { t } = useLanguage();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const year = useChosenYear();
  const parameter = searchParams.get('schools');
  const requested = comparedSchoolIds(parameter);
  const schoolIds = requested.slice(0, MAX_COMPARED);
  const key = schoolIds.join(',');
  const comparison = useApi(`${key}/${year}`, (signal) => loadComparison(schoolIds, year, signal));
  const [refused, setRefused] = useState<string>();
  const chosenHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const remembered = rememberedComparison();
    if (parameter === null && remembered.length > 0) void navigate(comparisonPath(remembered, year), { replace: true });
  }, [parameter]);
  // What the page shows is what a school page's "Add to comparison" continues: ids no school has are left out.
  const shown = comparison.state === 'loaded' ? comparison.value.schools.map(({ school }) => school.schoolId) : undefined;
  useEffect(() => {
    if (parameter !== null && shown) rememberComparison(shown);
  }, [parameter, shown?.join(',')]);

  const choose = (ids: string[]) => {
    setRefused(undefined);
    void navigate(comparisonPath(ids, year));
  };
  const add = (school: PublicSchool) => {
    if (schoolIds.includes(school.schoolId)) return;
    if (schoolIds.length >= MAX_COMPARED) setRefused(school.name);
    else choose([...schoolIds, school.schoolId]);
  };
  const remove = (schoolId: string) => {
    choose(schoolIds.filter((id) => id !== schoolId));
    // The button is gone with its school: keep the reader's place at the list.
    chosenHeading.current?.focus();
  };

  return (
    <>
      <PageHeading title={t('compare.title')} />
      <p className="usa-intro">{t('compare.intro')}</p>
      {requested.length > MAX_COMPARED && <Notice text={t('compare.tooMany')} />}
      <section aria-labelledby="compared-heading" className="margin-top-4">
        <h2 id="compared-heading" ref={chosenHeading} tabIndex={-1} className="lantern-heading">
          {t('compare.chosenHeading')}
        </h2>
        {schoolIds.length === 0 ? (
          <p>{t('compare.noneChosen')}</p>
        ) : comparison.state === 'loading' ? (
          <Loading />
        ) : comparison.state === 'failed' ? (
          <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{t('status.errorBody')}</p>
            </div>
          </div>
        ) : (
          <ComparedSchools comparison={comparison.value} onRemove={remove} />
        )}
      </section>
      {comparison.state === 'loaded' && comparison.value.schools.length > 0 && <ComparedNumbers comparison={comparison.value} />}
      <section aria-labelledby="add-heading" className="margin-top-4">
        <h2 id="add-heading">{t('compare.addHeading')}</h2>
        {refused && (
          <div className="usa-alert usa-alert--warning usa-alert--slim" role="alert">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{t('compare.full', { school: refused })}</p>
            </div>
          </div>
        )}
        <AddSchoolSearch chosen={schoolIds} onAdd={add} />
      </section>
    </>
  );
}

function Notice({ text }: { text: string }) {
  return (
    <div className="usa-alert usa-alert--info usa-alert--slim">
      <div className="usa-alert__body">
        <p className="usa-alert__text">{text}</p>
      </div>
    </div>
  );
}

function ComparedSchools({ comparison, onRemove }: { comparison: Comparison; onRemove: (schoolId: string) => void }) {
  const { t, list } = useLanguage();
  return (
    <>
      {comparison.unknownIds.length > 0 && <Notice text={t('compare.notFound', { count: comparison.unknownIds.length, ids: list(comparison.unknownIds) })} />}
      {comparison.schools.length === 0 ? (
        <p>{t('compare.noneChosen')}</p>
      ) : (
        <ul className="usa-list usa-list--unstyled lantern-compared">
          {comparison.schools.map(({ school }) => (
            <li key={school.schoolId}>
              <Link className="usa-link" to={`/schools/${school.schoolId}`}>
                {school.name}
              </Link>
              <button type="button" className="usa-button usa-button--unstyled" onClick={() => onRemove(school.schoolId)}>
                {t('compare.remove', { school: school.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The numbers as a table (a row per school) and a bar chart per indicator, each withheld value marked with its reason as on the school's page. */
function ComparedNumbers({ comparison }: { comparison: Comparison }) {
  const { t } = useLanguage();
  const { schools, schoolYear, context } = comparison;
  // Spending's own name ("All funds") reads right only under its section's heading.
  const indicatorName = (indicator: string) => (indicator === 'ppe-total' ? t('outcomes.spending.heading') : t(`outcomes.indicator.${indicator}`));
  const valueOf = ({ values }: ComparedSchool, indicator: string) => values.find((value) => value.indicator === indicator);
  if (schoolYear === undefined) {
    return (
      <section aria-labelledby="numbers-heading" className="margin-top-4">
        <h2 id="numbers-heading">{t('compare.numbersHeading')}</h2>
        <p>{t('compare.noneReleased')}</p>
      </section>
    );
  }
  const caption = t('compare.caption', { year: schoolYearName(schoolYear) });
  return (
    <section aria-labelledby="numbers-heading" className="margin-top-4">
      <h2 id="numbers-heading">{t('compare.numbersHeading')}</h2>
      <YearChooser shown={schoolYear} years={comparison.releasedYears} />
      <DataTable caption={caption} columns={[t('compare.schoolHeader'), ...COMPARED.map(indicatorName)]}>
        {schools.map((compared) => (
          <tr key={compared.school.schoolId}>
            <th scope="row">
              {compared.school.name}
              {compared.school.district?.name && <span className="lantern-n">{compared.school.district.name}</span>}
            </th>
            {COMPARED.map((indicator) => (
              <ValueCell key={indicator} value={valueOf(compared, indicator)} context={context} />
            ))}
          </tr>
        ))}
      </DataTable>
      {COMPARED.filter((indicator) => schools.some((compared) => valueOf(compared, indicator))).map((indicator) => (
        <figure key={indicator} className="lantern-figure">
          <figcaption className="text-bold">{indicatorName(indicator)}</figcaption>
          <BarChart
            alt={t('outcomes.chartAlt', { subject: t('compare.bySchool', { indicator: indicatorName(indicator) }) })}
            unit={context.units.get(indicator) ?? 'proportion'}
            bars={schools.map((compared) => ({ label: compared.school.name, value: valueOf(compared, indicator) }))}
          />
        </figure>
      ))}
    </section>
  );
}

/** A search of the directory whose results each have a button that adds the school. */
function AddSchoolSearch({ chosen, onAdd }: { chosen: readonly string[]; onAdd: (school: PublicSchool) => void }) {
  const [searched, setSearched] = useState<string>();
  return (
    <>
      <SchoolSearchForm onSearch={setSearched} />
      {searched !== undefined && <SearchResults query={searched} chosen={chosen} onAdd={onAdd} />}
    </>
  );
}

function SearchResults({ query, chosen, onAdd }: { query: string; chosen: readonly string[]; onAdd: (school: PublicSchool) => void }) {
  const { t, number } = useLanguage();
  const results = useApi(query, (signal) => searchSchools({ q: query }, signal));
  if (results.state === 'loading') return <Loading />;
  if (results.state === 'failed') return <p role="alert">{t('status.errorBody')}</p>;
  const { schools, total } = results.value;
  if (total === 0) return <p role="status">{t('results.none')}</p>;
  return (
    <>
      <p role="status" className="margin-top-2">
        {t('results.summary', { count: total, total: number(total) })}
      </p>
      <ul className="usa-list usa-list--unstyled lantern-compared">
        {schools.map((school) => (
          <li key={school.schoolId}>
            <span>
              {school.name}
              {(school.district?.name || school.address) && <span className="lantern-n">{[school.district?.name, school.address?.city].filter(Boolean).join(' · ')}</span>}
            </span>
            {chosen.includes(school.schoolId) ? (
              <span className="text-italic">{t('compare.inComparison')}</span>
            ) : (
              <button type="button" className="usa-button usa-button--outline usa-button--small" onClick={() => onAdd(school)}>
                {t('compare.add', { school: school.name })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
