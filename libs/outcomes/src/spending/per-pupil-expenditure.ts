import { STATE_ENTITY, type IndicatorValue } from '../cells';

/** ESSA's two fund sources (ESEA 1111(h)(1)(C)(x)): federal, and state and local together. */
export type FundSource = 'federal' | 'state-local';

/**
 * Expenditure categories. Capital outlay and debt service are excluded by default (Utah and
 * Montana, outcomes.md §5 [22]); a state adds its own exclusions through the options.
 */
export type ExpenditureCategory = 'personnel' | 'non-personnel' | 'capital-outlay' | 'debt-service' | 'internal-service' | 'proprietary' | 'adult-education' | 'out-of-district-tuition';

/** A school-level expenditure of the preceding fiscal year; without schoolId, a district's central cost, allocated to its schools. */
export interface Expenditure {
  districtId: string;
  schoolId?: string;
  fundSource: FundSource;
  category: ExpenditureCategory;
  amount: number;
}

/** A school's enrolment (membership on the count date) in the same year. */
export interface SchoolEnrolment {
  districtId: string;
  schoolId: string;
  students: number;
}

export interface PerPupilOptions {
  excludedCategories?: readonly ExpenditureCategory[];
}

export const DEFAULT_EXCLUDED_CATEGORIES: readonly ExpenditureCategory[] = ['capital-outlay', 'debt-service'];

const INDICATORS = { total: 'ppe-total', federal: 'ppe-federal', 'state-local': 'ppe-state-local' } as const;

/**
 * Per-pupil expenditures by school and fund source (outcomes.md §5): the school's own
 * expenditures plus its share of its district's central costs (allocated by enrolment, the usual
 * method), divided by its enrolment; districts and the state divide all their expenditures by all
 * their enrolment. Each value keeps its split (school-coded, allocated) as inputs. For all
 * students only: spending is not recorded by student.
 */
export function perPupilExpenditures(expenditures: readonly Expenditure[], enrolment: readonly SchoolEnrolment[], options: PerPupilOptions = {}): IndicatorValue[] {
  const excluded = new Set(options.excludedCategories ?? DEFAULT_EXCLUDED_CATEGORIES);
  const counted = expenditures.filter((expenditure) => !excluded.has(expenditure.category));
  const districtStudents = new Map<string, number>();
  for (const { districtId, students } of enrolment) districtStudents.set(districtId, (districtStudents.get(districtId) ?? 0) + students);

  type Sums = { schoolCoded: number; allocated: number };
  const sums = new Map<string, Sums>();
  const addTo = (key: string, part: keyof Sums, amount: number) => {
    const entry = sums.get(key) ?? { schoolCoded: 0, allocated: 0 };
    entry[part] += amount;
    sums.set(key, entry);
  };
  const sources = ['total', 'federal', 'state-local'] as const;
  for (const expenditure of counted) {
    for (const source of sources) {
      if (source !== 'total' && source !== expenditure.fundSource) continue;
      const part = expenditure.schoolId ? 'schoolCoded' : 'allocated';
      addTo(`district/${expenditure.districtId}/${source}`, part, expenditure.amount);
      addTo(`state/${STATE_ENTITY}/${source}`, part, expenditure.amount);
      if (expenditure.schoolId) addTo(`school/${expenditure.schoolId}/${source}`, part, expenditure.amount);
      else {
        const districtTotal = districtStudents.get(expenditure.districtId) ?? 0;
        for (const school of enrolment) {
          if (school.districtId === expenditure.districtId && districtTotal > 0)
            addTo(`school/${school.schoolId}/${source}`, 'allocated', (expenditure.amount * school.students) / districtTotal);
        }
      }
    }
  }

  const entities: Array<{ level: 'school' | 'district' | 'state'; entity: string; students: number }> = [
    ...enrolment.map(({ schoolId, students }) => ({ level: 'school' as const, entity: schoolId, students })),
    ...[...districtStudents].map(([entity, students]) => ({ level: 'district' as const, entity, students })),
    { level: 'state', entity: STATE_ENTITY, students: enrolment.reduce((sum, { students }) => sum + students, 0) },
  ];
  return entities.flatMap(({ level, entity, students }) =>
    sources.map((source): IndicatorValue => {
      const { schoolCoded = 0, allocated = 0 } = sums.get(`${level}/${entity}/${source}`) ?? {};
      const amount = schoolCoded + allocated;
      return {
        indicator: INDICATORS[source],
        level,
        entity,
        group: 'all',
        kind: 'amount',
        numerator: amount,
        denominator: students,
        value: students > 0 ? amount / students : null,
        inputs: { schoolCoded, allocated },
      };
    }),
  );
}
