import { isLocalDate, type LocalDate, localDateOf } from '@lantern/care-rules';
import { ConfigurationError } from '@lantern/config';
import type { ApiSettings } from '../api-settings';

/** The day the watch list is judged as of: the hub's today, asked at each request. */
export type WatchListDay = () => LocalDate;
export const WATCH_LIST_DAY = Symbol('WatchListDay');

/**
 * The hub's local date, or the fixed day LANTERN_DEV_WATCH_LIST_DATE names (browser tests and
 * demos, so the list does not change with the calendar); a day that is not a real date stops the API at start-up.
 */
export function watchListDayOf(settings: Pick<ApiSettings, 'LANTERN_DEV_WATCH_LIST_DATE'>): WatchListDay {
  const fixed = settings.LANTERN_DEV_WATCH_LIST_DATE;
  if (fixed === '') return () => localDateOf(new Date());
  if (!isLocalDate(fixed)) throw new ConfigurationError(`Invalid configuration: LANTERN_DEV_WATCH_LIST_DATE must be a date as YYYY-MM-DD (got "${fixed}")`);
  return () => fixed;
}
