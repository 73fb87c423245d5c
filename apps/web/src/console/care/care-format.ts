import { useLanguage } from '../../i18n/i18n';
import { LOCALES } from '../../i18n/messages';

/** Times and days as the reader's language writes them: instants in the browser's time zone, calendar days as the day they name. */
export function useCareFormat() {
  const { t, language } = useLanguage();
  const locale = LOCALES[language];
  return {
    time: (instant: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant)),
    day: (day: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)),
    /** A kind of agency in words; one the pages have no words for is shown as the API gives it. */
    agencyType: (code: string) => {
      const key = `console.care.agencyType.${code}`;
      const words = t(key);
      return words === key ? code : words;
    },
  };
}
