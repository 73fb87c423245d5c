import { Link, useParams } from 'react-router';
import { getSchool, type PublicSchool } from '../api/public-api';
import { useApi } from '../api/use-api';
import { PageHeading } from '../components/page-heading';
import { LoadFailed, Loading } from '../components/status';
import { useLanguage } from '../i18n/i18n';
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
        <p className="usa-intro">
          <Link className="usa-link" to={`/schools?district=${encodeURIComponent(school.district.districtId)}`}>
            {t('school.otherSchools', { district: school.district.name })}
          </Link>
        </p>
      )}
      {SCHOOL_SECTIONS.map(({ id, Section }) => (
        <section key={id} id={id} aria-labelledby={`${id}-heading`} className="margin-top-4">
          <Section school={school} headingId={`${id}-heading`} />
        </section>
      ))}
    </>
  );
}
