import { fixedHierarchy, numericBandHierarchy, suppressOnlyHierarchy, valueMapHierarchy, type GeneralisationHierarchy } from '../generalisation/hierarchy';
import { DisclosureControlError, SUPPRESSED, type MicrodataRecord } from '../values';
import { planKAnonymity, type KAnonymityOptions } from './k-anonymity';
import { QuasiIdentifierCounts } from './quasi-identifier-counts';

const schools = valueMapHierarchy('school', [{ level: 'district', map: { s1: 'district-a', s2: 'district-a', s3: 'district-b', s4: 'district-b' } }]);

/** `count` records per school, each with a score. */
function recordsBySchool(countBySchool: Record<string, number>): MicrodataRecord[] {
  return Object.entries(countBySchool).flatMap(([school, count]) => Array.from({ length: count }, (_, index) => ({ school, score: index })));
}

/** Both passes over the same records; the released records, and the plan. */
function release(records: readonly MicrodataRecord[], hierarchies: Record<string, GeneralisationHierarchy> = { school: schools }, options: KAnonymityOptions = {}) {
  const counts = new QuasiIdentifierCounts(Object.keys(hierarchies));
  records.forEach((record) => counts.add(record));
  const plan = planKAnonymity(counts, hierarchies, options);
  const released = records.map((record) => plan.apply(record)).filter((record) => record !== null);
  plan.assertSecondPassMatched();
  return { plan, released };
}

