import type { Envelope } from '@lantern/contracts';
import { dayOf, isoDateOf, schoolCalendar, sessionNameOf, type SchoolCalendar } from './calendar';
import * as D from './descriptors';
import { schoolFor, stateLayout, type StateLayout, type SyntheticDistrict, type SyntheticSchool } from './layout';
import { Random } from './random';

export interface SyntheticStateOptions {
  /** The same seed and options give the same envelopes, in the same order. */
  seed?: number;
  /** K–12 students in a school year, statewide (13 classes of students ÷ 13 each). */
  students?: number;
  /** The first of the school years with complete records (named by their spring: 2024 = 2023–24). */
  firstSchoolYear?: number;
  schoolYears?: number;
  studentsPerDistrict?: number;
  /**
   * Classes that graduated before the first school year, with their high-school enrolments,
   * diplomas, college and wages: the after-high-school indicators need 5 and 6 years of history.
   */
  earlierClasses?: number;
  /** The contract version each envelope claims (the published one: `id => registry.contract(id).version`). */
  contractVersion: (contractId: string) => string;
}

const DEFAULTS = { seed: 2026, students: 3900, firstSchoolYear: 2024, schoolYears: 3, studentsPerDistrict: 975, earlierClasses: 4 };
const INSTITUTIONS = [
  { ipedsUnitId: '900001', opeId: '09000100', nameOfInstitution: 'State University', level: 'Four or more years', fourYear: true },
  { ipedsUnitId: '900002', opeId: '09000200', nameOfInstitution: 'Riverton Community College', level: 'At least 2 but less than 4 years', fourYear: false },
  { ipedsUnitId: '900003', opeId: '09000300', nameOfInstitution: 'Northgate Technical College', level: 'At least 2 but less than 4 years', fourYear: false },
] as const;
const FIRST_NAMES = `Amara Ben Camila Dmitri Elena Farid Grace Hiro Isabel Jamal Keira Luis Mei Nadia Omar Priya Quinn Rosa Samuel Tala Uma Victor Wren Ximena Yusuf Zoe
  Aiden Bianca Caleb Daniela Elijah Fatima Gabriel Hana Ivan Jade Kofi Leah Mateo Noor Olivia Pedro Rania Sofia Tomas Valeria William Yara Zain Adele Bruno Clara Diego Esme
  Felix Gemma Hugo Ines Jonah Kaia Leon Maya Nico Orla Paolo Ruby Santiago Thea Ulises Vera Wesley Xavier Yasmin Zara Anika Boris Celine Dario Eliza Finn Greta Hassan Iris
  Joaquin Kira Lorenzo Mila Nathan Opal Rafael Selma Tobias Una Vivian Walter Yosef`.split(/\s+/);
/** Surnames from roots and endings: enough of them that two children rarely share a name and a birth month. */
const SURNAME_ROOTS = `Abara Alder Bergs Black Castel Dang Eriks Fontain Garci Hadd Ibarr Jens Kowal Lop Mens Nakam Okaf Petr Quisp Rey Sant Tanak Whit Yilm Zamor Alvar Brook
  Chen Delg Ever Flor Gupt Hugh Iqb Jimen Kell Lind Morr Nord`.split(/\s+/);
const SURNAME_ENDINGS = ['', 'son', 'ez', 'ford', 'man', 'ova', 'ini', 'ley', 'berg', 'wood', 'ton', 'ard'];
const FIRST_STUDENT_ID = 7_000_000;
const EMPLOYERS = 400;

/** What a synthetic state holds: the layout, and counts of what the last generation emitted. */
export interface SyntheticStateSummary {
  districts: number;
  schools: number;
  people: number;
  envelopesByContract: Record<string, number>;
}

/**
 * A synthetic state's records as ingest envelopes, generated from a seed and streamed: districts,
 * schools, colleges and calendars first, then student by student (each student's own records
 * after their Student record and their schools), then spending and school plans. Memory stays
 * flat whatever the size: a student's whole history is simulated from their own random sequence
 * and forgotten once emitted.
 */
