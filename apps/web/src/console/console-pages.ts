import type { ConsoleRole } from '../api/console-api';

/**
 * The console's pages and who may open them: the side navigation shows a person the pages of
 * their role. Each path is also in the API's WEB_PAGE_ROUTES (apps/api/src/web-pages) and in
 * routes.tsx. A page's path never equals an API route's (the API answers those first).
 */
export interface ConsolePageEntry {
  readonly path: string;
  /** The message key of its name in the navigation (console.nav.*). */
  readonly name: string;
  readonly roles: readonly ConsoleRole[];
}

export const CONSOLE_PAGES: readonly ConsolePageEntry[] = [{ path: '/console', name: 'console.nav.home', roles: ['steward', 'researcher', 'agency', 'school', 'district'] }];

export function consolePagesFor(role: ConsoleRole): ConsolePageEntry[] {
  return CONSOLE_PAGES.filter((page) => page.roles.includes(role));
}
