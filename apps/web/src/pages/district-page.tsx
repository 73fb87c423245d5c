import { Link, useParams } from 'react-router';
import { ApiError, searchSchools } from '../api/public-api';
import { useApi } from '../api/use-api';
import { PageHeading } from '../components/page-heading';
import { LoadFailed, Loading } from '../components/status';
import { useLanguage } from '../i18n/i18n';
import { ReleasedOutcomes } from './outcome-sections';

/** A district's indicators. Its name comes from its schools' directory records, so a district no school names is not found. */
export function DistrictPage() {
  const { districtId = '' } = useParams();
  const { t } = useLanguage();
  const district = useApi(districtId, async (signal) => {
    const { schools } = await searchSchools({ district: districtId }, signal);
    const named = schools.find((school) => school.district?.districtId === districtId)?.district;
    if (!named) throw new ApiError(404);
    return { districtId, name: named.name ?? districtId };
  });
  if (district.state === 'loading') return <Loading />;
  if (district.state === 'failed') return <LoadFailed error={district.error} notFound={{ title: t('district.notFoundTitle'), body: t('district.notFoundBody') }} />;
  const { name } = district.value;
  return (
    <>
      <PageHeading title={name} />
      <ul className="usa-list usa-list--unstyled usa-intro">
        <li>
          <Link className="usa-link" to={`/schools?district=${encodeURIComponent(districtId)}`}>
            {t('district.schools', { district: name })}
          </Link>
        </li>
        <li>
          <Link className="usa-link" to="/state">
            {t('state.numbers')}
          </Link>
        </li>
      </ul>
      <ReleasedOutcomes level="district" organisationId={districtId} />
    </>
  );
}
