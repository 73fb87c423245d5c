import fc from 'fast-check';
import { PURPOSES } from '../policy/purposes';
import { researchTerms } from '../testing/agreements';
import { disclosureFloorProblems } from './agreement-terms';

describe('the disclosure floor (properties)', () => {
  const rules = fc.record({ k: fc.integer({ min: 1, max: 1000 }), minimumCellSize: fc.integer({ min: 1, max: 1000 }), floor: fc.integer({ min: 2, max: 1000 }) });

  it('refuses research output rules exactly when k or the minimum cell size is below the floor, naming each', () => {
    fc.assert(
      fc.property(rules, ({ k, minimumCellSize, floor }) => {
        const problems = disclosureFloorProblems(researchTerms({ outputRules: { dataLevel: 'record', k, minimumCellSize } }), floor);
        expect(problems.some((problem) => problem.startsWith(`outputRules.k ${k} `))).toBe(k < floor);
        expect(problems.some((problem) => problem.startsWith(`outputRules.minimumCellSize ${minimumCellSize} `))).toBe(minimumCellSize < floor);
      }),
    );
  });

  it('holds no other purpose to it: their output rules govern no extract', () => {
    fc.assert(
      fc.property(rules, fc.constantFrom(PURPOSES.handleWithCare, PURPOSES.enrolledStudentRecords), ({ k, minimumCellSize, floor }, code) => {
        const terms = researchTerms({ purpose: { code, description: 'not research' }, outputRules: { dataLevel: 'record', k, minimumCellSize } });
        expect(disclosureFloorProblems(terms, floor)).toEqual([]);
      }),
    );
  });
});
