import { jaroWinkler } from '../comparison/jaro-winkler';
import { normaliseName } from '../normalisation/names';
import { areNicknameVariants } from '../normalisation/nicknames';
import { personRecordProblems } from '../records/person-record';
import { generatePopulation } from './population';
import { planRecords, renderRecord } from './synthetic-records';

describe('synthetic population', () => {
  const people = generatePopulation({ people: 5_000, seed: 3 });

  it('is reproducible from its seed', () => {
    expect(generatePopulation({ people: 200, seed: 3 })).toEqual(people.slice(0, 200));
    expect(generatePopulation({ people: 200, seed: 4 })).not.toEqual(people.slice(0, 200));
  });

  it('has skewed name frequencies: a few common surnames and a long tail', () => {
    const counts = new Map<string, number>();
    for (const person of people) counts.set(person.surname, (counts.get(person.surname) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(25);
    expect(sorted.filter((count) => count === 1).length).toBeGreaterThan(counts.size / 3);
  });

  it('has twins sharing surname, birth date and address with names a family tells apart', () => {
    const twins = people.filter((person) => person.twin !== undefined);
    expect(twins.length).toBeGreaterThan(50);
    for (const person of twins) {
      const twin = people[person.twin as number];
      expect([twin.surname, twin.birthDate, twin.address]).toEqual([person.surname, person.birthDate, person.address]);
      const [a, b] = [person.givenName.toLowerCase(), twin.givenName.toLowerCase()];
      expect(areNicknameVariants(a, b)).toBe(false);
      expect(jaroWinkler(a, b)).toBeLessThan(0.85);
    }
  });

  it('includes name changes, moves and compound surnames', () => {
    expect(people.some((person) => person.laterSurname !== undefined)).toBe(true);
    expect(people.some((person) => person.laterAddress !== undefined)).toBe(true);
    expect(people.some((person) => person.surname.includes('-'))).toBe(true);
  });

  it('renders valid, noisy records from several sources', () => {
    const rendered = people.slice(0, 1_000).flatMap((person) => planRecords(person, 3).map((plan, ordinal) => ({ person, ...renderRecord(person, plan, ordinal, 3) })));
    expect(new Set(rendered.map(({ source }) => source)).size).toBeGreaterThanOrEqual(5);
    for (const { record } of rendered) expect(personRecordProblems(record)).toEqual([]);
    expect(new Set(rendered.map(({ record }) => record.record_id)).size).toBe(rendered.length);
    const alteredGivenNames = rendered.filter(({ person, record }) => normaliseName(record.first_name).text !== normaliseName(person.givenName).text);
    expect(alteredGivenNames.length / rendered.length).toBeGreaterThan(0.01);
    expect(alteredGivenNames.length / rendered.length).toBeLessThan(0.2);
  });
});
