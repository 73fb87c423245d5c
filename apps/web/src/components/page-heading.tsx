import { type ReactNode, useEffect, useRef } from 'react';
import { useLanguage } from '../i18n/i18n';

/** Whether a page was shown before this one: the first page of a visit keeps the browser's own focus. */
let earlierPage = false;

/**
 * A page's h1 and document title. After the app changes page, focus moves to the heading, so a
 * screen reader announces the new page as it would after a full page load.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useLanguage();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} | ${t('site.title')}`;
  }, [title, t]);
  useEffect(() => {
    if (earlierPage) heading.current?.focus();
    earlierPage = true;
  }, [title]);
  return (
    <h1 ref={heading} tabIndex={-1} className="lantern-heading">
      {children ?? title}
    </h1>
  );
}
