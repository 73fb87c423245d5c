import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { components } from '../../api/generated/hub-api';
import { searchSchools } from '../../api/public-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { schoolYearName, useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';

type WatchList = components['schemas']['WatchList'];
type WatchListStudent = components['schemas']['WatchListStudent'];
type Thresholds = components['schemas']['EarlyWarningThresholds'];
type Indicator = WatchListStudent['flags'][number];

const ROLES = ['school', 'district'] as const;
const INDICATORS: readonly Indicator[] = ['attendance', 'behaviour', 'course-performance'];
const PAGE_SIZE = 20;

/** /console/watch-list: a school's (or, for a district, one of its schools') early-warning watch list, and a district's thresholds. */
export function WatchListPage() {
  const { t } = useLanguage();
  return (
    <ConsoleFrame title={t('console.watchList.title')} roles={ROLES}>
      <p className="usa-intro">{t('console.watchList.intro')}</p>
      <WatchListView />
    </ConsoleFrame>
  );
}

function WatchListView() {
  const { session } = useSignedIn();
  const [parameters] = useSearchParams();
  const isDistrict = session.role === 'district';
  const schoolId = isDistrict ? (parameters.get('school') ?? '') : session.organizationId;
  return (
    <>
      {isDistrict && <SchoolChoice districtId={session.organizationId} schoolId={schoolId} />}
      {schoolId && <SchoolWatchList schoolId={schoolId} canExport={!isDistrict} />}
      {isDistrict && <ThresholdSettings districtId={session.organizationId} />}
    </>
  );
}

/** A district person's choice of one of their schools, from the public school directory. */
function SchoolChoice({ districtId, schoolId }: { districtId: string; schoolId: string }) {
  const { t } = useLanguage();
  const [, setParameters] = useSearchParams();
  const schools = useApi(`watch-list-schools-${districtId}`, (signal) => searchSchools({ district: districtId }, signal));
  if (schools.state === 'loading') return <Loading />;
  if (schools.state === 'failed') return <ConsoleProblem error={schools.error} />;
  if (schools.value.schools.length === 0) return <ConsoleEmpty message={t('console.watchList.noSchools')} />;
  return (
    <div className="usa-form-group">
      <label className="usa-label" htmlFor="watch-list-school">
        {t('console.watchList.school')}
      </label>
      <select className="usa-select" id="watch-list-school" value={schoolId} onChange={(event) => setParameters(event.target.value ? { school: event.target.value } : {})}>
        <option value="">{t('console.watchList.chooseSchool')}</option>
        {schools.value.schools.map((school) => (
          <option key={school.schoolId} value={school.schoolId}>
            {school.name} ({school.schoolId})
          </option>
        ))}
      </select>
    </div>
  );
}

function SchoolWatchList({ schoolId, canExport }: { schoolId: string; canExport: boolean }) {
  const { t, number, day } = useLanguage();
  const { client } = useSignedIn();
  const [parameters, setParameters] = useSearchParams();
  const indicator = INDICATORS.find((candidate) => candidate === parameters.get('indicator'));
  const page = Math.max(1, Number.parseInt(parameters.get('page') ?? '1', 10) || 1);
  const [chosen, setChosen] = useState<string>(indicator ?? '');
  const list = useApi(`watch-list-${schoolId}-${indicator ?? ''}-${page}`, async (signal) =>
    answerOf(
      await client.GET('/early-warning/schools/{schoolId}/watch-list', {
        params: { path: { schoolId }, query: { ...(indicator ? { indicator } : {}), page, pageSize: PAGE_SIZE } },
        signal,
      }),
    ),
  );
  const withParameters = (changes: Record<string, string | undefined>) => {
    const next = Object.fromEntries(
      Object.entries({ school: parameters.get('school') ?? undefined, indicator, page: undefined, ...changes }).filter((entry): entry is [string, string] => !!entry[1]),
    );
    return next;
  };
  const exportHref = `/early-warning/schools/${encodeURIComponent(schoolId)}/watch-list?${new URLSearchParams({ format: 'csv', ...(indicator ? { indicator } : {}) })}`;
  return (
    <>
      <form
        className="usa-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setParameters(withParameters({ indicator: chosen || undefined }));
        }}
      >
        <label className="usa-label" htmlFor="watch-list-indicator">
          {t('console.watchList.indicator')}
        </label>
        <select className="usa-select" id="watch-list-indicator" value={chosen} onChange={(event) => setChosen(event.target.value)}>
          <option value="">{t('console.watchList.allIndicators')}</option>
          {INDICATORS.map((each) => (
            <option key={each} value={each}>
              {t(`console.watchList.indicators.${each}`)}
            </option>
          ))}
        </select>
        <button className="usa-button usa-button--outline" type="submit">
          {t('console.watchList.show')}
        </button>
      </form>
      {canExport && (
        <p>
          <a className="usa-link" href={exportHref} download>
            {t('console.watchList.exportCsv')}
          </a>{' '}
          <span className="usa-hint">{t('console.watchList.exportNote')}</span>
        </p>
      )}
      {list.state === 'loading' && <Loading />}
      {list.state === 'failed' && <ConsoleProblem error={list.error} />}
      {list.state === 'loaded' && (
        <>
          <p>
            {t('console.watchList.summary', { count: list.value.total, total: number(list.value.total), asOf: day(list.value.asOf), schoolYear: schoolYearName(list.value.schoolYear) })}{' '}
            {t(`console.watchList.thresholdSource.${list.value.thresholds.source}`)}
          </p>
          {list.value.students.length === 0 ? (
            // Each school year starts empty (early in July nothing counts yet): say so, not only that nobody is flagged.
            <ConsoleEmpty message={t('console.watchList.none', { schoolYear: schoolYearName(list.value.schoolYear), start: day(list.value.schoolYearStart) })} />
          ) : (
            <StudentsTable list={list.value} />
          )}
          <WatchListPages page={page} pages={Math.max(1, Math.ceil(list.value.total / PAGE_SIZE))} link={(target) => `?${new URLSearchParams(withParameters({ page: String(target) }))}`} />
        </>
      )}
    </>
  );
}

