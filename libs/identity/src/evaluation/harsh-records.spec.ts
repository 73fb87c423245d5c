import fc from 'fast-check';
import { parseBirthDate } from '../normalisation/dates';
import type { PersonRecord } from '../records/person-record';
import { cleanHarshRecord, HARSH_FIELDS, type HarshField, harshRecordCount, renderHarshRecord } from './harsh-records';
import { generatePopulation } from './population';

const people = generatePopulation({ people: 2_000, seed: 5 });

// Fields whose value differs from the person's clean record (dates compared as dates: formats vary).
function differingFields(record: PersonRecord, clean: PersonRecord): HarshField[] {
  return HARSH_FIELDS.filter((field) => {
    if (field === 'birth_date') return (parseBirthDate(record.birth_date) ?? record.birth_date) !== parseBirthDate(clean.birth_date);
    return record[field] !== clean[field];
  });
}

describe('harsh evaluation records', () => {
  it('give every person one to five records, and every record at most three corrupted fields (the first at most one)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: people.length - 1 }), fc.integer({ min: 1, max: 10_000 }), fc.boolean(), (id, seed, identificationCodes) => {
        const person = people[id];
        const count = harshRecordCount(person, seed);
        expect(count).toBeGreaterThanOrEqual(1);
        expect(count).toBeLessThanOrEqual(5);
        for (let ordinal = 0; ordinal < count; ordinal++) {
          const { record, corrupted } = renderHarshRecord(person, ordinal, seed, { identificationCodes });
          const differing = differingFields(record, cleanHarshRecord(person, ordinal, { identificationCodes }));
          expect(differing.length).toBeLessThanOrEqual(ordinal === 0 ? 1 : 3);
          expect(corrupted).toEqual(expect.arrayContaining(differing));
          expect(corrupted.length).toBeLessThanOrEqual(ordinal === 0 ? 1 : 3);
          if (ordinal > 0) expect(corrupted.length).toBeGreaterThanOrEqual(1);
          expect(record.ssn !== undefined || !identificationCodes || corrupted.includes('ssn')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are reproducible from the seed', () => {
    expect(renderHarshRecord(people[7], 1, 3, { identificationCodes: true })).toEqual(renderHarshRecord(people[7], 1, 3, { identificationCodes: true }));
  });

  it('leave 5–10 % of birth dates missing or not a date, and corrupt every kind of field', () => {
    let records = 0;
    let noDate = 0;
    const corruptedFields = new Set<HarshField>();
    for (const person of people) {
      for (let ordinal = 0; ordinal < harshRecordCount(person, 9); ordinal++) {
        const { record, corrupted } = renderHarshRecord(person, ordinal, 9, { identificationCodes: true });
        records++;
        if (parseBirthDate(record.birth_date) === undefined) noDate++;
        for (const field of corrupted) corruptedFields.add(field);
      }
    }
    expect(records / people.length).toBeGreaterThan(2);
    expect(noDate / records).toBeGreaterThanOrEqual(0.05);
    expect(noDate / records).toBeLessThanOrEqual(0.15);
    expect([...corruptedFields].sort()).toEqual([...HARSH_FIELDS].sort());
  });
});
