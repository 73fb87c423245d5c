import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
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
  const site = isConsolePage(useLocation().pathname) ? t('site.consoleTitle') : t('site.title');
  useEffect(() => {
    document.title = `${title} | ${site}`;
  }, [title, site]);
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

/** The staff console's pages (/console and below), as opposed to the public ones. */
export function isConsolePage(pathname: string): boolean {
  return /^\/console(\/|$)/.test(pathname);
}
