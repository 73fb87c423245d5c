import { Link } from 'react-router';
import { PageHeading } from '../components/page-heading';
import { SchoolSearchForm } from '../components/school-search-form';
import { useLanguage } from '../i18n/i18n';

export function HomePage() {
  const { t } = useLanguage();
  return (
    <>
      <PageHeading title={t('search.heading')} />
      <p className="usa-intro">{t('search.intro')}</p>
      <SchoolSearchForm />
      <h2 className="margin-top-6">{t('home.more')}</h2>
      <ul className="usa-list">
        <li>
          <Link className="usa-link" to="/state">
            {t('state.numbers')}
          </Link>
        </li>
        <li>
          <Link className="usa-link" to="/compare">
            {t('compare.link')}
          </Link>
        </li>
      </ul>
    </>
  );
}
