import { DEFAULT_THRESHOLDS, parseThresholds } from './thresholds';

describe('district thresholds', () => {
  it('accept the defaults and normalise course prefixes to upper case once each', () => {
    expect(parseThresholds(DEFAULT_THRESHOLDS)).toEqual(DEFAULT_THRESHOLDS);
    expect(parseThresholds({ ...DEFAULT_THRESHOLDS, coreCoursePrefixes: ['alg', 'ALG', 'eng'] }).coreCoursePrefixes).toEqual(['ALG', 'ENG']);
  });

  it('refuse every problem at once, naming each', () => {
    expect(() => parseThresholds({ ...DEFAULT_THRESHOLDS, chronicAbsenceRate: 0, suspensions: 0.5, colour: 'red' })).toThrow(
      /colour is not a threshold.*chronicAbsenceRate must be a number above 0 and at most 1.*suspensions must be a whole number from 1 to 50/,
    );
    expect(() => parseThresholds([])).toThrow(/JSON object/);
  });
});
