import { useState } from 'react';
import { useNavigate } from 'react-router';
import { schoolYearName, useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { type AgreementTerms, elementName, type ExtractPolicyReview, type ExtractSpecification, type ResearchProject } from './research-shared';

type Criteria = Extract<AgreementTerms['population'], { kind: 'cohort' }>['criteria'];
type CriterionName = Exclude<keyof Criteria, 'sectors'>;
const CRITERIA: readonly CriterionName[] = ['districts', 'schools', 'grades', 'schoolYears', 'programs', 'institutions'];
type Chosen = Partial<Record<CriterionName, Array<string | number>>>;

/** School year 2026 runs from July 2025 to June 2026 (Ed-Fi's convention: named by the year it ends). */
const yearStart = (year: number) => `${year - 1}-07-01`;
const yearEnd = (year: number) => `${year}-06-30`;

/** The school years a request may span: the agreement's own when its cohort names them, else those from five before it took effect to its expiry. */
function offeredYears(terms: AgreementTerms, criteria: Criteria): number[] {
  if (criteria.schoolYears) return [...criteria.schoolYears].sort();
  const first = new Date(terms.effectiveDate).getUTCFullYear() - 5;
  const last = new Date(terms.expiresAt).getUTCFullYear();
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/**
 * The extract request builder: every choice comes from the agreement's terms (its elements, its
 * cohort, its school years, tables over the chosen elements), and the policy decision on the draft
 * is shown before it can be submitted; a changed draft needs a new decision.
 */
export function ExtractRequestBuilder({ project, terms }: { project: ResearchProject; terms: AgreementTerms | undefined }) {
  const { t } = useLanguage();
  if (!terms) return <ConsoleEmpty message={t('console.research.builder.notInForce')} />;
  // A statewide agreement covers every school: they are chosen from the hub's school directory.
  if (terms.population.kind === 'statewide') return <Builder project={project} terms={terms} criteria={{ sectors: ['k12'] }} statewide />;
  if (terms.population.kind !== 'cohort') return <ConsoleEmpty message={t('console.research.builder.noCohort')} />;
  return <Builder project={project} terms={terms} criteria={terms.population.criteria} statewide={false} />;
}

function Builder({ project, terms, criteria, statewide }: { project: ResearchProject; terms: AgreementTerms; criteria: Criteria; statewide: boolean }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const navigate = useNavigate();
  const years = offeredYears(terms, criteria);
  const [elements, setElements] = useState<string[]>([]);
  const [chosen, setChosen] = useState<Chosen>({});
  const [fromYear, setFromYear] = useState(years[0]);
  const [toYear, setToYear] = useState(years[years.length - 1]);
  const [table, setTable] = useState({ rows: '', columns: '' });
  const [review, setReview] = useState<{ draft: string; decision: ExtractPolicyReview }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const cohort = Object.fromEntries(CRITERIA.filter((name) => (chosen[name] ?? []).length > 0).map((name) => [name, chosen[name]])) as ExtractSpecification['cohort'];
  const specification: ExtractSpecification = {
    cohort,
    elements,
    timeSpan: { from: yearStart(Math.min(fromYear, toYear)), to: yearEnd(Math.max(fromYear, toYear)) },
    ...(table.rows && table.columns ? { tables: [{ rows: table.rows, columns: table.columns }] } : {}),
  };
  const draft = JSON.stringify(specification);
  const complete = elements.length > 0 && (cohort.districts !== undefined || cohort.schools !== undefined);
  const checked = review?.draft === draft ? review.decision : undefined;

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await step();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const check = () =>
    run(async () => {
      const decision = answerOf(await client.POST('/research/projects/{id}/extract-requests/policy-preview', { params: { path: { id: project.id } }, body: specification }));
      setReview({ draft, decision });
    });
  const submit = () =>
    run(async () => {
      const request = answerOf(await client.POST('/research/projects/{id}/extract-requests', { params: { path: { id: project.id } }, body: specification }));
      await navigate(`/console/extracts/${request.id}`);
    });
  const toggle = (name: CriterionName, value: string | number) =>
    setChosen((current) => {
      const values = current[name] ?? [];
      return { ...current, [name]: values.includes(value) ? values.filter((candidate) => candidate !== value) : [...values, value] };
    });
  const toggleElement = (key: string) => setElements((current) => (current.includes(key) ? current.filter((candidate) => candidate !== key) : [...current, key]));
  const optionLabel = (name: CriterionName, value: string | number) =>
    name === 'districts'
      ? t('console.research.builder.district', { id: value })
      : name === 'schools'
        ? t('console.research.builder.school', { id: value })
        : name === 'schoolYears'
          ? schoolYearName(Number(value))
          : String(value);

  return (
    <section aria-labelledby="builder-heading">
      <h2 id="builder-heading">{t('console.research.builder.heading')}</h2>
      <p>{t('console.research.builder.intro')}</p>
      <form className="usa-form usa-form--large" onSubmit={(event) => event.preventDefault()}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend text-bold">{t('console.research.builder.elements')}</legend>
          <p className="usa-hint">{t('console.research.builder.elementsHint')}</p>
          {terms.elements.map((element) => {
            const key = elementName(element);
            const id = `element-${key}`;
            return (
              <div className="usa-checkbox" key={key}>
                <input className="usa-checkbox__input" id={id} type="checkbox" checked={elements.includes(key)} onChange={() => toggleElement(key)} />
                <label className="usa-checkbox__label" htmlFor={id}>
                  {t('console.research.builder.element', { element: key, granularity: element.granularity })}
                </label>
              </div>
            );
          })}
        </fieldset>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend text-bold">{t('console.research.builder.population')}</legend>
          <p className="usa-hint">{t('console.research.builder.populationHint')}</p>
          {statewide && <DirectorySchools chosen={(chosen.schools ?? []).map(Number)} onToggle={(school) => toggle('schools', school)} />}
          {CRITERIA.filter((name) => criteria[name] !== undefined).map((name) => (
            <fieldset className="usa-fieldset margin-top-2" key={name}>
              <legend className="usa-legend">{t(`console.research.builder.${name}`)}</legend>
              {(criteria[name] ?? []).map((value) => {
                const id = `criterion-${name}-${value}`;
                return (
                  <div className="usa-checkbox" key={id}>
                    <input className="usa-checkbox__input" id={id} type="checkbox" checked={(chosen[name] ?? []).includes(value)} onChange={() => toggle(name, value)} />
                    <label className="usa-checkbox__label" htmlFor={id}>
                      {optionLabel(name, value)}
                    </label>
                  </div>
                );
              })}
            </fieldset>
          ))}
        </fieldset>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend text-bold">{t('console.research.builder.timeSpan')}</legend>
          <p className="usa-hint">{t('console.research.builder.timeSpanHint')}</p>
          <label className="usa-label" htmlFor="builder-from-year">
            {t('console.research.builder.fromYear')}
          </label>
          <select className="usa-select" id="builder-from-year" value={fromYear} onChange={(event) => setFromYear(Number(event.target.value))}>
            {years.map((year) => (
              <option key={year} value={year}>
                {schoolYearName(year)}
              </option>
            ))}
          </select>
          <label className="usa-label" htmlFor="builder-to-year">
            {t('console.research.builder.toYear')}
          </label>
          <select className="usa-select" id="builder-to-year" value={toYear} onChange={(event) => setToYear(Number(event.target.value))}>
            {years.map((year) => (
              <option key={year} value={year}>
                {schoolYearName(year)}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend text-bold">{t('console.research.builder.outputs')}</legend>
          <p>
            {t('console.research.builder.outputRules', {
              dataLevel: t(`console.research.builder.dataLevel.${terms.outputRules.dataLevel}`),
              k: terms.outputRules.k,
              minimumCellSize: terms.outputRules.minimumCellSize,
            })}
          </p>
          {(['rows', 'columns'] as const).map((axis) => (
            <div key={axis}>
              <label className="usa-label" htmlFor={`builder-table-${axis}`}>
                {t(axis === 'rows' ? 'console.research.builder.tableRows' : 'console.research.builder.tableColumns')}
              </label>
              <select className="usa-select" id={`builder-table-${axis}`} value={table[axis]} onChange={(event) => setTable({ ...table, [axis]: event.target.value })}>
                <option value="">{t('console.research.builder.noTable')}</option>
                {elements.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
        {error !== undefined && <ConsoleProblem error={error} />}
        {!complete && <p className="usa-hint">{t('console.research.builder.incomplete')}</p>}
        {complete && !checked && <p className="usa-hint">{t('console.research.builder.needsCheck')}</p>}
        {checked && <PolicyDecision decision={checked} />}
        <div className="margin-top-3">
          <button type="button" className="usa-button usa-button--outline" disabled={!complete || busy} onClick={() => void check()}>
            {busy ? t('console.research.builder.checking') : t('console.research.builder.check')}
          </button>
          <button type="button" className="usa-button" disabled={!checked || checked.decision !== 'allow' || busy} onClick={() => void submit()}>
            {t('console.research.builder.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** What the policy decision point said: allow or deny, its reasons, and on allow the elements at the detail released and the output rules. */
export function PolicyDecision({ decision }: { decision: ExtractPolicyReview }) {
  const { t } = useLanguage();
  const allowed = decision.decision === 'allow';
  return (
    <div className={`usa-alert ${allowed ? 'usa-alert--success' : 'usa-alert--warning'}`} role="status" aria-live="polite">
      <div className="usa-alert__body">
        <h3 className="usa-alert__heading">{t(allowed ? 'console.research.builder.allowed' : 'console.research.builder.denied')}</h3>
        <p className="usa-alert__text">{t('console.research.builder.reasons')}</p>
        <ul>
          {decision.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        {allowed && decision.elements && (
          <>
            <p className="usa-alert__text">{t('console.research.builder.allowedElements')}</p>
            <ul>
              {decision.elements.map((element) => (
                <li key={elementName(element)}>{t('console.research.builder.element', { element: elementName(element), granularity: element.granularity })}</li>
              ))}
            </ul>
          </>
        )}
        {!allowed && <p className="usa-alert__text">{t('console.research.builder.deniedNote')}</p>}
      </div>
    </div>
  );
}

type DirectorySchool = { schoolId: number; name: string };

/**
 * Schools for a statewide agreement's cohort, found in the hub's public school directory by
 * name, district or city; the schools chosen stay listed while the search changes.
 */
function DirectorySchools({ chosen, onToggle }: { chosen: number[]; onToggle: (schoolId: number) => void }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [found, setFound] = useState<DirectorySchool[]>([]);
  const [known, setKnown] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>();
  const [query, setQuery] = useState('');
  const search = async () => {
    setError(undefined);
    try {
      const page = answerOf(await client.GET('/public/schools', { params: { query: { q: query } } }));
      const schools = page.schools.map((school) => ({ schoolId: Number(school.schoolId), name: school.district?.name ? `${school.name}, ${school.district.name}` : school.name }));
      setFound(schools);
      setKnown((current) => ({ ...current, ...Object.fromEntries(schools.map((school) => [school.schoolId, school.name])) }));
    } catch (failure) {
      setError(failure);
    }
  };
  const listed = [...chosen.filter((schoolId) => !found.some((school) => school.schoolId === schoolId)).map((schoolId) => ({ schoolId, name: known[schoolId] ?? '' })), ...found];
  return (
    <fieldset className="usa-fieldset margin-top-2">
      <legend className="usa-legend">{t('console.research.builder.schools')}</legend>
      <p className="usa-hint">{t('console.research.builder.directoryHint')}</p>
      <label className="usa-label" htmlFor="builder-school-search">
        {t('console.research.builder.directorySearch')}
      </label>
      <input className="usa-input" id="builder-school-search" value={query} onChange={(event) => setQuery(event.target.value)} />
      <button type="button" className="usa-button usa-button--outline margin-top-1" onClick={() => void search()}>
        {t('console.research.builder.directoryFind')}
      </button>
      {error !== undefined && <ConsoleProblem error={error} />}
      {listed.map(({ schoolId, name }) => (
        <div className="usa-checkbox" key={schoolId}>
          <input className="usa-checkbox__input" id={`directory-school-${schoolId}`} type="checkbox" checked={chosen.includes(schoolId)} onChange={() => onToggle(schoolId)} />
          <label className="usa-checkbox__label" htmlFor={`directory-school-${schoolId}`}>
            {t('console.research.builder.directorySchool', { name, id: schoolId })}
          </label>
        </div>
      ))}
    </fieldset>
  );
}
