import { generatePopulation } from '../evaluation/population';
import { planRecords } from '../evaluation/synthetic-records';
import { syntheticTrainingRecords } from '../evaluation/run-evaluation';
import { COMPARISONS } from '../scoring/comparisons';
import { parseIdentityModel, serialiseIdentityModel } from './identity-model';
import { trainModel } from './training';

const PEOPLE = 3_000;
const SEED = 21;

describe('trainModel', () => {
  const model = trainModel(syntheticTrainingRecords(PEOPLE, SEED), { seed: SEED, randomPairs: 100_000, createdAt: '2026-01-01T00:00:00.000Z' });
  const level = (field: string, label: string) => {
    const comparison = model.comparisons[COMPARISONS.findIndex((candidate) => candidate.field === field)];
    return comparison.levels.find((candidate) => candidate.label === label) as { m: number; u: number };
  };

  it('estimates that true matches mostly agree and random pairs mostly do not', () => {
    for (const [field, label] of [
      ['given_name', 'exact'],
      ['surname', 'exact'],
      ['birth_date', 'exact'],
      ['residence', 'same_address'],
    ]) {
      expect(level(field, label).m).toBeGreaterThan(0.5);
      expect(level(field, label).u).toBeLessThan(0.05);
    }
    expect(level('birth_date', 'different').u).toBeGreaterThan(0.9);
    expect(level('birth_date', 'day_month_swapped').m).toBeGreaterThan(level('birth_date', 'day_month_swapped').u);
  });

  it('estimates the prior within a factor of two of the truth', () => {
    const people = generatePopulation({ people: PEOPLE, seed: SEED });
    const counts = people.map((person) => planRecords(person, SEED).length);
    const records = counts.reduce((sum, count) => sum + count, 0);
    const truePairs = counts.reduce((sum, count) => sum + (count * (count - 1)) / 2, 0);
    const truth = truePairs / ((records * (records - 1)) / 2);
    expect(model.prior).toBeGreaterThan(truth / 2);
    expect(model.prior).toBeLessThan(truth * 2);
  });

  it('records how it was trained, and converged', () => {
    expect(model.training.sessions.map((session) => session.blockingRule)).toEqual(['birth_date', 'given_name+surname']);
    for (const session of model.training.sessions) expect(session.converged).toBe(true);
    expect(model.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('weighs a rare surname more than a common one', () => {
    const { values, unseen } = model.termFrequencies.surname;
    expect(values.smith).toBeGreaterThan(unseen);
  });

  it('is reproducible: the same data and seed give the same model id', () => {
    const again = trainModel(syntheticTrainingRecords(PEOPLE, SEED), { seed: SEED, randomPairs: 100_000 });
    expect(again.id).toBe(model.id);
    expect(parseIdentityModel(serialiseIdentityModel(again)).id).toBe(model.id);
  });

  it('refuses too little data', () => {
    expect(() => trainModel([])).toThrow(RangeError);
  });
});
