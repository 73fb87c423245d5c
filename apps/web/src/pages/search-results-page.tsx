import { Link, useSearchParams } from 'react-router';
import { type PublicSchool, type PublicSchoolPage, type SchoolSearchParameters, searchSchools } from '../api/public-api';
import { useApi } from '../api/use-api';
import { PageHeading } from '../components/page-heading';
import { SchoolSearchForm } from '../components/school-search-form';
import { LoadFailed, Loading } from '../components/status';
import { useLanguage } from '../i18n/i18n';

export function SearchResultsPage() {
  const [searchParams] = useSearchParams();
  const search: SchoolSearchParameters = {
    q: searchParams.get('q') ?? undefined,
    district: searchParams.get('district') ?? undefined,
    city: searchParams.get('city') ?? undefined,
    page: searchParams.get('page') ?? undefined,
  };
  const results = useApi(JSON.stringify(search), (signal) => searchSchools(search, signal));
  const title = useResultsTitle(search, results.state === 'loaded' ? results.value : undefined);
  if (results.state === 'failed') return <LoadFailed error={results.error} />;
  return (
    <>
      <PageHeading title={title} />
      <SchoolSearchForm key={search.q} initialQuery={search.q} />
      {results.state === 'loading' ? <Loading /> : <Results search={search} results={results.value} />}
    </>
  );
}

function useResultsTitle(search: SchoolSearchParameters, results: PublicSchoolPage | undefined): string {
  const { t } = useLanguage();
  if (search.q) return t('results.titleFor', { query: search.q });
  const district = results?.schools[0]?.district?.name;
  if (search.district && district) return t('results.titleInDistrict', { district });
  if (search.city) return t('results.titleInCity', { city: search.city });
  return t('results.title');
}

function Results({ search, results }: { search: SchoolSearchParameters; results: PublicSchoolPage }) {
  const { t, number } = useLanguage();
  if (results.total === 0) {
    return (
      <div className="usa-alert usa-alert--info usa-alert--slim margin-top-4">
        <div className="usa-alert__body">
          <p className="usa-alert__text">{t('results.none')}</p>
        </div>
      </div>
    );
  }
  const pages = Math.ceil(results.total / results.pageSize);
  return (
    <>
      <p className="margin-top-4" role="status">
        {t('results.summary', { count: results.total, total: number(results.total) })}
        {pages > 1 ? ` ${t('results.page', { page: number(results.page), pages: number(pages) })}` : ''}
      </p>
      <ul className="usa-collection">
        {results.schools.map((school) => (
          <SchoolResult key={school.schoolId} school={school} />
        ))}
      </ul>
      {pages > 1 && <Pagination search={search} page={results.page} pages={pages} />}
    </>
  );
}

function SchoolResult({ school }: { school: PublicSchool }) {
  const { t, list, gradeLevel } = useLanguage();
  return (
    <li className="usa-collection__item">
      <div className="usa-collection__body">
        <h2 className="usa-collection__heading">
          <Link className="usa-link" to={`/schools/${school.schoolId}`}>
            {school.name}
          </Link>
        </h2>
        <ul className="usa-collection__meta" aria-label={t('school.about')}>
          {school.district?.name && <li className="usa-collection__meta-item">{school.district.name}</li>}
          {school.address && <li className="usa-collection__meta-item">{school.address.city}</li>}
          {school.gradeLevels.length > 0 && (
            <li className="usa-collection__meta-item">
              {t('school.grades')}: {list(school.gradeLevels.map((code) => gradeLevel(code)))}
            </li>
          )}
        </ul>
      </div>
    </li>
  );
}

function Pagination({ search, page, pages }: { search: SchoolSearchParameters; page: number; pages: number }) {
  const { t } = useLanguage();
  const pageLink = (target: number) => `/schools?${new URLSearchParams(Object.entries({ ...search, page: String(target) }).filter((entry): entry is [string, string] => !!entry[1]))}`;
  return (
    <nav aria-label={t('results.pages')} className="usa-pagination">
      <ul className="usa-pagination__list">
        {page > 1 && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={pageLink(page - 1)} className="usa-pagination__link usa-pagination__previous-page">
              <span className="usa-pagination__link-text">{t('results.previous')}</span>
            </Link>
          </li>
        )}
        {page < pages && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={pageLink(page + 1)} className="usa-pagination__link usa-pagination__next-page">
              <span className="usa-pagination__link-text">{t('results.next')}</span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
