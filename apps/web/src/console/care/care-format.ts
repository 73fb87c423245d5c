import { useLanguage } from '../../i18n/i18n';

/** Times and days as the reader's language writes them: instants in the browser's time zone, calendar days as the day they name. */
export function useCareFormat() {
  const { t, dateTime, day } = useLanguage();
  return {
    dateTime,
    day,
    /** A kind of agency in words; one the pages have no words for is shown as the API gives it. */
    agencyType: (code: string) => {
      const key = `console.care.agencyType.${code}`;
      const words = t(key);
      return words === key ? code : words;
    },
  };
}
