import { Link } from 'react-router';
import { ApiError } from '../api/public-api';
import { useLanguage } from '../i18n/i18n';
import { PageHeading } from './page-heading';

/** While a page's data loads: announced politely, once. */
export function Loading() {
  const { t } = useLanguage();
  return (
    <p role="status" className="lantern-loading">
      {t('status.loading')}
    </p>
  );
}

/** The API did not answer as it should; a 404 is the caller's `notFound` page instead. */
export function LoadFailed({ error, notFound }: { error: unknown; notFound?: { title: string; body: string } }) {
  const { t } = useLanguage();
  const missing = notFound && error instanceof ApiError && error.status === 404;
  const title = missing ? notFound.title : t('status.errorTitle');
  return (
    <>
      <PageHeading title={title} />
      <div className={`usa-alert ${missing ? 'usa-alert--info' : 'usa-alert--error'}`} role={missing ? undefined : 'alert'}>
        <div className="usa-alert__body">
          <p className="usa-alert__text">{missing ? notFound.body : t('status.errorBody')}</p>
        </div>
      </div>
      <p>
        <Link className="usa-link" to="/">
          {t('status.backHome')}
        </Link>
      </p>
    </>
  );
}

export function PageNotFound() {
  const { t } = useLanguage();
  return <LoadFailed error={new ApiError(404)} notFound={{ title: t('status.pageNotFoundTitle'), body: t('status.pageNotFoundBody') }} />;
}
