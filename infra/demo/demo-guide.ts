import { type IsoDate, schoolYearOf } from '@lantern/early-warning';
import { Role } from '@lantern/governance';
import { DEMO_AGREEMENT_TITLES } from './demo-agreements';
import { cohortOf, DEMO_COHORT_SEED } from './demo-current-year';
import { DEMO_PEOPLE } from './demo-people';
import { DEMO_SCHOOL_YEARS } from './demo-state';

const schoolYearName = (year: number) => `${year - 1}–${String(year).slice(2)}`;

/** One line per demo person: the console task the demo data lets them do. */
export function demoPeopleTasks(apiUrl: string, today: IsoDate): string[] {
  const school = DEMO_PEOPLE.find((person) => person.role === Role.School)!.organizationId;
  const child = cohortOf(schoolYearOf(today), DEMO_COHORT_SEED).find((student) => String(student.school.schoolId) === school)!;
  const years = `${schoolYearName(Math.min(...DEMO_SCHOOL_YEARS))} to ${schoolYearName(Math.max(...DEMO_SCHOOL_YEARS))}`;
  const tasks: Record<Role, string> = {
    [Role.Steward]: `${apiUrl}/console/agreements shows the three demo agreements in force; ${apiUrl}/console/extracts approves the researcher's extract requests`,
    [Role.Researcher]: `${apiUrl}/console/projects: submit a project under "${DEMO_AGREEMENT_TITLES.research}", then request an extract of its district's students (${years}) and check it against the agreement`,
    [Role.Agency]: `${apiUrl}/console/care-flags: flag a child enrolled now, e.g. ${child.firstName} ${child.lastSurname}, born ${child.birthDate} (${child.school.name})`,
    [Role.School]: `${apiUrl}/console/watch-list: this year's students flagged on attendance, behaviour or course grades; ${apiUrl}/console/inbox: the agency's Handle with Care notices`,
    [Role.District]: `${apiUrl}/console/watch-list: each of the district's schools' watch lists; ${apiUrl}/console/inbox: notices for the district's schools`,
  };
  return DEMO_PEOPLE.map((person) => `${person.name}: ${tasks[person.role]}`);
}