describe('planKAnonymity', () => {
  it('generalises school to district when too many records sit in small schools', () => {
    const { plan, released } = release(recordsBySchool({ s1: 20, s2: 6, s3: 7, s4: 8 }));
    expect(plan.report).toMatchObject({
      k: 11,
      maxSuppressionRate: 0.05,
      suppressionBudget: 2,
      budgetMet: true,
      records: 41,
      releasedRecords: 41,
      suppressedRecords: 0,
      releasedClasses: 2,
      smallestReleasedClass: 15,
      levels: [{ element: 'school', level: 1, top: 2, meaning: 'district' }],
      search: { strategy: 'full-lattice', latticeSize: 3, nodesEvaluated: 3 },
    });
    // Each district stands for 2 of the 4 schools recorded: (2 − 1)/(4 − 1).
    expect(plan.report.informationLoss).toBeCloseTo(1 / 3);
    expect(plan.report.levels[0].loss).toBeCloseTo(1 / 3);
    expect(plan.report.reason).toBe(
      'Generalised school → district: of all 3 combinations of levels, the one losing least information with at most 2 of 41 records (5%) withheld for sitting in groups smaller than k = 11; 0 records withheld.',
    );
    expect(released[0]).toEqual({ school: 'district-a', score: 0 });
  });

  it('withholds a few records rather than generalising everyone, within the budget', () => {
    const { plan, released } = release(recordsBySchool({ s1: 30, s2: 30, s3: 30, s4: 1 }));
    expect(plan.report).toMatchObject({ suppressionBudget: 4, suppressedRecords: 1, releasedRecords: 90, levels: [{ level: 0, meaning: 'school' }] });
    expect(plan.report.informationLoss).toBeCloseTo(1 / 91);
    expect(released.some((record) => record.school === 's4')).toBe(false);
    expect(plan.apply({ school: 's4', score: 0 })).toBeNull();
  });

  it('takes k and the budget from the options', () => {
    const { plan } = release(recordsBySchool({ s1: 30, s2: 30, s3: 30, s4: 1 }), { school: schools }, { k: 31, maxSuppressionRate: 0 });
    expect(plan.report).toMatchObject({ k: 31, suppressionBudget: 0, suppressedRecords: 0, levels: [{ level: 1 }], smallestReleasedClass: 31 });
  });

  it('chooses across quasi-identifiers the levels that lose least', () => {
    const records = Array.from({ length: 120 }, (_, index) => ({ birthYear: 2005 + (index % 10), sex: index % 2 === 0 ? 'F' : 'M' }));
    const hierarchies = { birthYear: numericBandHierarchy('birthYear'), sex: suppressOnlyHierarchy('sex') };
    const { plan, released } = release(records, hierarchies, { k: 20 });
    // 12 records per year, each year of one sex: 5-year bands hold 24 or 36 of each sex, so sex can stay.
    expect(plan.report.levels.map(({ element, level, meaning }) => [element, level, meaning])).toEqual([
      ['birthYear', 1, 'birthYear in bands of 5'],
      ['sex', 0, 'sex'],
    ]);
    expect(new Set(released.map(({ birthYear, sex }) => `${birthYear}/${sex}`))).toEqual(new Set(['2005-2009/F', '2005-2009/M', '2010-2014/F', '2010-2014/M']));
  });

  it('reports the budget as not met and withholds everything when there are fewer than k records', () => {
    const { plan, released } = release(recordsBySchool({ s1: 3, s3: 2 }));
    expect(released).toEqual([]);
    expect(plan.report).toMatchObject({
      budgetMet: false,
      suppressedRecords: 5,
      releasedClasses: 0,
      smallestReleasedClass: null,
      levels: [{ level: 2, meaning: 'suppressed' }],
      informationLoss: 1,
    });
    expect(plan.report.reason).toBe(
      'No choice of generalisation levels kept at most 0 of 5 records (5%) withheld for sitting in groups smaller than k = 11, so every quasi-identifier is withheld; 5 records withheld.',
    );
  });

  it('releases every quasi-identifier as SUPPRESSED when only the top level gets to k', () => {
    const { plan, released } = release(recordsBySchool({ s1: 6, s3: 6 }));
    expect(plan.report.levels[0].level).toBe(2);
    expect(released.every((record) => record.school === SUPPRESSED)).toBe(true);
    expect(plan.report.releasedRecords).toBe(12);
  });

  it('plans an empty extract', () => {
    const { plan } = release([]);
    expect(plan.report).toMatchObject({ records: 0, releasedRecords: 0, budgetMet: true, smallestReleasedClass: null, informationLoss: 0 });
  });

  it('with the greedy search, raises the quasi-identifier that loses least while that lowers the loss', () => {
    const { plan } = release(recordsBySchool({ s1: 20, s2: 6, s3: 7, s4: 8 }), { school: schools }, { search: 'greedy' });
    expect(plan.report.levels[0].level).toBe(1);
    // School, then district (within budget), then suppressed, which loses more: the climb stops there.
    expect(plan.report.search).toEqual({ strategy: 'greedy', latticeSize: 3, nodesEvaluated: 3 });
    expect(plan.report.reason).toContain('raising one quasi-identifier a level at a time');
  });

  it('refuses a second pass that differs from the first', () => {
    const records = recordsBySchool({ s1: 20, s2: 20 });
    const counts = new QuasiIdentifierCounts(['school']);
    records.forEach((record) => counts.add(record));

    const unseen = planKAnonymity(counts, { school: schools });
    expect(() => unseen.apply({ school: 's3' })).toThrow(DisclosureControlError);

    const shorter = planKAnonymity(counts, { school: schools });
    records.slice(1).forEach((record) => shorter.apply(record));
    expect(() => shorter.assertSecondPassMatched()).toThrow('the second pass did not read the records the first pass counted');

    const longer = planKAnonymity(counts, { school: schools });
    [...records, records[0]].forEach((record) => longer.apply(record));
    expect(() => longer.assertSecondPassMatched()).toThrow(DisclosureControlError);
  });

  it('tells who it releases without counting them towards the second pass', () => {
    const records = recordsBySchool({ s1: 30, s2: 30, s3: 30, s4: 1 });
    const counts = new QuasiIdentifierCounts(['school']);
    records.forEach((record) => counts.add(record));
    const plan = planKAnonymity(counts, { school: schools });
    expect([plan.releases({ school: 's1' }), plan.releases({ school: 's4' })]).toEqual([true, false]);
    expect(() => plan.releases({ school: 's9' })).toThrow('the first pass never counted');
    // Asked as often as one likes, the second pass still has to see every record once.
    records.forEach((record) => plan.releases(record));
    expect(() => plan.assertSecondPassMatched()).toThrow('the second pass did not read the records the first pass counted');
    records.forEach((record) => expect(plan.releases(record)).toBe(plan.apply(record) !== null));
    expect(() => plan.assertSecondPassMatched()).not.toThrow();
  });

  it('keeps a fixed quasi-identifier apart at every level: its small groups are withheld, never merged, and it loses nothing', () => {
    // 40 records at s1: 25 with history "a", 12 with "b", 3 with none.
    const records: MicrodataRecord[] = recordsBySchool({ s1: 40 }).map((record, index) => ({ ...record, history: index < 25 ? 'a' : index < 37 ? 'b' : null }));
    const { plan, released } = release(records, { school: schools, history: fixedHierarchy('history') }, { maxSuppressionRate: 0.1 });
    expect(plan.report).toMatchObject({ suppressedRecords: 3, releasedClasses: 2, smallestReleasedClass: 12, informationLoss: 3 / 40 });
    expect(plan.report.levels).toEqual([
      { element: 'school', level: 0, top: 2, meaning: 'school', loss: 0 },
      { element: 'history', level: 0, top: 0, meaning: 'history', loss: 0 },
    ]);
    expect(released.filter((record) => record.history === null)).toEqual([]);
    // Even when no budget is met and everything else is suppressed, the groups stay apart.
    const { plan: strict, released: left } = release(records, { school: schools, history: fixedHierarchy('history') }, { k: 20, maxSuppressionRate: 0 });
    expect(strict.report).toMatchObject({ budgetMet: false, suppressedRecords: 15, levels: [{ level: 2 }, { level: 0 }] });
    expect(new Set(left.map((record) => record.history))).toEqual(new Set(['a']));
  });

  it('refuses hierarchies that do not match the counted quasi-identifiers, bad settings and values a hierarchy cannot place', () => {
    const counts = new QuasiIdentifierCounts(['school']);
    counts.add({ school: 's9' });
    expect(() => planKAnonymity(counts, {})).toThrow('unmatched: school');
    expect(() => planKAnonymity(counts, { school: schools, sex: suppressOnlyHierarchy('sex') })).toThrow('unmatched: sex');
    expect(() => planKAnonymity(counts, { school: schools }, { k: 0 })).toThrow('k must be a positive integer');
    expect(() => planKAnonymity(counts, { school: schools }, { maxSuppressionRate: 1.5 })).toThrow('maxSuppressionRate must be between 0 and 1');
    expect(() => planKAnonymity(counts, { school: schools })).toThrow('a value of school has no district in its hierarchy');
  });
});

describe('QuasiIdentifierCounts', () => {
  it('keeps one entry per distinct combination, telling numbers, text and missing values apart', () => {
    const counts = new QuasiIdentifierCounts(['birthYear', 'sex']);
    const records: MicrodataRecord[] = [{ birthYear: 2009, sex: 'F' }, { birthYear: 2009, sex: 'F', score: 3 }, { birthYear: '2009', sex: 'F' }, { sex: 'F' }, { birthYear: null, sex: 'F' }];
    records.forEach((record) => counts.add(record));
    expect(counts.records).toBe(5);
    expect(counts.distinctCombinations).toBe(3);
    expect([...counts.entries()]).toEqual([
      { values: [2009, 'F'], count: 2 },
      { values: ['2009', 'F'], count: 1 },
      { values: [null, 'F'], count: 2 },
    ]);
  });

  it('refuses a quasi-identifier named twice', () => {
    expect(() => new QuasiIdentifierCounts(['sex', 'sex'])).toThrow(DisclosureControlError);
  });
});
