import { generatePopulation } from '../evaluation/population';
import { planRecords } from '../evaluation/synthetic-records';
import { syntheticTrainingRecords } from '../evaluation/run-evaluation';
import { COMPARISONS, MISSING } from '../scoring/comparisons';
import { parseIdentityModel, serialiseIdentityModel } from './identity-model';
import { Random } from './seeded-random';
import { type ComparisonPattern, estimateModel, expectationMaximisation, fitMixture, MIN_RECORDS_TO_ESTIMATE, trainModel, TrainingSet } from './training';

const PEOPLE = 3_000;
const SEED = 21;

describe('trainModel', () => {
  const model = trainModel(syntheticTrainingRecords(PEOPLE, SEED), { seed: SEED, randomPairs: 100_000, createdAt: '2026-01-01T00:00:00.000Z' });
  const level = (field: string, label: string) => {
    const comparison = model.comparisons[COMPARISONS.findIndex((candidate) => candidate.field === field)];
    return comparison.levels.find((candidate) => candidate.label === label) as { m: number; u: number; uSameAddress?: number };
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

  it('estimates how members of one household compare: the same surname mostly, a given name hardly ever', () => {
    expect(level('surname', 'exact').uSameAddress).toBeGreaterThan(0.5);
    expect(level('given_name', 'exact').uSameAddress).toBeLessThan(0.05);
    // Siblings share a birth date far more often than strangers (twins), yet seldom.
    expect(level('birth_date', 'exact').uSameAddress).toBeGreaterThan(level('birth_date', 'exact').u);
    expect(level('birth_date', 'exact').uSameAddress).toBeLessThan(0.2);
    expect(level('residence', 'same_address').uSameAddress).toBeUndefined();
  });

  it('records how it was trained, and converged', () => {
    expect(model.training.sessions.map((session) => session.blockingRule)).toEqual(['birth_date', 'given_name+surname', 'address']);
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

describe('estimateModel', () => {
  it('fits a few thousand records of a harsh population: EM converges and the fitted weights make sense', () => {
    const estimate = estimateModel(TrainingSet.of(syntheticTrainingRecords(1_500, SEED, { profile: 'harsh' })), { seed: SEED, randomPairs: 200_000 });
    if (!estimate.ok) throw new Error(`expected an estimate, got: ${estimate.reason}`);
    const { model } = estimate;
    for (const session of model.training.sessions) {
      expect(session.converged).toBe(true);
      expect(session.iterations).toBeLessThan(100);
    }
    const weight = (field: string, label: string) => {
      const levels = model.comparisons[COMPARISONS.findIndex((candidate) => candidate.field === field)].levels;
      const { m, u } = levels.find((candidate) => candidate.label === label) as { m: number; u: number };
      return Math.log2(m / u);
    };
    expect(weight('birth_date', 'exact')).toBeGreaterThan(5);
    expect(weight('birth_date', 'different')).toBeLessThan(-2);
    expect(weight('given_name', 'typo')).toBeGreaterThan(0);
    expect(weight('given_name', 'different')).toBeLessThan(0);
  });

  it('fits a small file without families or namesakes, where every pair sharing a full name is one person', () => {
    const letters = (value: number) => Array.from({ length: 6 }, (_, place) => String.fromCharCode(97 + (Math.floor(value / 26 ** place) % 26))).join('');
    // 300 people, 600 records: a small file, as a partner agency's may be.
    const records = Array.from({ length: 300 }, (_, person) => {
      const original = {
        record_id: `org-${person}`,
        first_name: letters(person * 7_919 + 11),
        last_name: letters(person * 104_729 + 3),
        birth_date: `19${String(20 + (person % 80)).padStart(2, '0')}-${String(1 + (person % 12)).padStart(2, '0')}-${String(1 + ((person * 7) % 28)).padStart(2, '0')}`,
        address: `${person + 1} ${letters(person * 31)} street`,
        postcode: String(2000 + (person % 900)),
      };
      // Every third duplicate has its birth date mistyped, every fifth a new address.
      const duplicate = {
        ...original,
        record_id: `dup-${person}`,
        ...(person % 3 === 0 ? { birth_date: original.birth_date.replace(/-(\d)(\d)$/, '-$2$1') } : {}),
        ...(person % 5 === 0 ? { address: `${person + 50} ${letters(person * 37)} road`, postcode: String(3000 + (person % 700)) } : {}),
      };
      return [original, duplicate];
    });
    const estimate = estimateModel(TrainingSet.of(records.flat().map((record) => ({ record, source: 'file' }))), { seed: SEED, randomPairs: 100_000 });
    if (!estimate.ok) throw new Error(`expected an estimate, got: ${estimate.reason}`);
    const namesSession = estimate.model.training.sessions.find((session) => session.blockingRule === 'given_name+surname');
    expect(namesSession?.estimatedMatchShare).toBeGreaterThan(0.99);
  });

  it('says why when the records cannot support an estimate', () => {
    const few = estimateModel(TrainingSet.of([...syntheticTrainingRecords(200, SEED)].slice(0, 400)));
    expect(few).toEqual({ ok: false, reason: `400 records; estimation needs at least ${MIN_RECORDS_TO_ESTIMATE}` });
    // Every record a different person with another birth date and name: nothing for EM to find.
    const strangers = TrainingSet.of(
      Array.from({ length: 1_200 }, (_, index) => ({
        source: 'k12',
        record: { record_id: `s${index}`, first_name: `Given${index.toString(36)}`, last_name: `Family${(index * 7).toString(36)}`, birth_date: `2010-01-01` },
      })),
    );
    const none = estimateModel(strangers, { randomPairs: 50_000 });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.reason).toMatch(/pairs of records share a given_name and surname|no evidence|no matches|did not converge/);
  });
});

describe('expectationMaximisation', () => {
  // Known parameters for every comparison level: true matches mostly reach the best level and
  // different people mostly the worst, with some mass on every level in between. name_order's u
  // is 1 at both levels (not a distribution): different people are drawn in the given order, as
  // the engine compares them.
  const spread = (levels: number, best: number) => Array.from({ length: levels }, (_, level) => (level === 0 ? best : ((1 - best) * 2 ** -level) / (1 - 2 ** -(levels - 1))));
  const truth = COMPARISONS.map(({ field, levels }) => {
    const m = spread(levels.length, 0.8);
    const u = field === 'name_order' ? levels.map(() => 1) : [...spread(levels.length, 0.9)].reverse();
    return { field, levels: levels.map((label, level) => ({ label, m: m[level], u: u[level] })) };
  });
  const u = truth.map(({ levels }) => Float64Array.from(levels, (level) => level.u));
  const draw = (random: Random, probabilities: readonly number[]) => {
    let left = random.next();
    for (let level = 0; level < probabilities.length - 1; level++) {
      left -= probabilities[level];
      if (left < 0) return level;
    }
    return probabilities.length - 1;
  };

  /** Pairs drawn from the model: a match with probability `matchShare`, each comparison missing with probability `missing`. */
  function population(pairs: number, matchShare: number, missing: number, seed: number): ComparisonPattern[] {
    const random = new Random(seed);
    const patterns = new Map<string, ComparisonPattern>();
    for (let pair = 0; pair < pairs; pair++) {
      const match = random.chance(matchShare);
      const levels = Int8Array.from(truth, ({ field, levels: parameters }) => {
        if (random.chance(missing)) return MISSING;
        if (match)
          return draw(
            random,
            parameters.map((level) => level.m),
          );
        return field === 'name_order'
          ? 0
          : draw(
              random,
              parameters.map((level) => level.u),
            );
      });
      const key = levels.join(',');
      patterns.set(key, { levels, count: (patterns.get(key)?.count ?? 0) + 1 });
    }
    return [...patterns.values()];
  }

  it.each([
    [0.1, 0],
    [0.03, 0.2],
  ])('recovers every m and the match share (%s) from pairs generated from known parameters, with %s of comparisons missing', (matchShare, missing) => {
    const fitted = expectationMaximisation(
      population(300_000, matchShare, missing, 5),
      u,
      truth.map(() => true),
    );
    expect(fitted.converged).toBe(true);
    expect(fitted.matchShare).toBeCloseTo(matchShare, 2);
    truth.forEach(({ field, levels }, comparison) =>
      levels.forEach(({ label, m }, level) => expect({ field, label, m: fitted.m[comparison][level] }).toEqual({ field, label, m: expect.closeTo(m, 1.5) })),
    );
  });

  it('recovers every u and the match share from the same pairs when m is the class known (a household session)', () => {
    const m = truth.map(({ levels }) => Float64Array.from(levels, (level) => level.m));
    const estimated = truth.map(({ field }) => field !== 'name_order');
    const fitted = fitMixture(population(300_000, 0.4, 0.1, 7), m, 'u', estimated);
    expect(fitted.converged).toBe(true);
    expect(fitted.matchShare).toBeCloseTo(0.4, 2);
    truth.forEach(({ field, levels }, comparison) => {
      if (!estimated[comparison]) return;
      levels.forEach(({ label, u: expected }, level) => expect({ field, label, u: fitted.estimate[comparison][level] }).toEqual({ field, label, u: expect.closeTo(expected, 1.5) }));
    });
  });

  it('does not recover them from pairs that carry no evidence (u = m): the test can fail', () => {
    const noEvidence = truth.map(({ levels }) => Float64Array.from(levels, (level) => level.m));
    const fitted = expectationMaximisation(
      population(50_000, 0.1, 0, 6),
      noEvidence,
      truth.map(() => true),
    );
    const birthDate = truth.findIndex(({ field }) => field === 'birth_date');
    expect(Math.abs(fitted.m[birthDate][0] - truth[birthDate].levels[0].m)).toBeGreaterThan(0.01);
  });
});

describe('TrainingSet', () => {
  it('leaves out records the engine would refuse and counts, by field, what it compares as missing', () => {
    const set = new TrainingSet();
    expect(set.add({ record_id: 'a', first_name: 'Ana', last_name: 'Okafor', birth_date: '2012-02-30' }, 'k12')).toBe(true);
    expect(set.add({ record_id: 'b', first_name: 'Ana', last_name: '', birth_date: '2012-02-03' }, 'k12')).toBe(true);
    expect(set.add({ record_id: '', first_name: 'Ana', last_name: 'Okafor', birth_date: '2012-02-03' }, 'k12')).toBe(false);
    const counts = set.counts();
    expect(counts.records).toBe(2);
    expect(counts.warnings).toEqual({ birth_date: 1, last_name: 1 });
    expect(Object.values(counts.refused)).toEqual([1]);
    expect(JSON.stringify(counts)).not.toMatch(/Ana|Okafor/);
  });
});