export function* syntheticState(options: SyntheticStateOptions, summary?: SyntheticStateSummary): Generator<Envelope> {
  const settings = { ...DEFAULTS, ...options };
  const layout = stateLayout(settings.seed, settings.students, settings.studentsPerDistrict);
  const years = Array.from({ length: settings.schoolYears }, (_, index) => settings.firstSchoolYear + index);
  const lastYear = years[years.length - 1];
  const calendars = new Map<number, SchoolCalendar>();
  for (let year = settings.firstSchoolYear - settings.earlierClasses - 4; year <= lastYear; year++) calendars.set(year, schoolCalendar(year));
  const counts: Record<string, number> = {};
  const emit = (contract: string, sourceSystem: string, day: number, record: Record<string, unknown>): Envelope => {
    counts[contract] = (counts[contract] ?? 0) + 1;
    return { contract, contractVersion: settings.contractVersion(contract), operation: 'upsert', sourceSystem, eventTime: `${isoDateOf(day)}T16:00:00Z`, record };
  };
  const firstDay = calendars.get(settings.firstSchoolYear - settings.earlierClasses - 4)!.instructionalDays[0];

  for (const district of layout.districts) yield emit('edfi.localEducationAgency', sisOf(district.districtId), firstDay, localEducationAgencyRecord(district));
  for (const school of layout.schools) yield emit('edfi.school', sisOf(school.districtId), firstDay, schoolRecord(school));
  for (const institution of INSTITUTIONS) yield emit('postsecondary.institution', collegeSourceOf(institution.ipedsUnitId), firstDay, institutionRecord(institution));
  for (const year of years) {
    const calendar = calendars.get(year)!;
    for (const school of layout.schools) {
      const days = [
        ...calendar.instructionalDays.map((day) => [day, D.CALENDAR_EVENTS.instructionalDay] as const),
        ...calendar.holidays.map((day) => [day, D.CALENDAR_EVENTS.holiday] as const),
      ];
      for (const [day, event] of days.sort(([a], [b]) => a - b)) {
        yield emit('edfi.calendarDate', sisOf(school.districtId), calendar.instructionalDays[0] - 10, {
          calendarReference: { calendarCode: `${year}-${school.districtId}`, schoolId: school.schoolId, schoolYear: year },
          date: isoDateOf(day),
          calendarEvents: [{ calendarEventDescriptor: event }],
        });
      }
    }
  }

  const classSize = Math.max(1, Math.round(settings.students / 13));
  const firstClass = settings.firstSchoolYear - settings.earlierClasses;
  const lastClass = lastYear + 12;
  let people = 0;
  for (let graduationClass = firstClass; graduationClass <= lastClass; graduationClass++) {
    for (let member = 0; member < classSize; member++) {
      const number = (graduationClass - firstClass) * classSize + member;
      const student = simulateStudent({ seed: settings.seed, number, graduationClass, layout, calendars, firstSchoolYear: settings.firstSchoolYear, lastYear });
      if (student.stints.length === 0) continue;
      people++;
      yield* studentEnvelopes(student, emit, calendars, settings.firstSchoolYear, lastYear);
    }
  }

  for (const fiscalYear of [settings.firstSchoolYear - 1, ...years.slice(0, -1)]) {
    for (const district of layout.districts)
      for (const record of expenditureRecords(settings.seed, district, fiscalYear, classSize / layout.districts.length))
        yield emit('hub.schoolExpenditure', `lea-${district.districtId}.finance`, dayOf(fiscalYear, 10, 15), record);
  }
  for (const year of years.slice(1)) {
    for (const school of layout.schools) yield emit('hub.schoolPlan', `lea-${school.districtId}.plans`, dayOf(year - 1, 10, 1), schoolPlanRecord(settings.seed, school, year));
  }
  if (summary) Object.assign(summary, { districts: layout.districts.length, schools: layout.schools.length, people, envelopesByContract: counts });
}

const sisOf = (districtId: number) => `lea-${districtId}.sis`;
const collegeSourceOf = (ipedsUnitId: string) => `ipeds-${ipedsUnitId}.sis`;
const WAGE_SOURCE = 'state-ui.wages';

