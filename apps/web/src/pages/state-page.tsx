import { Link } from 'react-router';
import { PageHeading } from '../components/page-heading';
import { useLanguage } from '../i18n/i18n';
import { ReleasedOutcomes } from './outcome-sections';

/** The state's indicators: the same sections as a district's, from the state's released values (organisation id `state`). */
export function StatePage() {
  const { t } = useLanguage();
  return (
    <>
      <PageHeading title={t('state.title')} />
      <p className="usa-intro">{t('state.intro')}</p>
      <p>
        <Link className="usa-link" to="/compare">
          {t('compare.link')}
        </Link>
      </p>
      <ReleasedOutcomes level="state" organisationId="state" />
    </>
  );
}
