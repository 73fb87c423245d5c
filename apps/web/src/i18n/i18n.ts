import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en, es, type Language, LANGUAGES, LOCALES } from './messages';

const CHOSEN_LANGUAGE = 'lantern.language';

/** The reader's earlier choice on this device, else the browser's first language we have, else English. */
function initialLanguage(): Language {
  const chosen = localStorage.getItem(CHOSEN_LANGUAGE);
  if (LANGUAGES.includes(chosen as Language)) return chosen as Language;
  const preferred = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase()).find((code) => LANGUAGES.includes(code as Language));
  return (preferred as Language | undefined) ?? 'en';
}

// <html lang> follows the language, so screen readers pronounce the page right (WCAG 3.1.1).
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // React escapes what it renders.
  interpolation: { escapeValue: false },
});

export function chooseLanguage(language: Language): void {
  localStorage.setItem(CHOSEN_LANGUAGE, language);
  void i18n.changeLanguage(language);
}

/** Translations and Intl formatting for the current language (U.S. conventions in both: en-US, es-US). */
export function useLanguage() {
  const { t, i18n: instance } = useTranslation();
  const language = (LANGUAGES.includes(instance.language as Language) ? instance.language : 'en') as Language;
  const locale = LOCALES[language];
  return {
    t,
    language,
    number: (value: number) => new Intl.NumberFormat(locale).format(value),
    /** An instant (ISO 8601) as a date and time in the browser's time zone. */
    dateTime: (instant: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant)),
    /** A calendar day (2026-09-14, or an instant drafted as a whole UTC day) as the day it names, whatever the browser's time zone. */
    day: (day: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(day.length === 10 ? `${day}T00:00:00Z` : day)),
    list: (items: string[]) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items),
    /** A grade level's name in this language; one we have no name for is shown as the record gives it. */
    gradeLevel: (code: string) => (instance.exists(`grade.${code}`) ? t(`grade.${code}`) : code),
  };
}

/** A school year named by its spring, as people say it in either language: 2025 is 2024–25. */
export const schoolYearName = (year: number) => `${year - 1}–${String(year).slice(-2)}`;

export { i18n };
