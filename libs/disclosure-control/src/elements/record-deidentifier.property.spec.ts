import fc from 'fast-check';
import { gradeBandHierarchy } from '../generalisation/grade-bands';
import { numericBandHierarchy } from '../generalisation/hierarchy';
import { planKAnonymity } from '../microdata/k-anonymity';
import { QuasiIdentifierCounts } from '../microdata/quasi-identifier-counts';
import { ProjectPseudonymiser } from '../pseudonyms/project-pseudonymiser';
import { quasiIdentifierHierarchies, type ElementCatalogue } from './element-catalogue';
import { RecordDeidentifier, type SourceRecord } from './record-deidentifier';

const CATALOGUE: ElementCatalogue = {
  studentUniqueId: { role: 'direct-identifier', pseudonymAs: 'studentPseudonym' },
  localStudentId: { role: 'direct-identifier' },
  firstName: { role: 'direct-identifier' },
  lastSurname: { role: 'direct-identifier' },
  streetAddress: { role: 'direct-identifier' },
  electronicMailAddress: { role: 'direct-identifier' },
  telephoneNumber: { role: 'direct-identifier' },
  birthDate: { role: 'quasi-identifier', transform: 'date-to-year', hierarchy: numericBandHierarchy('birthDate') },
  grade: { role: 'quasi-identifier', hierarchy: gradeBandHierarchy() },
  sex: { role: 'quasi-identifier' },
  englishLearner: { role: 'quasi-identifier' },
  scaleScore: { role: 'sensitive' },
};
const DIRECT_IDENTIFIERS = Object.entries(CATALOGUE).flatMap(([element, { role }]) => (role === 'direct-identifier' ? [element] : []));

// Identifier values from alphabets the released values never use as a whole, so a match means a leak.
const name = fc.stringMatching(/^[A-Z][a-z]{4,11}$/);
const sourceRecordArbitrary: fc.Arbitrary<SourceRecord> = fc.record({
  studentUniqueId: fc.stringMatching(/^\d{11}$/),
  localStudentId: fc.stringMatching(/^LOC-\d{6}$/),
  firstName: name,
  lastSurname: name,
  streetAddress: fc.tuple(fc.integer({ min: 1, max: 9999 }), name).map(([number, street]) => `${number} ${street} Street`),
  electronicMailAddress: fc.tuple(name, name).map(([local, domain]) => `${local.toLowerCase()}@${domain.toLowerCase()}.example`),
  telephoneNumber: fc.stringMatching(/^\(\d{3}\) \d{3}-\d{4}$/),
  birthDate: fc.date({ min: new Date('2004-01-01T00:00:00Z'), max: new Date('2016-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  grade: fc.constantFrom('K', '4', '7', '11'),
  sex: fc.constantFrom('F', 'M'),
  englishLearner: fc.boolean(),
  scaleScore: fc.integer({ min: 100, max: 999 }),
  // Not declared, so never released.
  homeLanguage: fc.constantFrom('Tagalog', 'Hmong', 'Somali'),
});

describe('RecordDeidentifier (properties)', () => {
  it('lets no direct identifier, full birth date or undeclared value reach a released value, before or after k-anonymity', () => {
    fc.assert(
      fc.property(
        fc.array(sourceRecordArbitrary, { minLength: 1, maxLength: 80 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 2, max: 15 }),
        (records, secret, k) => {
          const deidentifier = new RecordDeidentifier(CATALOGUE, new ProjectPseudonymiser(secret));
          const hierarchies = quasiIdentifierHierarchies(CATALOGUE);
          const counts = new QuasiIdentifierCounts(Object.keys(hierarchies));
          const deidentified = records.map((record) => deidentifier.deidentify(record));
          deidentified.forEach((record) => counts.add(record));
          const plan = planKAnonymity(counts, hierarchies, { k });
          const released = deidentified.map((record) => plan.apply(record)).filter((record) => record !== null);

          const forbidden = records.flatMap((record) => [...DIRECT_IDENTIFIERS.map((element) => String(record[element])), String(record.birthDate), String(record.homeLanguage)]);
          for (const output of [...deidentified, ...released]) {
            expect(Object.keys(output).some((element) => DIRECT_IDENTIFIERS.includes(element) || element === 'homeLanguage')).toBe(false);
            for (const value of Object.values(output)) {
              const text = String(value);
              expect(forbidden.filter((identifier) => text.includes(identifier))).toEqual([]);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
