import type { ComponentType } from 'react';
import type { PublicSchool } from '../api/public-api';
import { useLanguage } from '../i18n/i18n';

/**
 * The sections of a school's page, in order. Each renders what the hub holds for the school
 * and nothing when it holds nothing: a section never stands in for data that does not exist.
 * A new section (growth, graduation…) is one entry here with its own heading (h2) and id.
 */
export interface SchoolSection {
  /** The section's element id, for links to it. */
  id: string;
  Section: ComponentType<{ school: PublicSchool; headingId: string }>;
}

export const SCHOOL_SECTIONS: readonly SchoolSection[] = [{ id: 'about', Section: AboutSchool }];

/** The school's directory facts, from its School record and its district's record. */
function AboutSchool({ school, headingId }: { school: PublicSchool; headingId: string }) {
  const { t, list, gradeLevel } = useLanguage();
  const { address, district } = school;
  return (
    <>
      <h2 id={headingId}>{t('school.about')}</h2>
      <dl className="lantern-facts">
        {district && (
          <>
            <dt>{t('school.district')}</dt>
            <dd>{district.name ?? district.districtId}</dd>
          </>
        )}
        {address && (
          <>
            <dt>{t('school.address')}</dt>
            <dd>
              <address>
                {address.streetNumberName}
                {address.apartmentRoomSuiteNumber && `, ${address.apartmentRoomSuiteNumber}`}
                <br />
                {address.city}, {address.state} {address.postalCode}
              </address>
            </dd>
          </>
        )}
        {school.gradeLevels.length > 0 && (
          <>
            <dt>{t('school.grades')}</dt>
            <dd>{list(school.gradeLevels.map((code) => gradeLevel(code)))}</dd>
          </>
        )}
        {school.webSite && (
          <>
            <dt>{t('school.website')}</dt>
            <dd>
              <a className="usa-link" href={school.webSite}>
                {school.webSite}
              </a>
            </dd>
          </>
        )}
      </dl>
    </>
  );
}
