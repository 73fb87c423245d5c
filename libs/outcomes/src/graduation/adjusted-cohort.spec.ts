import type { IndicatorValue, SchoolDirectory } from '../cells';
import { dayNumber } from '../dates';
import { SEX_CODES, emptyGroupColumns } from '../student-groups';
import { DIPLOMA_TYPES, EXIT_TYPES, graduationRates } from './adjusted-cohort';

const directory: SchoolDirectory = { schoolIds: ['H1', 'H2', 'H3'], districtIds: ['D1', 'D2'], districtOfSchool: Int32Array.of(0, 0, 1) };
const [H1, H2, H3] = [0, 1, 2];

type Enrolment = [student: number, school: number, entry: string, grade: number, exit?: string, exitType?: number, documented?: boolean];
type Diploma = [student: number, award: string, type: number];

// Cohort 2022: first-time 9th graders of 2021–22 (membership date 1 Oct 2021); 4 years end 31 Aug 2025, 5 years 31 Aug 2026.
const enrolments: Enrolment[] = [
  [0, H1, '2021-08-20', 9],
  [1, H1, '2021-08-20', 9, '2023-01-10', EXIT_TYPES.transferredToDiplomaProgram, true], // moved out of state, the receiver's request on file: removed
  [2, H1, '2021-08-20', 9, '2023-03-01', EXIT_TYPES.transferredToDiplomaProgram, false], // "transferred", nothing on file: stays, not a graduate
  [3, H1, '2021-08-20', 9, '2023-06-10', EXIT_TYPES.transferredToDiplomaProgram, true], // moved to H2 and graduated there: H2's
  [3, H2, '2023-08-20', 11],
  [4, H2, '2022-09-01', 10, '2024-02-01', EXIT_TYPES.droppedOut, false], // arrived from out of state in grade 10: a transfer in; dropped out
  [5, H1, '2021-11-15', 9], // entered 9th grade after the membership date: a transfer in; graduates in year 5
  [6, H1, '2021-08-20', 9, '2024-01-05', EXIT_TYPES.died, true], // removed
  [7, H1, '2020-08-20', 9], // first entered 9th grade in 2020–21, retained: stays in the 2021 cohort
  [7, H1, '2021-08-20', 9],
  [8, H1, '2021-08-20', 9, '2024-03-01', EXIT_TYPES.transferredToEquivalencyProgram, false], // GED: stays, not a graduate
  [9, H3, '2021-08-20', 9],
  [10, H3, '2021-08-20', 9, '2022-05-01', EXIT_TYPES.emigrated, false], // emigrated without confirmation: stays
  [11, H1, '2021-08-20', 9], // early graduate: counts in their own cohort
  [12, H2, '2021-09-01', 8], // a middle-school enrolment only: in no cohort
];
const diplomas: Diploma[] = [
  [0, '2025-06-05', DIPLOMA_TYPES.regular],
  [3, '2025-06-05', DIPLOMA_TYPES.regular],
  [5, '2026-06-10', DIPLOMA_TYPES.regular],
  [8, '2024-06-01', DIPLOMA_TYPES.equivalency],
  [9, '2025-08-31', DIPLOMA_TYPES.stateDefinedAlternate],
  [11, '2024-06-01', DIPLOMA_TYPES.regular],
];

function columns() {
  return {
    enrolments: {
      student: Int32Array.from(enrolments, ([student]) => student),
      school: Int32Array.from(enrolments, ([, school]) => school),
      entryDay: Int32Array.from(enrolments, ([, , entry]) => dayNumber(entry)),
      entryGrade: Int8Array.from(enrolments, ([, , , grade]) => grade),
      exitDay: Int32Array.from(enrolments, ([, , , , exit]) => (exit ? dayNumber(exit) : -1)),
      exitType: Uint8Array.from(enrolments, ([, , , , , type]) => type ?? EXIT_TYPES.none),
      exitDocumented: Uint8Array.from(enrolments, ([, , , , , , documented]) => (documented ? 1 : 0)),
    },
    diplomas: {
      student: Int32Array.from(diplomas, ([student]) => student),
      awardDay: Int32Array.from(diplomas, ([, award]) => dayNumber(award)),
      diplomaType: Uint8Array.from(diplomas, ([, , type]) => type),
    },
  };
}

const find = (values: IndicatorValue[], indicator: string, entity: string, group = 'all') =>
  values.find((value) => value.indicator === indicator && value.entity === entity && value.group === group);

describe('graduationRates (adjusted cohort)', () => {
  const groups = emptyGroupColumns(13);
  [0, 2, 5].forEach((student) => (groups.sex[student] = SEX_CODES.female));
  const { enrolments: enrolmentColumns, diplomas: diplomaColumns } = columns();
  const values = graduationRates(enrolmentColumns, diplomaColumns, groups, directory, { cohortYear: 2022 });

  it('keeps dropouts, GED students and undocumented transfers in the cohort, removes documented removals, and counts the last school', () => {
    // H1: 0 and 11 graduate; 2 (undocumented transfer), 5 (graduates in year 5), 8 (GED) do not; 1 and 6 removed; 3 left for H2; 7 is 2021's.
    expect(find(values, 'graduation-4-year', 'H1')).toMatchObject({
      level: 'school',
      numerator: 2,
      denominator: 5,
      value: 0.4,
      inputs: { cohort: 5, graduates: 2, firstTimeNinthGraders: 4, transfersIn: 1, removed: 2, undocumentedExits: 1 },
    });
    // H2: 3 graduated there; 4 arrived in grade 10 and dropped out.
    expect(find(values, 'graduation-4-year', 'H2')).toMatchObject({ numerator: 1, denominator: 2, inputs: { firstTimeNinthGraders: 1, transfersIn: 1, removed: 0 } });
    // H3: 9's state-defined alternate diploma on the deadline counts; 10 emigrated without confirmation.
    expect(find(values, 'graduation-4-year', 'H3')).toMatchObject({ numerator: 1, denominator: 2, inputs: { undocumentedExits: 1 } });
    expect(find(values, 'graduation-4-year', 'D1')).toMatchObject({ level: 'district', numerator: 3, denominator: 7 });
    expect(find(values, 'graduation-4-year', 'state')).toMatchObject({ level: 'state', numerator: 4, denominator: 9, inputs: { removed: 2 } });
  });

  it('gives the 5-year rate over the same cohort, with the fifth year’s graduates', () => {
    expect(find(values, 'graduation-5-year', 'H1')).toMatchObject({ numerator: 3, denominator: 5 });
    expect(find(values, 'graduation-5-year', 'state')).toMatchObject({ numerator: 5, denominator: 9 });
  });

  it('breaks the rate down by student group', () => {
    expect(find(values, 'graduation-4-year', 'H1', 'sex:female')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(find(values, 'graduation-4-year', 'H1', 'sex:not-reported')).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('puts a retained 9th grader in the cohort of their first 9th-grade year', () => {
    const earlier = graduationRates(enrolmentColumns, diplomaColumns, groups, directory, { cohortYear: 2021 });
    expect(find(earlier, 'graduation-4-year', 'state')).toMatchObject({ numerator: 0, denominator: 1 });
  });
});
