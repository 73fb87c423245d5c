import { Link } from 'react-router';
import { useLanguage } from '../../i18n/i18n';

/** Previous and next page of a list, and where the reader is; `words` names the list's messages (page, pages, previous, next). */
export function Pages({ page, pages, link, words }: { page: number; pages: number; link: (page: number) => string; words: 'console.care.flags' | 'console.care.inbox' }) {
  const { t, number } = useLanguage();
  if (pages <= 1) return null;
  return (
    <nav aria-label={t(`${words}.pages`)} className="usa-pagination">
      <p>{t(`${words}.page`, { page: number(page), pages: number(pages) })}</p>
      <ul className="usa-pagination__list">
        {page > 1 && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={link(page - 1)} className="usa-pagination__link usa-pagination__previous-page">
              <span className="usa-pagination__link-text">{t(`${words}.previous`)}</span>
            </Link>
          </li>
        )}
        {page < pages && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={link(page + 1)} className="usa-pagination__link usa-pagination__next-page">
              <span className="usa-pagination__link-text">{t(`${words}.next`)}</span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
