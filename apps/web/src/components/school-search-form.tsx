import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { useLanguage } from '../i18n/i18n';

/** One field that searches school names, district names and cities (the API's `q`): the search results page, unless the caller handles the words itself. */
export function SchoolSearchForm({ initialQuery = '', onSearch }: { initialQuery?: string; onSearch?: (query: string) => void }) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [query, setQuery] = useState(initialQuery);
  const inputId = useId();
  return (
    <form
      className="usa-form lantern-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        if (onSearch) onSearch(query.trim());
        else void navigate(`/schools?${new URLSearchParams({ q: query.trim() })}`);
      }}
    >
      <label className="usa-label" htmlFor={inputId}>
        {t('search.label')}
      </label>
      <div className="lantern-search__row">
        <input className="usa-input" id={inputId} type="search" name="q" value={query} maxLength={100} onChange={(event) => setQuery(event.target.value)} />
        <button className="usa-button" type="submit">
          {t('search.button')}
        </button>
      </div>
    </form>
  );
}
