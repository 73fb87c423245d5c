import type { ConsoleRole } from '../api/console-api';

/**
 * The console's pages and who may open them: the side navigation shows a person the pages of
 * their role. Each path is also in the API's WEB_PAGE_ROUTES (apps/api/src/web-pages) and in
 * routes.tsx. A page's path never equals an API route's (the API answers those first).
 */
export interface ConsolePageEntry {
  readonly path: string;
  /** The message key of its name in the navigation. */
  readonly name: string;
  readonly roles: readonly ConsoleRole[];
}

export const CONSOLE_PAGES: readonly ConsolePageEntry[] = [
  { path: '/console', name: 'console.nav.home', roles: ['steward', 'researcher', 'agency', 'school', 'district'] },
  { path: '/console/reviews', name: 'console.reviews.nav', roles: ['steward'] },
  { path: '/console/sids', name: 'console.sids.nav', roles: ['steward'] },
  { path: '/console/ingestion', name: 'console.ingestion.nav', roles: ['steward'] },
  { path: '/console/agreements', name: 'console.governance.nav.agreements', roles: ['steward'] },
  { path: '/console/projects', name: 'console.research.nav.projects', roles: ['researcher'] },
  { path: '/console/extracts', name: 'console.research.nav.extracts', roles: ['researcher', 'steward'] },
  { path: '/console/disclosures', name: 'console.governance.nav.disclosures', roles: ['steward'] },
  { path: '/console/releases', name: 'console.releases.nav', roles: ['steward'] },
  { path: '/console/audit', name: 'console.governance.nav.audit', roles: ['steward'] },
  { path: '/console/staff', name: 'console.people.nav', roles: ['steward'] },
  { path: '/console/care-flags', name: 'console.care.nav.flags', roles: ['agency'] },
  { path: '/console/inbox', name: 'console.care.nav.inbox', roles: ['school', 'district'] },
  { path: '/console/watch-list', name: 'console.watchList.nav', roles: ['school', 'district'] },
];

export function consolePagesFor(role: ConsoleRole): ConsolePageEntry[] {
  return CONSOLE_PAGES.filter((page) => page.roles.includes(role));
}
