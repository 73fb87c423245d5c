import { Link, useParams } from 'react-router';
import { getSchool, type PublicSchool } from '../api/public-api';
import { useApi } from '../api/use-api';
import { AddToComparison } from '../components/add-to-comparison';
import { PageHeading } from '../components/page-heading';
import { LoadFailed, Loading } from '../components/status';
import { useLanguage } from '../i18n/i18n';
import { ReleasedOutcomes } from './outcome-sections';
import { SCHOOL_SECTIONS } from './school-sections';

export function SchoolPage() {
  const { schoolId = '' } = useParams();
  const { t } = useLanguage();
  const school = useApi(schoolId, (signal) => getSchool(schoolId, signal));
  if (school.state === 'loading') return <Loading />;
  if (school.state === 'failed') return <LoadFailed error={school.error} notFound={{ title: t('school.notFoundTitle'), body: t('school.notFoundBody') }} />;
  return <SchoolProfile school={school.value} />;
}

function SchoolProfile({ school }: { school: PublicSchool }) {
  const { t } = useLanguage();
  return (
    <>
      <PageHeading title={school.name} />
      {school.district?.name && (
        <ul className="usa-list usa-list--unstyled usa-intro">
          <li>
            <Link className="usa-link" to={`/schools?district=${encodeURIComponent(school.district.districtId)}`}>
              {t('school.otherSchools', { district: school.district.name })}
            </Link>
          </li>
          <li>
            <Link className="usa-link" to={`/districts/${encodeURIComponent(school.district.districtId)}`}>
              {t('district.numbers', { district: school.district.name })}
            </Link>
          </li>
        </ul>
      )}
      <AddToComparison school={school} />
      {SCHOOL_SECTIONS.map(({ id, Section }) => (
        <section key={id} id={id} aria-labelledby={`${id}-heading`} className="margin-top-4">
          <Section school={school} headingId={`${id}-heading`} />
        </section>
      ))}
      <ReleasedOutcomes level="school" organisationId={school.schoolId} />
    </>
  );
}
