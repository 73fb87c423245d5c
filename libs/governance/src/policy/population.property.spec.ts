import fc from 'fast-check';
import { SECTORS, type CohortCriteria, type Population } from '../agreements/agreement';
import { populationProblems } from './decide';

// Small pools, so generated requests often fall inside generated agreements and often not.
const DISTRICTS = [1, 2, 3];
const SCHOOLS = [1001, 1002, 2001, 3001];
const GRADES = ['Ninth grade', 'Tenth grade', 'Eleventh grade'];
const YEARS = [2025, 2026];
const PROGRAMS = ['Foster care support', 'Title I'];
const INSTITUTIONS = ['100001', '100002'];
const DISTRICT_OF_SCHOOL = new Map(SCHOOLS.map((school) => [String(school), String(Math.floor(school / 1000))]));

type ListName = Exclude<keyof CohortCriteria, 'sectors'>;
const LISTS: Array<[ListName, readonly (number | string)[]]> = [
  ['districts', DISTRICTS],
  ['schools', SCHOOLS],
  ['grades', GRADES],
  ['schoolYears', YEARS],
  ['programs', PROGRAMS],
  ['institutions', INSTITUTIONS],
];

const someOf = <T>(items: readonly T[]) => fc.subarray([...items], { minLength: 1 });
const maybeSomeOf = <T>(items: readonly T[]) => fc.option(someOf(items), { nil: undefined });

const criteriaArbitrary: fc.Arbitrary<CohortCriteria> = fc
  .record({
    sectors: someOf(SECTORS),
    districts: maybeSomeOf(DISTRICTS),
    schools: maybeSomeOf(SCHOOLS),
    grades: maybeSomeOf(GRADES),
    schoolYears: maybeSomeOf(YEARS),
    programs: maybeSomeOf(PROGRAMS),
    institutions: maybeSomeOf(INSTITUTIONS),
  })
  .map((criteria) => JSON.parse(JSON.stringify(criteria)) as CohortCriteria);

const cohort = (criteria: CohortCriteria): Population => ({ kind: 'cohort', criteria });

/** A request that takes, of each list the agreement gives, some of its values (a school of an agreed district counts), and anything of the lists it leaves out. */
const withinArbitrary = (agreed: CohortCriteria): fc.Arbitrary<CohortCriteria> => {
  const agreedSchools = agreed.districts || agreed.schools ? SCHOOLS.filter((school) => agreed.schools?.includes(school) || agreed.districts?.includes(Math.floor(school / 1000))) : SCHOOLS;
  const organisations =
    agreed.districts || agreed.schools
      ? fc.oneof(...(agreed.districts ? [fc.record({ districts: someOf(agreed.districts) })] : []), ...(agreedSchools.length > 0 ? [fc.record({ schools: someOf(agreedSchools) })] : []))
      : fc.record({ districts: maybeSomeOf(DISTRICTS), schools: maybeSomeOf(SCHOOLS) });
  const listOf = <T>(given: readonly T[] | undefined, pool: readonly T[]) => (given ? someOf(given) : maybeSomeOf(pool));
  return fc
    .record({
      organisations,
      sectors: someOf(agreed.sectors),
      grades: listOf(agreed.grades, GRADES),
      schoolYears: listOf(agreed.schoolYears, YEARS),
      programs: listOf(agreed.programs, PROGRAMS),
      institutions: listOf(agreed.institutions, INSTITUTIONS),
    })
    .map(({ organisations, ...lists }) => JSON.parse(JSON.stringify({ ...organisations, ...lists })) as CohortCriteria);
};

describe('populationProblems (properties)', () => {
  it("finds nothing outside a request drawn from within the agreement's cohort", () => {
    fc.assert(
      fc.property(
        criteriaArbitrary.chain((agreed) => fc.tuple(fc.constant(agreed), withinArbitrary(agreed))),
        ([agreed, requested]) => {
          expect(populationProblems(cohort(agreed), cohort(requested), DISTRICT_OF_SCHOOL)).toEqual([]);
        },
      ),
    );
  });

  it('names any value a request adds outside a list the agreement gives', () => {
    fc.assert(
      fc.property(
        criteriaArbitrary.chain((agreed) => fc.tuple(fc.constant(agreed), withinArbitrary(agreed), fc.constantFrom(...LISTS))),
        ([agreed, requested, [list, pool]]) => {
          const agreedValues = agreed[list] as ReadonlyArray<number | string> | undefined;
          const outside = pool.filter((value) => agreedValues && !agreedValues.includes(value));
          fc.pre(outside.length > 0 && (list !== 'schools' || !agreed.districts));
          const widened = { ...requested, [list]: [...new Set([...((requested[list] as ReadonlyArray<number | string>) ?? []), outside[0]])] };
          const problems = populationProblems(cohort(agreed), cohort(widened), DISTRICT_OF_SCHOOL);
          expect(problems.some((problem) => problem.includes(` ${outside[0]} is outside the agreement's cohort`))).toBe(true);
        },
      ),
    );
  });

  it('finds a request outside whenever it reaches a sector the agreement leaves out', () => {
    fc.assert(
      fc.property(criteriaArbitrary, criteriaArbitrary, (agreed, requested) => {
        const extra = requested.sectors.filter((sector) => !agreed.sectors.includes(sector));
        const problems = populationProblems(cohort(agreed), cohort(requested), DISTRICT_OF_SCHOOL);
        for (const sector of extra) expect(problems).toContain(`${sector} records are outside the agreement's cohort (sectors ${agreed.sectors.join(', ')})`);
      }),
    );
  });

  it('never lets a request in by widening it: more values in its lists keep it outside', () => {
    fc.assert(
      fc.property(criteriaArbitrary, criteriaArbitrary, fc.constantFrom(...LISTS), fc.nat(), (agreed, requested, [list, pool], pick) => {
        fc.pre(populationProblems(cohort(agreed), cohort(requested), DISTRICT_OF_SCHOOL).length > 0 && requested[list] !== undefined);
        const widened = { ...requested, [list]: [...new Set([...(requested[list] as ReadonlyArray<number | string>), pool[pick % pool.length]])] };
        expect(populationProblems(cohort(agreed), cohort(widened), DISTRICT_OF_SCHOOL).length).toBeGreaterThan(0);
      }),
    );
  });
});
