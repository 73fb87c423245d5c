import { en, es, type Messages } from './messages';

/** Every message by its full key (`results.summary_one`). */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  return new Map(Object.entries(messages).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value]] : [...flatten(value, `${prefix}${key}.`)])));
}
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)/g)].map((match) => match[1]).sort();
/** CLDR plural categories the pages' numbers fall in (Intl.PluralRules: English one/other; Spanish one/many/other). */
const pluralForms = (locale: string) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories.filter((category) => ['one', 'many', 'other'].includes(category));
const PLURAL = /_(zero|one|two|few|many|other)$/;

describe('the pages’ messages', () => {
  const english = flatten(en);
  const spanish = flatten(es);
  const base = (key: string) => key.replace(PLURAL, '');
  const expectedSpanishKeys = new Set([...english.keys()].flatMap((key) => (PLURAL.test(key) ? pluralForms('es-US').map((form) => `${base(key)}_${form}`) : [key])));

  it('exist in Spanish for every English message, with every plural form Spanish has, and no others', () => {
    expect([...spanish.keys()].sort()).toEqual([...expectedSpanishKeys].sort());
    expect(pluralForms('en-US').sort()).toEqual(['one', 'other']);
  });

  it('are never empty, and carry the same placeholders in both languages', () => {
    for (const [key, text] of spanish) {
      expect(text.trim()).not.toBe('');
      const englishKey = PLURAL.test(key) ? `${base(key)}_other` : key;
      expect([key, placeholders(text)]).toEqual([key, placeholders(english.get(englishKey)!)]);
    }
    for (const text of english.values()) expect(text.trim()).not.toBe('');
  });
});
