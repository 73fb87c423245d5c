import { localDateOf } from '@lantern/care-rules';
import { ConfigurationError } from '@lantern/config';
import { watchListDayOf } from './watch-list-day';

describe('the day the watch list is judged as of', () => {
  it('is the hub’s today unless a fixed day is set', () => {
    expect(watchListDayOf({ LANTERN_DEV_WATCH_LIST_DATE: '' })()).toBe(localDateOf(new Date()));
    expect(watchListDayOf({ LANTERN_DEV_WATCH_LIST_DATE: '2027-07-06' })()).toBe('2027-07-06');
  });

  it('stops the API at start-up when the fixed day is not a real date', () => {
    for (const day of ['2027-02-30', '6 July 2027', '2027-7-6']) {
      expect(() => watchListDayOf({ LANTERN_DEV_WATCH_LIST_DATE: day })).toThrow(ConfigurationError);
      expect(() => watchListDayOf({ LANTERN_DEV_WATCH_LIST_DATE: day })).toThrow(`LANTERN_DEV_WATCH_LIST_DATE must be a date as YYYY-MM-DD (got "${day}")`);
    }
  });
});
