import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { PublicSchool } from '../api/public-api';
import { useLanguage } from '../i18n/i18n';
import { comparisonPath, MAX_COMPARED, rememberedComparison } from '../pages/comparison';

/** A school page's way into a comparison: adds the school to the one the visitor last saw, unless it already holds four. */
export function AddToComparison({ school }: { school: PublicSchool }) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [full, setFull] = useState(false);
  const add = () => {
    const chosen = rememberedComparison();
    if (chosen.includes(school.schoolId)) void navigate(comparisonPath(chosen));
    else if (chosen.length >= MAX_COMPARED) setFull(true);
    else void navigate(comparisonPath([...chosen, school.schoolId]));
  };
  return (
    <div className="margin-top-2">
      <button type="button" className="usa-button usa-button--outline" onClick={add}>
        {t('compare.addToComparison')}
      </button>
      {full && (
        <div className="usa-alert usa-alert--warning usa-alert--slim" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">
              {t('compare.fullFromSchool')}{' '}
              <Link className="usa-link" to={comparisonPath(rememberedComparison())}>
                {t('compare.seeComparison')}
              </Link>
            </p>
          </div>
        </div>
      )}
    </div>
  );
}
