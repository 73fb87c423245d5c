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
    </>
  );
}