function localEducationAgencyRecord(district: SyntheticDistrict) {
  return {
    localEducationAgencyId: district.districtId,
    nameOfInstitution: district.name,
    categories: [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Local Education Agency' }],
    localEducationAgencyCategoryDescriptor: 'uri://ed-fi.org/LocalEducationAgencyCategoryDescriptor#Independent',
  };
}

function schoolRecord(school: SyntheticSchool) {
  return {
    schoolId: school.schoolId,
    nameOfInstitution: school.name,
    educationOrganizationCategories: [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School' }],
    gradeLevels: D.GRADE_LEVELS.slice(school.lowestGrade, school.highestGrade + 1).map((gradeLevelDescriptor) => ({ gradeLevelDescriptor })),
    localEducationAgencyReference: { localEducationAgencyId: school.districtId },
    addresses: [
      {
        addressTypeDescriptor: 'uri://ed-fi.org/AddressTypeDescriptor#Physical',
        streetNumberName: school.street,
        city: school.city,
        stateAbbreviationDescriptor: 'uri://ed-fi.org/StateAbbreviationDescriptor#OR',
        postalCode: school.postalCode,
      },
    ],
  };
}

function institutionRecord(institution: (typeof INSTITUTIONS)[number]) {
  return {
    ipedsUnitId: institution.ipedsUnitId,
    opeId: institution.opeId,
    nameOfInstitution: institution.nameOfInstitution,
    institutionControlDescriptor: 'uri://state.example/InstitutionControlDescriptor#Public',
    institutionLevelDescriptor: `uri://state.example/InstitutionLevelDescriptor#${institution.level}`,
    stateAbbreviation: 'OR',
  };
}

// ---- One student's life, simulated before anything is emitted ----

type ExitKind = keyof typeof D.EXIT_WITHDRAW_TYPES;

interface Stint {
  year: number;
  school: SyntheticSchool;
  grade: number;
  entryDay: number;
  exitDay: number;
  exit: ExitKind;
  documented: boolean;
}

interface YearFlags {
  englishLearner: boolean;
  economicallyDisadvantaged: boolean;
  homeless: boolean;
  fosterCare: boolean;
}

interface SimulatedStudent {
  number: number;
  studentUniqueId: string;
  firstName: string;
  middleName: string | undefined;
  lastSurname: string;
  birthDate: string;
  sex: string | undefined;
  hispanic: boolean;
  races: string[];
  disability: boolean;
  flags: Map<number, YearFlags>;
  /** Latent achievement per subject, by school year. */
  ability: Map<number, [number, number]>;
  absenceRate: number;
  stints: Stint[];
  diploma?: { type: string; day: number; school: SyntheticSchool };
  random: Random;
}

interface SimulationContext {
  seed: number;
  number: number;
  graduationClass: number;
  layout: StateLayout;
  calendars: Map<number, SchoolCalendar>;
  firstSchoolYear: number;
  lastYear: number;
}

function simulateStudent(context: SimulationContext): SimulatedStudent {
  const { seed, number, graduationClass, layout, calendars, firstSchoolYear, lastYear } = context;
  const random = new Random(seed, 2, number);
  const kindergartenYear = graduationClass - 12;
  const birth = dayOf(kindergartenYear - 6, 9, 1) + random.integer(0, 364);
  const sex = random.weighted<string | undefined>([
    [D.SEX.female, 0.49],
    [D.SEX.male, 0.495],
    [D.SEX.nonbinary, 0.004],
    [undefined, 0.011],
  ]);
  const hispanic = random.chance(0.38);
  const race = random.weighted<string[]>([
    [[D.RACES.white], 0.45],
    [[D.RACES.blackAfricanAmerican], 0.14],
    [[D.RACES.asian], 0.15],
    [[D.RACES.americanIndianAlaskaNative], 0.02],
    [[D.RACES.nativeHawaiianPacificIslander], 0.008],
    [[D.RACES.white, D.RACES.blackAfricanAmerican], 0.05],
    [[D.RACES.white, D.RACES.asian], 0.03],
    [[], 0.06],
  ]);
  const economicallyDisadvantaged = random.chance(0.5);
  let englishLearner = random.chance(hispanic ? 0.45 : 0.1);
  const disability = random.chance(0.12);
  const abilityBase = random.normal() - (economicallyDisadvantaged ? 0.3 : 0) - (englishLearner ? 0.35 : 0) - (disability ? 0.5 : 0);
  let ability: [number, number] = [abilityBase + 0.4 * random.normal(), abilityBase + 0.4 * random.normal()];
  const absenceRate = random.chance(0.86) ? random.next() * 0.035 : 0.08 + random.next() * 0.2;
  const student: SimulatedStudent = {
    number,
    studentUniqueId: String(FIRST_STUDENT_ID + number),
    firstName: random.pick(FIRST_NAMES),
    middleName: random.chance(0.7) ? random.pick(FIRST_NAMES) : undefined,
    lastSurname: random.pick(SURNAME_ROOTS) + random.pick(SURNAME_ENDINGS),
    birthDate: isoDateOf(birth),
    sex,
    hispanic,
    races: race,
    disability,
    flags: new Map(),
    ability: new Map(),
    absenceRate: absenceRate * (economicallyDisadvantaged ? 1.2 : 1),
    stints: [],
    random,
  };

  let district = layout.districts[number % layout.districts.length];
  // Some arrive from another state part way through school: no earlier records, a transfer in for cohorts.
  const arrivalGrade = random.chance(0.12) ? random.integer(1, 11) : 0;
  const retainedInNinth = random.chance(0.03);
  const earliestYear = firstSchoolYear - 8;
  let grade = 0;
  let left = false;
  for (let year = kindergartenYear; year <= lastYear && !left; year++) {
    const schoolGrade = Math.min(grade, 12);
    grade = schoolGrade === 9 && retainedInNinth && year === kindergartenYear + 9 ? 9 : grade + 1;
    if (schoolGrade < arrivalGrade) continue;
    if (year < earliestYear || (year < firstSchoolYear && schoolGrade < 9)) {
      advanceAbility();
      continue;
    }
    const calendar = calendars.get(year)!;
    const days = calendar.instructionalDays;
    const flags: YearFlags = {
      englishLearner,
      economicallyDisadvantaged: economicallyDisadvantaged !== random.chance(0.05),
      homeless: random.chance(0.025),
      fosterCare: random.chance(0.006),
    };
    student.flags.set(year, flags);
    student.ability.set(year, ability);
    if (year > kindergartenYear && random.chance(0.04)) district = layout.districts[random.integer(0, layout.districts.length - 1)];
    const entryDay = schoolGrade === arrivalGrade && arrivalGrade > 0 && random.chance(0.3) ? days[random.integer(20, 120)] : days[0];
    const school = schoolFor(district, schoolGrade, number);
    const dropoutDraw = random.next();
    const event = random.next();
    const highSchool = schoolGrade >= 9;
    const midYear = days[random.integer(Math.max(days.indexOf(entryDay), 0) + 5, days.length - 10)];
    if (highSchool && schoolGrade >= 10 && dropoutDraw < 0.015 + (student.absenceRate > 0.15 ? 0.04 : 0)) {
      student.stints.push({ year, school, grade: schoolGrade, entryDay, exitDay: midYear, exit: random.chance(0.8) ? 'dropout' : 'gedProgram', documented: false });
      left = true;
    } else if (event < 0.02) {
      student.stints.push({ year, school, grade: schoolGrade, entryDay, exitDay: midYear, exit: 'transferred', documented: random.chance(0.75) });
      left = true;
    } else if (event < 0.023) {
      student.stints.push({ year, school, grade: schoolGrade, entryDay, exitDay: midYear, exit: 'emigrated', documented: random.chance(0.7) });
      left = true;
    } else if (highSchool && event < 0.025) {
      student.stints.push({ year, school, grade: schoolGrade, entryDay, exitDay: midYear, exit: 'incarcerated', documented: true });
      left = true;
    } else if (event >= 0.025 && event < 0.0253) {
      student.stints.push({ year, school, grade: schoolGrade, entryDay, exitDay: midYear, exit: 'died', documented: true });
      left = true;
    } else if (event < 0.0553 && layout.districts.length > 1) {
      // A move within the state mid-year: documented, because the receiving school asks for the records.
      student.stints.push({ year, school, grade: schoolGrade, entryDay, exitDay: midYear, exit: 'transferred', documented: true });
      const others = layout.districts.filter((candidate) => candidate !== district);
      district = others[random.integer(0, others.length - 1)];
      const reentry = days[Math.min(days.indexOf(midYear) + random.integer(1, 5), days.length - 1)];
      student.stints.push(endOfYearStint(year, schoolFor(district, schoolGrade, number), schoolGrade, reentry, days));
    } else {
      student.stints.push(endOfYearStint(year, school, schoolGrade, entryDay, days));
    }
    const last = student.stints[student.stints.length - 1];
    if (!left && schoolGrade === 12) {
      const graduates = random.chance(Math.min(0.97, 0.91 + 0.05 * ability[0] - (student.absenceRate > 0.15 ? 0.15 : 0)));
      if (graduates) {
        const type = disability && random.chance(0.12) ? D.DIPLOMA_TYPES.stateDefinedAlternate : random.chance(0.02) ? D.DIPLOMA_TYPES.certificateOfCompletion : D.DIPLOMA_TYPES.regular;
        last.exit = type === D.DIPLOMA_TYPES.certificateOfCompletion ? 'completed' : 'graduated';
        student.diploma = { type, day: last.exitDay, school: last.school };
        left = true;
      } else if (grade > 13 || random.chance(0.5)) {
        // Not back for a fifth year: an unknown status keeps them in the cohort as non-graduates.
        last.exit = 'dropout';
        left = true;
      }
    }
    if (englishLearner && random.chance(0.15)) englishLearner = false;
    advanceAbility(school.schoolId);
  }
  return student;

  function advanceAbility(schoolId = 0) {
    // Schools differ in how much their students learn in a year: that is what growth measures.
    const schoolEffect = schoolId === 0 ? 0 : (new Random(seed, 3, schoolId).next() - 0.5) * 0.3;
    ability = [0.96 * ability[0] + schoolEffect + 0.15 * random.normal(), 0.96 * ability[1] + schoolEffect + 0.15 * random.normal()];
  }
}

function endOfYearStint(year: number, school: SyntheticSchool, grade: number, entryDay: number, days: number[]): Stint {
  return { year, school, grade, entryDay, exitDay: days[days.length - 1], exit: 'endOfSchoolYear', documented: false };
}

// ---- Emitting one student's records ----

type Emit = (contract: string, sourceSystem: string, day: number, record: Record<string, unknown>) => Envelope;

function* studentEnvelopes(student: SimulatedStudent, emit: Emit, calendars: Map<number, SchoolCalendar>, firstSchoolYear: number, lastYear: number): Generator<Envelope> {
  const { random } = student;
  const studentReference = { studentUniqueId: student.studentUniqueId };
  // Each district's SIS sends its own Student record, with the same state-assigned id.
  for (const districtId of new Set(student.stints.map((stint) => stint.school.districtId))) {
    const stints = student.stints.filter((stint) => stint.school.districtId === districtId);
    yield emit('edfi.student', sisOf(districtId), stints[0].entryDay, {
      studentUniqueId: student.studentUniqueId,
      firstName: student.firstName,
      ...(student.middleName ? { middleName: student.middleName } : {}),
      lastSurname: student.lastSurname,
      birthDate: student.birthDate,
      ...(student.sex ? { birthSexDescriptor: student.sex } : {}),
    });
    const periodsOf = (has: (flags: YearFlags) => boolean) =>
      stints.filter((stint) => has(student.flags.get(stint.year)!)).map((stint) => ({ beginDate: isoDateOf(stint.entryDay), endDate: isoDateOf(stint.exitDay) }));
    const characteristics = (
      [
        [D.STUDENT_CHARACTERISTICS.economicallyDisadvantaged, periodsOf((flags) => flags.economicallyDisadvantaged)],
        [D.STUDENT_CHARACTERISTICS.homeless, periodsOf((flags) => flags.homeless)],
        [D.STUDENT_CHARACTERISTICS.fosterCare, periodsOf((flags) => flags.fosterCare)],
      ] as const
    ).filter(([, periods]) => periods.length > 0);
    const lastStint = stints[stints.length - 1];
    yield emit('edfi.studentEducationOrganizationAssociation', sisOf(districtId), stints[0].entryDay, {
      educationOrganizationReference: { educationOrganizationId: districtId },
      studentReference,
      ...(student.sex ? { sexDescriptor: student.sex } : {}),
      hispanicLatinoEthnicity: student.hispanic,
      ...(student.races.length ? { races: student.races.map((raceDescriptor) => ({ raceDescriptor })) } : {}),
      ...(student.flags.get(lastStint.year)!.englishLearner ? { limitedEnglishProficiencyDescriptor: D.LIMITED_ENGLISH_PROFICIENCY } : {}),
      ...(characteristics.length ? { studentCharacteristics: characteristics.map(([studentCharacteristicDescriptor, periods]) => ({ studentCharacteristicDescriptor, periods })) } : {}),
      ...(student.disability ? { disabilities: [{ disabilityDescriptor: D.DISABILITY }] } : {}),
    });
  }

  for (const stint of student.stints) {
    const source = sisOf(stint.school.districtId);
    const schoolReference = { schoolId: stint.school.schoolId };
    yield emit('edfi.studentSchoolAssociation', source, stint.entryDay, {
      studentReference,
      schoolReference,
      entryDate: isoDateOf(stint.entryDay),
      entryGradeLevelDescriptor: D.GRADE_LEVELS[stint.grade],
      exitWithdrawDate: isoDateOf(stint.exitDay),
      exitWithdrawTypeDescriptor: D.EXIT_WITHDRAW_TYPES[stint.exit],
      ...(stint.exit === 'endOfSchoolYear' || stint.exit === 'graduated' || stint.exit === 'completed' ? {} : { exitWithdrawDocumented: stint.documented }),
      schoolYearTypeReference: { schoolYear: stint.year },
    });
    if (stint.year < firstSchoolYear) continue;
    const flags = student.flags.get(stint.year)!;
    const programs = [
      [flags.englishLearner, D.PROGRAM_TYPES.englishLearner, 'English Learner Services'],
      [student.disability, D.PROGRAM_TYPES.specialEducation, 'Special Education'],
    ] as const;
    for (const [participates, programTypeDescriptor, programName] of programs) {
      if (!participates) continue;
      yield emit('edfi.studentProgramAssociation', source, stint.entryDay, {
        beginDate: isoDateOf(stint.entryDay),
        educationOrganizationReference: { educationOrganizationId: stint.school.districtId },
        programReference: { educationOrganizationId: stint.school.districtId, programName, programTypeDescriptor },
        studentReference,
        endDate: isoDateOf(stint.exitDay),
      });
    }
    const days = calendars.get(stint.year)!.instructionalDays.filter((day) => day >= stint.entryDay && day <= stint.exitDay);
    const absenceRate = Math.min(0.6, student.absenceRate * (stint.grade >= 9 ? 1.15 : 1));
    for (const day of days) {
      if (!random.chance(absenceRate)) continue;
      yield emit('edfi.studentSchoolAttendanceEvent', source, day, {
        attendanceEventCategoryDescriptor: random.chance(0.6) ? D.ATTENDANCE_EVENT_CATEGORIES.excusedAbsence : D.ATTENDANCE_EVENT_CATEGORIES.unexcusedAbsence,
        eventDate: isoDateOf(day),
        schoolReference,
        sessionReference: { schoolId: stint.school.schoolId, schoolYear: stint.year, sessionName: sessionNameOf(stint.year, day) },
        studentReference,
      });
    }
    const testDay = calendars.get(stint.year)!.instructionalDays[150];
    const tested = (stint.grade >= 3 && stint.grade <= 8) || stint.grade === 11;
    if (tested && testDay >= stint.entryDay && testDay <= stint.exitDay) {
      const ability = student.ability.get(stint.year)!;
      for (const [subject, assessmentIdentifier] of [
        [0, D.SUMMATIVE_ASSESSMENTS.ela],
        [1, D.SUMMATIVE_ASSESSMENTS.math],
      ] as const) {
        const score = Math.round(2380 + 40 * stint.grade + 85 * ability[subject] + 25 * random.normal());
        yield emit('edfi.studentAssessment', `state-assessment.scoring`, testDay + 30, {
          studentAssessmentIdentifier: `${stint.year}-${assessmentIdentifier}-${student.studentUniqueId}`,
          assessmentReference: { assessmentIdentifier, namespace: D.SUMMATIVE_ASSESSMENTS.namespace },
          studentReference,
          reportedSchoolReference: schoolReference,
          schoolYearTypeReference: { schoolYear: stint.year },
          administrationDate: `${isoDateOf(testDay)}T09:00:00Z`,
          whenAssessedGradeLevelDescriptor: D.GRADE_LEVELS[stint.grade],
          scoreResults: [{ assessmentReportingMethodDescriptor: D.SCALE_SCORE, result: String(Math.max(2000, Math.min(3000, score))), resultDatatypeTypeDescriptor: D.INTEGER_RESULT }],
        });
      }
    }
    if (stint.grade >= 9 && stint.exit !== 'dropout' && stint.exitDay === days[days.length - 1]) {
      const ability = student.ability.get(stint.year)!;
      for (const [subject, course] of [
        [0, 'ENG'],
        [1, 'MATH'],
      ] as const) {
        const numeric = Math.max(40, Math.min(100, Math.round(80 + 8 * ability[subject] + 6 * random.normal())));
        yield emit('edfi.grade', source, stint.exitDay, {
          gradeTypeDescriptor: 'uri://ed-fi.org/GradeTypeDescriptor#Final',
          gradingPeriodReference: {
            gradingPeriodDescriptor: 'uri://ed-fi.org/GradingPeriodDescriptor#End of Year',
            gradingPeriodName: `${stint.year - 1}-${stint.year} Year`,
            schoolId: stint.school.schoolId,
            schoolYear: stint.year,
          },
          studentSectionAssociationReference: {
            beginDate: isoDateOf(stint.entryDay),
            localCourseCode: `${course}-${stint.grade}`,
            schoolId: stint.school.schoolId,
            schoolYear: stint.year,
            sectionIdentifier: `${course}-${stint.grade}-${(student.number % 6) + 1}`,
            sessionName: `${stint.year - 1}-${stint.year} School Year`,
            studentUniqueId: student.studentUniqueId,
          },
          letterGradeEarned: numeric >= 90 ? 'A' : numeric >= 80 ? 'B' : numeric >= 70 ? 'C' : numeric >= 60 ? 'D' : 'F',
          numericGradeEarned: numeric,
        });
      }
    }
    if (stint.grade >= 6 && days.length > 20 && random.chance(student.absenceRate > 0.15 ? 0.12 : 0.03)) {
      const day = days[random.integer(0, days.length - 1)];
      const outOfSchool = random.chance(0.6);
      const length = random.integer(1, outOfSchool ? 5 : 2);
      yield emit('edfi.disciplineAction', source, day, {
        disciplineActionIdentifier: `DA-${stint.year}-${student.studentUniqueId}`,
        disciplineDate: isoDateOf(day),
        studentReference,
        responsibilitySchoolReference: schoolReference,
        disciplines: [{ disciplineDescriptor: outOfSchool ? D.OUT_OF_SCHOOL_SUSPENSION : D.IN_SCHOOL_SUSPENSION }],
        disciplineActionLength: length,
        actualDisciplineActionLength: length,
      });
    }
  }

  if (student.diploma) {
    const { type, day, school } = student.diploma;
    const schoolYear = student.stints[student.stints.length - 1].year;
    yield emit('edfi.studentAcademicRecord', sisOf(school.districtId), day, {
      educationOrganizationReference: { educationOrganizationId: school.schoolId },
      schoolYearTypeReference: { schoolYear },
      studentReference,
      termDescriptor: 'uri://ed-fi.org/TermDescriptor#Year Round',
      diplomas: [{ diplomaTypeDescriptor: type, diplomaAwardDate: isoDateOf(day) }],
    });
    if (type !== D.DIPLOMA_TYPES.certificateOfCompletion) yield* afterHighSchool(student, day, lastYear, emit);
  }
}

/**
 * College terms and credentials, and quarterly wages, up to the end of the last school year's
 * spring (wages to its second quarter): what the state's colleges and its unemployment insurance
 * wage records would hold for a graduate. Colleges and the wage file do not carry the state
 * student id on every record, so identity resolution has names and birth dates to match on.
 */
function* afterHighSchool(student: SimulatedStudent, exitDay: number, lastYear: number, emit: Emit): Generator<Envelope> {
  const { random } = student;
  const graduationYear = new Date(exitDay * 86_400_000).getUTCFullYear();
  const ability = student.ability.get(graduationYear) ?? [0, 0];
  const person = (localPersonId: string, withStateId: boolean) => ({
    localPersonId,
    firstName: student.firstName,
    ...(student.middleName && withStateId ? { middleName: student.middleName } : {}),
    lastSurname: student.lastSurname,
    birthDate: student.birthDate,
    ...(student.sex && student.sex !== D.SEX.nonbinary ? { sexDescriptor: student.sex.replace('uri://ed-fi.org/', 'uri://state.example/') } : {}),
    ...(withStateId ? { identificationCodes: [{ identificationSystemDescriptor: D.POSTSECONDARY.stateStudentId, identificationCode: student.studentUniqueId }] } : {}),
  });
  const enrolledTerms = new Set<string>();
  const collegeGoing = random.chance(Math.max(0.15, Math.min(0.9, 0.55 + (0.2 * (ability[0] + ability[1])) / 2)));
  if (collegeGoing) {
    const institution = INSTITUTIONS[(ability[0] + ability[1]) / 2 > 0.2 ? 0 : random.integer(1, 2)];
    const delayedTerms = random.chance(0.85) ? 0 : random.integer(1, 2);
    const stateId = random.chance(0.7);
    const localPersonId = `${institution.ipedsUnitId}-${student.studentUniqueId}`;
    const maximumTerms = institution.fourYear ? 8 : 4;
    let terms = 0;
    for (let term = delayedTerms; terms < maximumTerms; term++) {
      const fall = term % 2 === 0;
      const academicYear = graduationYear + 1 + Math.floor(term / 2);
      const begin = fall ? dayOf(academicYear - 1, 8, 25) : dayOf(academicYear, 1, 12);
      if (academicYear > lastYear) break;
      yield emit('postsecondary.termEnrollment', collegeSourceOf(institution.ipedsUnitId), begin + 14, {
        institutionReference: { ipedsUnitId: institution.ipedsUnitId },
        person: person(localPersonId, stateId),
        academicYear,
        termDescriptor: fall ? D.POSTSECONDARY.fall : D.POSTSECONDARY.spring,
        termBeginDate: isoDateOf(begin),
        termEndDate: isoDateOf(begin + (fall ? 108 : 120)),
        enrollmentStatusDescriptor: random.chance(0.75) ? D.POSTSECONDARY.fullTime : D.POSTSECONDARY.partTime,
        firstTimeStudent: terms === 0,
      });
      enrolledTerms.add(`${academicYear - (fall ? 1 : 0)}-${fall ? 'fall' : 'spring'}`);
      terms++;
      if (!random.chance(0.88)) break;
    }
    const award = dayOf(graduationYear + Math.ceil((delayedTerms + maximumTerms) / 2), 5, 20);
    if (terms === maximumTerms && award <= dayOf(lastYear, 6, 30) && random.chance(0.75)) {
      yield emit('postsecondary.credentialAward', collegeSourceOf(institution.ipedsUnitId), award, {
        institutionReference: { ipedsUnitId: institution.ipedsUnitId },
        person: person(localPersonId, stateId),
        awardDate: isoDateOf(award),
        credentialTypeDescriptor: institution.fourYear ? D.POSTSECONDARY.bachelor : D.POSTSECONDARY.associate,
        cipCode: institution.fourYear ? '26.0101' : '51.3801',
      });
    }
  }
  const worker = random.chance(0.85);
  if (!worker) return;
  const employer = `99-${String(100000 + random.integer(0, EMPLOYERS - 1))}-1`;
  const localPersonId = `UI-${student.studentUniqueId}`;
  let employed = random.chance(0.7);
  for (let quarterIndex = (graduationYear - 1970) * 4 + 2; ; quarterIndex++) {
    const year = 1970 + Math.floor(quarterIndex / 4);
    const quarter = (quarterIndex % 4) + 1;
    if (year > lastYear || (year === lastYear && quarter > 2)) break;
    employed = employed ? random.chance(0.9) : random.chance(0.5);
    if (!employed) continue;
    const yearsOut = year - graduationYear;
    const studying = enrolledTerms.has(`${year}-${quarter <= 2 ? 'spring' : 'fall'}`);
    const wages = Math.round((studying ? 2200 : 5200) * (1 + 0.06 * yearsOut) * Math.exp(0.12 * (ability[0] + ability[1]) + 0.25 * random.normal()));
    yield emit('workforce.quarterlyWage', WAGE_SOURCE, dayOf(year, quarter * 3, 28) + 45, {
      employer: { employerAccountNumber: employer },
      person: person(localPersonId, false),
      year,
      quarter,
      wages,
    });
  }
}

// ---- Spending and plans ----

/** Per-pupil amounts in dollars, before each district's and school's own factor. */
const PER_PUPIL = { personnel: 9800, 'non-personnel': 3100, federal: 1250 };

function expenditureRecords(seed: number, district: SyntheticDistrict, fiscalYear: number, classSize: number): Record<string, unknown>[] {
  const random = new Random(seed, 4, district.districtId, fiscalYear);
  const districtShare = classSize * 13;
  const enrolmentOf = (school: SyntheticSchool) => {
    const serving = district.schools.filter((other) => other.level === school.level).length;
    return ((school.highestGrade - school.lowestGrade + 1) * districtShare) / 13 / serving;
  };
  const line = (educationOrganizationId: number, fundSource: 'federal' | 'state-local', category: string, amount: number) => ({
    educationOrganizationReference: { educationOrganizationId },
    localEducationAgencyReference: { localEducationAgencyId: district.districtId },
    fiscalYear,
    fundSource,
    category,
    amount: Math.round(amount * 100) / 100,
  });
  const records: Record<string, unknown>[] = [];
  const scale = district.spendingFactor * (1 + 0.03 * (fiscalYear - 2020));
  for (const school of district.schools) {
    const students = enrolmentOf(school);
    const schoolFactor = 0.9 + random.next() * 0.2;
    records.push(
      line(school.schoolId, 'state-local', 'personnel', students * PER_PUPIL.personnel * scale * schoolFactor),
      line(school.schoolId, 'state-local', 'non-personnel', students * PER_PUPIL['non-personnel'] * scale * schoolFactor),
      line(school.schoolId, 'federal', 'personnel', students * PER_PUPIL.federal * 0.7 * scale * (0.6 + random.next() * 0.8)),
      line(school.schoolId, 'federal', 'non-personnel', students * PER_PUPIL.federal * 0.3 * scale * (0.6 + random.next() * 0.8)),
    );
  }
  // Central costs (administration, transport) on the district itself, allocated to schools by enrolment.
  records.push(
    line(district.districtId, 'state-local', 'personnel', districtShare * 1400 * scale),
    line(district.districtId, 'state-local', 'non-personnel', districtShare * 900 * scale),
    line(district.districtId, 'federal', 'non-personnel', districtShare * 120 * scale),
    line(district.districtId, 'state-local', 'capital-outlay', districtShare * 1800 * scale * random.next()),
    line(district.districtId, 'state-local', 'debt-service', districtShare * 600 * scale),
  );
  return records;
}

function schoolPlanRecord(seed: number, school: SyntheticSchool, schoolYear: number): Record<string, unknown> {
  const random = new Random(seed, 5, school.schoolId, schoolYear);
  const goal = (
    goalIdentifier: string,
    statement: string,
    indicator: string,
    studentGroup: string,
    baseline: number,
    target: number,
    direction: 'increase' | 'decrease',
    action: string,
    federal: number,
    stateLocal: number,
  ) => ({
    goalIdentifier,
    statement,
    indicator,
    studentGroup,
    baseline: { schoolYear: schoolYear - 1, value: baseline },
    target: { schoolYear: schoolYear + 2, value: target },
    direction,
    actions: [
      {
        actionIdentifier: `${goalIdentifier}-A1`,
        description: action,
        budget: [
          { fundSource: 'federal', fundingProgram: 'Title I, Part A', amount: federal },
          { fundSource: 'state-local', amount: stateLocal },
        ],
      },
    ],
  });
  const absence = Math.round((0.1 + random.next() * 0.12) * 100) / 100;
  const goals = [
    goal(
      'ATTEND',
      'Fewer students miss ten percent or more of the school year.',
      'chronic-absenteeism',
      'all',
      absence,
      Math.round((absence - 0.04) * 100) / 100,
      'decrease',
      'An attendance team calls families after a second absence and meets them after a fifth.',
      30000 + random.integer(0, 40) * 1000,
      15000,
    ),
  ];
  if (school.level === 'high') {
    const graduation = Math.round((0.8 + random.next() * 0.1) * 100) / 100;
    goals.push(
      goal(
        'GRAD',
        'More students graduate in four years.',
        'graduation-4-year',
        'all',
        graduation,
        Math.min(0.95, graduation + 0.05),
        'increase',
        'Every ninth grader has an adviser who reviews credits each semester.',
        45000,
        60000,
      ),
    );
  } else {
    goals.push(
      goal(
        'MATH-EL',
        'English learners grow faster in mathematics.',
        'growth-math',
        'english-learner',
        Math.round(-8 + random.next() * 8),
        5,
        'increase',
        'Math coaches co-teach in classes with many English learners.',
        55000,
        20000 + random.integer(0, 30) * 1000,
      ),
    );
  }
  return {
    schoolReference: { schoolId: school.schoolId },
    schoolYearTypeReference: { schoolYear },
    approvalDate: isoDateOf(dayOf(schoolYear - 1, 9, 20)),
    goals,
  };
}
