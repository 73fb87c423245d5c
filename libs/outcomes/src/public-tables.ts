import type { PublicCell, PublicMargin, PublicTable } from '@lantern/disclosure-control';
import { STATE_ENTITY, type IndicatorValue, type SchoolDirectory } from './cells';
import { PARTITIONS, STUDENT_GROUPS, UNPUBLISHED_GROUPS } from './student-groups';

export interface PublicTableOptions {
  /**
   * Whether each student counts in one school only, so that schools' counts add up to their
   * district's and districts' to the state's (graduation, growth, after high school, enrolment);
   * not chronic absenteeism, where a student counts at every school that meets the criteria.
   */
  schoolsAddUp: boolean;
}

export const cellKey = (value: Pick<IndicatorValue, 'level' | 'entity' | 'group'>) => `${value.level}/${value.entity}/${value.group}`;

/**
 * One indicator's values for one year as a table for protectPublicTable (libs/disclosure-control):
 * a cell per school, district and state and group, and every total a reader could subtract from —
 * each entity's all students = Σ its sex groups = Σ its race/ethnicity groups (with the unpublished
 * "not reported" members), and, when schools add up, each group's district = Σ its schools and
 * state = Σ its districts.
 */
export function publicTableOf(title: string, values: readonly IndicatorValue[], directory: SchoolDirectory, options: PublicTableOptions): PublicTable {
  const cells: PublicCell[] = values.map((value) => ({
    key: cellKey(value),
    n: value.denominator,
    value: value.value,
    kind: value.kind,
    ...(value.kind === 'rate' && value.numerator !== null ? { numerator: value.numerator } : {}),
    published: !UNPUBLISHED_GROUPS.has(value.group),
  }));
  const present = new Set(cells.map(({ key }) => key));
  const margins: PublicMargin[] = [];
  const addMargin = (total: string, parts: string[]) => {
    const existing = parts.filter((part) => present.has(part));
    if (present.has(total) && existing.length > 0) margins.push({ total, parts: existing });
  };

  const entities = new Set(values.map(({ level, entity }) => `${level}/${entity}`));
  for (const entity of entities) {
    for (const partition of Object.values(PARTITIONS)) {
      addMargin(
        `${entity}/all`,
        partition.map((group) => `${entity}/${group}`),
      );
    }
  }
  if (options.schoolsAddUp) {
    const schoolsOf = directory.districtIds.map((): string[] => []);
    directory.schoolIds.forEach((school, index) => schoolsOf[directory.districtOfSchool[index]].push(school));
    for (const group of STUDENT_GROUPS) {
      directory.districtIds.forEach((district, index) =>
        addMargin(
          `district/${district}/${group}`,
          schoolsOf[index].map((school) => `school/${school}/${group}`),
        ),
      );
      addMargin(
        `state/${STATE_ENTITY}/${group}`,
        directory.districtIds.map((district) => `district/${district}/${group}`),
      );
    }
  }
  return { title, cells, margins };
}
