import fc from 'fast-check';
import { gradeBandHierarchy } from '../generalisation/grade-bands';
import { numericBandHierarchy, suppressOnlyHierarchy, valueMapHierarchy } from '../generalisation/hierarchy';
import type { MicrodataRecord } from '../values';
import { planKAnonymity, type LatticeSearch } from './k-anonymity';
import { QuasiIdentifierCounts } from './quasi-identifier-counts';

const DISTRICT_OF_SCHOOL = { s1: 'd1', s2: 'd1', s3: 'd1', s4: 'd2', s5: 'd2', s6: 'd3' };
const HIERARCHIES = {
  school: valueMapHierarchy('school', [{ level: 'district', map: DISTRICT_OF_SCHOOL }]),
  birthYear: numericBandHierarchy('birthYear'),
  sex: suppressOnlyHierarchy('sex'),
  grade: gradeBandHierarchy(),
  englishLearner: suppressOnlyHierarchy('englishLearner'),
};
const QUASI_IDENTIFIERS = Object.keys(HIERARCHIES);

// Skewed pools, so that some combinations are common and others rare, as in real extracts.
const recordArbitrary: fc.Arbitrary<MicrodataRecord> = fc.record({
  school: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('s1', 's4') }, { weight: 1, arbitrary: fc.constantFrom(...Object.keys(DISTRICT_OF_SCHOOL)) }),
  birthYear: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 2008, max: 2010 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2001, max: 2014 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  sex: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('F', 'M') }, { weight: 1, arbitrary: fc.constant('X') }),
  grade: fc.constantFrom('K', '3', '7', 'uri://ed-fi.org/GradeLevelDescriptor#Tenth grade'),
  englishLearner: fc.boolean(),
  score: fc.integer({ min: 0, max: 100 }),
});

interface Case {
  records: MicrodataRecord[];
  quasiIdentifiers: string[];
  k: number;
  maxSuppressionRate: number;
  search: LatticeSearch;
  secondPassOrder: number;
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  // Some records repeated, so that classes of k and more occur.
  records: fc
    .array(fc.tuple(recordArbitrary, fc.integer({ min: 1, max: 6 })), { maxLength: 60, size: 'medium' })
    .map((groups) => groups.flatMap(([record, copies]) => Array<MicrodataRecord>(copies).fill(record))),
  quasiIdentifiers: fc.subarray(QUASI_IDENTIFIERS, { minLength: 1, maxLength: 3 }),
  k: fc.integer({ min: 2, max: 15 }),
  maxSuppressionRate: fc.constantFrom(0, 0.01, 0.05, 0.1, 0.25),
  search: fc.constantFrom<LatticeSearch>('full-lattice', 'greedy'),
  secondPassOrder: fc.nat(),
});

/** Both passes; the second reads the records from another starting point, as a re-run query might. */
function run({ records, quasiIdentifiers, k, maxSuppressionRate, search, secondPassOrder }: Case, searchOverride?: LatticeSearch) {
  const hierarchies = Object.fromEntries(quasiIdentifiers.map((element) => [element, HIERARCHIES[element as keyof typeof HIERARCHIES]]));
  const counts = new QuasiIdentifierCounts(quasiIdentifiers);
  records.forEach((record) => counts.add(record));
  const plan = planKAnonymity(counts, hierarchies, { k, maxSuppressionRate, search: searchOverride ?? search });
  const start = records.length === 0 ? 0 : secondPassOrder % records.length;
  const rotated = [...records.slice(start), ...records.slice(0, start)];
  const released = rotated.map((record) => plan.apply(record));
  plan.assertSecondPassMatched();
  return { plan, released, rotated };
}