function StudentsTable({ list }: { list: WatchList }) {
  const { t } = useLanguage();
  return (
    <table className="usa-table usa-table--borderless usa-table--stacked">
      <caption>{t('console.watchList.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.watchList.student')}</th>
          <th scope="col">{t('console.watchList.studentId')}</th>
          <th scope="col">{t('console.watchList.flags')}</th>
          <th scope="col">{t('console.watchList.reasons')}</th>
        </tr>
      </thead>
      <tbody>
        {list.students.map((student) => (
          <tr key={student.studentUniqueId}>
            <th scope="row" data-label={t('console.watchList.student')}>
              {[student.firstName, student.lastSurname].filter(Boolean).join(' ') || t('console.watchList.unnamed')}
            </th>
            <td data-label={t('console.watchList.studentId')}>{student.studentUniqueId}</td>
            <td data-label={t('console.watchList.flags')}>
              {student.flags.map((flag) => (
                <span key={flag} className="usa-tag margin-right-05">
                  {t(`console.watchList.indicators.${flag}`)}
                </span>
              ))}
            </td>
            <td data-label={t('console.watchList.reasons')}>
              <Reasons student={student} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each flag's reason in words, and the records behind it. */
function Reasons({ student }: { student: WatchListStudent }) {
  const { t, number } = useLanguage();
  const percent = (rate: number) => new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
  const shown = (value: string | number | null) => (value === null || value === '' ? t('console.watchList.notGiven') : typeof value === 'number' ? number(value) : value);
  const { attendance, behaviour, coursePerformance } = student;
  return (
    <>
      {attendance.flagged && (
        <Evidence
          reason={t('console.watchList.attendanceReason', {
            absent: number(attendance.absentDays),
            enrolled: number(attendance.enrolledDays),
            rate: percent(attendance.absenceRate ?? 0),
            threshold: percent(attendance.threshold.chronicAbsenceRate),
            minimum: number(attendance.threshold.minimumEnrolledDays),
          })}
          headings={['date', 'category', 'days']}
          rows={attendance.records.map((record) => [record.eventDate, record.category, shown(record.days)])}
        />
      )}
      {behaviour.flagged && (
        <Evidence
          reason={t('console.watchList.behaviourReason', {
            suspensions: number(behaviour.suspensions),
            suspensionThreshold: number(behaviour.threshold.suspensions),
            other: number(behaviour.otherDisciplineActions),
            otherThreshold: number(behaviour.threshold.otherDisciplineActions),
          })}
          headings={['date', 'actionId', 'disciplines']}
          rows={behaviour.records.map((record) => [record.disciplineDate, record.disciplineActionIdentifier, record.disciplines.join(', ')])}
        />
      )}
      {coursePerformance.flagged && (
        <Evidence
          reason={t('console.watchList.courseReason', {
            failing: number(coursePerformance.failingCourses),
            core: number(coursePerformance.failingCoreCourses),
            threshold: number(coursePerformance.threshold.failingCourses),
          })}
          headings={['course', 'gradingPeriod', 'gradeEarned', 'core']}
          rows={coursePerformance.records.map((record) => [
            record.localCourseCode,
            shown(record.gradingPeriod),
            [record.letterGradeEarned, record.numericGradeEarned === null ? null : number(record.numericGradeEarned)].filter((part) => part !== null).join(' ') ||
              t('console.watchList.notGiven'),
            t(record.core ? 'console.watchList.yes' : 'console.watchList.no'),
          ])}
        />
      )}
    </>
  );
}

function Evidence({ reason, headings, rows }: { reason: string; headings: string[]; rows: Array<Array<string | number>> }) {
  const { t } = useLanguage();
  return (
    <div className="margin-bottom-1">
      <p className="margin-y-05">{reason}</p>
      <details>
        <summary>{t('console.watchList.records')}</summary>
        <table className="usa-table usa-table--compact">
          <thead>
            <tr>
              {headings.map((heading) => (
                <th key={heading} scope="col">
                  {t(`console.watchList.${heading}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => (
                  <td key={column}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

function WatchListPages({ page, pages, link }: { page: number; pages: number; link: (page: number) => string }) {
  const { t, number } = useLanguage();
  if (pages <= 1) return null;
  return (
    <nav aria-label={t('console.watchList.pages')} className="usa-pagination">
      <p>{t('console.watchList.page', { page: number(page), pages: number(pages) })}</p>
      <ul className="usa-pagination__list">
        {page > 1 && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={link(page - 1)} className="usa-pagination__link usa-pagination__previous-page">
              <span className="usa-pagination__link-text">{t('console.watchList.previous')}</span>
            </Link>
          </li>
        )}
        {page < pages && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={link(page + 1)} className="usa-pagination__link usa-pagination__next-page">
              <span className="usa-pagination__link-text">{t('console.watchList.next')}</span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** A district person's thresholds, saved for every school of the district. */
function ThresholdSettings({ districtId }: { districtId: string }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const current = useApi(`watch-list-thresholds-${districtId}`, async (signal) =>
    answerOf(await client.GET('/early-warning/districts/{districtId}/thresholds', { params: { path: { districtId } }, signal })),
  );
  return (
    <section className="margin-top-5" aria-labelledby="watch-list-settings">
      <h2 id="watch-list-settings">{t('console.watchList.settings.title')}</h2>
      <p>{t('console.watchList.settings.intro')}</p>
      {current.state === 'loading' && <Loading />}
      {current.state === 'failed' && <ConsoleProblem error={current.error} />}
      {current.state === 'loaded' && <ThresholdForm districtId={districtId} initial={current.value.thresholds} />}
    </section>
  );
}

const WHOLE_FIELDS = ['minimumEnrolledDays', 'suspensions', 'otherDisciplineActions', 'failingCourses', 'passingNumericGrade'] as const;

function ThresholdForm({ districtId, initial }: { districtId: string; initial: Thresholds }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const [values, setValues] = useState<Record<string, string>>({
    chronicAbsenceRate: String(Math.round(initial.chronicAbsenceRate * 1000) / 10),
    coreCoursePrefixes: initial.coreCoursePrefixes.join(', '),
    ...Object.fromEntries(WHOLE_FIELDS.map((field) => [field, String(initial[field])])),
  });
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'failed'; error: unknown }>({ kind: 'idle' });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setState({ kind: 'saving' });
    const body: Thresholds = {
      chronicAbsenceRate: Number(values.chronicAbsenceRate) / 100,
      coreCoursePrefixes: values.coreCoursePrefixes
        .split(',')
        .map((prefix) => prefix.trim())
        .filter(Boolean),
      ...(Object.fromEntries(WHOLE_FIELDS.map((field) => [field, Number(values[field])])) as Pick<Thresholds, (typeof WHOLE_FIELDS)[number]>),
    };
    try {
      answerOf(await client.PUT('/early-warning/districts/{districtId}/thresholds', { params: { path: { districtId } }, body }));
      setState({ kind: 'saved' });
    } catch (error) {
      setState({ kind: 'failed', error });
    }
  };
  const field = (name: string, type: 'number' | 'text') => (
    <div className="usa-form-group" key={name}>
      <label className="usa-label" htmlFor={`threshold-${name}`}>
        {t(`console.watchList.settings.${name}`)}
      </label>
      <input
        className="usa-input"
        id={`threshold-${name}`}
        type={type}
        required
        value={values[name]}
        step={name === 'chronicAbsenceRate' ? '0.1' : '1'}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
      />
    </div>
  );
  return (
    <form className="usa-form usa-form--large" onSubmit={(event) => void save(event)}>
      {field('chronicAbsenceRate', 'number')}
      {WHOLE_FIELDS.map((name) => field(name, 'number'))}
      {field('coreCoursePrefixes', 'text')}
      <button className="usa-button" type="submit" disabled={state.kind === 'saving'}>
        {t(state.kind === 'saving' ? 'console.watchList.settings.saving' : 'console.watchList.settings.save')}
      </button>
      {state.kind === 'saved' && (
        <div className="usa-alert usa-alert--success usa-alert--slim" role="status">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t('console.watchList.settings.saved')}</p>
          </div>
        </div>
      )}
      {state.kind === 'failed' && <ConsoleProblem error={state.error} />}
    </form>
  );
}