describe('planKAnonymity (properties)', () => {
  it('generates cases that exercise generalisation, suppression and unmet budgets', () => {
    const reports = fc.sample(caseArbitrary, 500).map((input) => run(input).plan.report);
    const share = (predicate: (report: (typeof reports)[number]) => boolean) => reports.filter(predicate).length / reports.length;
    expect(share((report) => report.levels.some(({ level, top }) => level > 0 && level < top))).toBeGreaterThan(0.1);
    expect(share((report) => report.suppressedRecords > 0 && report.budgetMet)).toBeGreaterThan(0.1);
    expect(share((report) => !report.budgetMet)).toBeGreaterThan(0.02);
  });

  it('releases every combination of quasi-identifiers in at least k records, and says so', () => {
    fc.assert(
      fc.property(caseArbitrary, (input) => {
        const { plan, released } = run(input);
        const classSizes = new Map<string, number>();
        for (const record of released) {
          if (record === null) continue;
          const key = JSON.stringify(input.quasiIdentifiers.map((element) => record[element]));
          classSizes.set(key, (classSizes.get(key) ?? 0) + 1);
        }
        for (const size of classSizes.values()) expect(size).toBeGreaterThanOrEqual(input.k);

        const { report } = plan;
        const withheld = released.filter((record) => record === null).length;
        expect(report.suppressedRecords).toBe(withheld);
        expect(report.releasedRecords).toBe(released.length - withheld);
        expect(report.releasedClasses).toBe(classSizes.size);
        expect(report.smallestReleasedClass).toBe(classSizes.size === 0 ? null : Math.min(...classSizes.values()));
        expect(report.informationLoss).toBeGreaterThanOrEqual(0);
        expect(report.informationLoss).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps withheld records within the budget, or reports that it could not (only ever with fewer than k records)', () => {
    fc.assert(
      fc.property(caseArbitrary, (input) => {
        const { report } = run(input).plan;
        expect(report.suppressionBudget).toBe(Math.floor(input.maxSuppressionRate * input.records.length));
        if (report.budgetMet) expect(report.suppressedRecords).toBeLessThanOrEqual(report.suppressionBudget);
        else {
          expect(input.records.length).toBeLessThan(input.k);
          expect(report.levels.every(({ level, top }) => level === top)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('changes only quasi-identifiers, each to its generalisation at the reported level', () => {
    fc.assert(
      fc.property(caseArbitrary, (input) => {
        const { plan, released, rotated } = run(input);
        const levelOf = new Map(plan.report.levels.map(({ element, level }) => [element, level]));
        const expected = rotated.map((record, index) => {
          if (released[index] === null) return null;
          const generalised = Object.entries(record).map(([element, value]) => {
            const level = levelOf.get(element);
            return [element, level === undefined ? value : HIERARCHIES[element as keyof typeof HIERARCHIES].generalise(value, level)];
          });
          return Object.fromEntries(generalised);
        });
        expect(released).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('plans and checks alike whether the passes take identical records one by one or as groups with a count', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.boolean(), (input, dropOne) => {
        const { plan, released, rotated } = run(input);
        const hierarchies = Object.fromEntries(input.quasiIdentifiers.map((element) => [element, HIERARCHIES[element as keyof typeof HIERARCHIES]]));
        // Identical records side by side, each run counted once with its length.
        const runs: Array<{ record: MicrodataRecord; records: number }> = [];
        for (const record of input.records) {
          const last = runs.at(-1);
          if (last && last.record === record) last.records += 1;
          else runs.push({ record, records: 1 });
        }
        const counts = new QuasiIdentifierCounts(input.quasiIdentifiers);
        runs.forEach(({ record, records }) => counts.add(record, records));
        const grouped = planKAnonymity(counts, hierarchies, { k: input.k, maxSuppressionRate: input.maxSuppressionRate, search: input.search });
        expect(grouped.report).toEqual(plan.report);
        expect(rotated.map((record) => grouped.apply(record, 1))).toEqual(released);
        grouped.assertSecondPassMatched();

        // A second pass that reports one record too few is caught, grouped or not.
        const again = planKAnonymity(counts, hierarchies, { k: input.k, maxSuppressionRate: input.maxSuppressionRate, search: input.search });
        const shorter = dropOne ? runs.map((run, index) => (index === 0 ? { ...run, records: run.records - 1 } : run)) : runs;
        shorter.forEach(({ record, records }) => records > 0 && again.apply(record, records));
        if (dropOne && runs.length > 0) expect(() => again.assertSecondPassMatched()).toThrow('the second pass did not read the records the first pass counted');
        else again.assertSecondPassMatched();
      }),
      { numRuns: 200 },
    );
  });

  it('counts a record standing for several only in whole numbers of at least one', () => {
    const counts = new QuasiIdentifierCounts(['sex']);
    for (const records of [0, -1, 1.5, Number.NaN]) expect(() => counts.add({ sex: 'F' }, records)).toThrow('a record stands for a whole number of records, at least one');
    counts.add({ sex: 'F' }, 12);
    const plan = planKAnonymity(counts, { sex: HIERARCHIES.sex }, { k: 11 });
    expect(() => plan.apply({ sex: 'F' }, 0)).toThrow('a record stands for a whole number of records, at least one');
    expect(plan.apply({ sex: 'F' }, 12)).toEqual({ sex: 'F' });
    plan.assertSecondPassMatched();
  });

  it('searching the full lattice never loses more than the greedy search', () => {
    fc.assert(
      fc.property(caseArbitrary, (input) => {
        const full = run(input, 'full-lattice').plan.report;
        const greedy = run(input, 'greedy').plan.report;
        if (greedy.budgetMet) expect(full.informationLoss).toBeLessThanOrEqual(greedy.informationLoss + 1e-12);
        expect(full.budgetMet).toBe(greedy.budgetMet);
      }),
      { numRuns: 200 },
    );
  });
});
