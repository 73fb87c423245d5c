import { Random } from './random';

/** Grades a school serves, 0 = kindergarten … 12. */
export type SchoolLevel = 'elementary' | 'middle' | 'high';

const LEVEL_GRADES: Record<SchoolLevel, readonly [number, number]> = { elementary: [0, 5], middle: [6, 8], high: [9, 12] };
const ELEMENTARY_STUDENTS_PER_SCHOOL = 700;

export interface SyntheticSchool {
  schoolId: number;
  districtId: number;
  name: string;
  level: SchoolLevel;
  lowestGrade: number;
  highestGrade: number;
  street: string;
  city: string;
  postalCode: string;
}

export interface SyntheticDistrict {
  districtId: number;
  name: string;
  city: string;
  schools: SyntheticSchool[];
  /** Per-pupil spending and poverty differ between districts. */
  spendingFactor: number;
}

export interface StateLayout {
  districts: SyntheticDistrict[];
  schools: SyntheticSchool[];
}

const TOWNS = [
  'Alder Creek',
  'Bayview',
  'Cedar Falls',
  'Dunmore',
  'Elk Ridge',
  'Fairhaven',
  'Glenwood',
  'Harlow',
  'Ironton',
  'Juniper Springs',
  'Kingsbridge',
  'Lakeside',
  'Millbrook',
  'Northgate',
  'Oak Hollow',
  'Pine Bluff',
  'Quarry Hill',
  'Riverton',
  'Silver Lake',
  'Thornbury',
  'Union Gap',
  'Valley Forge',
  'Westfield',
  'Yarrow Point',
  'Zephyr Cove',
];
const STREETS = ['Main Street', 'Oak Avenue', 'School Road', 'Maple Drive', 'Lincoln Way', 'Park Boulevard', 'Church Street', 'Mill Road'];

/** The first district's id: the same as the demo producer's district and the contract examples. */
export const FIRST_DISTRICT_ID = 255901;

/**
 * Districts of about `studentsPerDistrict` students, each with one high school, one middle school
 * and as many elementary schools as its size needs; school ids are the district id × 1000 + n.
 */
export function stateLayout(seed: number, students: number, studentsPerDistrict: number): StateLayout {
  const districtCount = Math.max(1, Math.round(students / studentsPerDistrict));
  const elementaryPerDistrict = Math.max(1, Math.round(((students / districtCount) * 6) / 13 / ELEMENTARY_STUDENTS_PER_SCHOOL));
  const districts: SyntheticDistrict[] = [];
  for (let index = 0; index < districtCount; index++) {
    const random = new Random(seed, 1, index);
    const districtId = FIRST_DISTRICT_ID + index;
    const city = TOWNS[index % TOWNS.length] + (index >= TOWNS.length ? ` ${Math.floor(index / TOWNS.length) + 1}` : '');
    const levels: SchoolLevel[] = [...Array.from({ length: elementaryPerDistrict }, () => 'elementary' as const), 'middle', 'high'];
    const schools = levels.map((level, number): SyntheticSchool => {
      const elementaryName = elementaryPerDistrict > 1 ? `${city} Elementary School ${number + 1}` : `${city} Elementary School`;
      return {
        schoolId: districtId * 1000 + number + 1,
        districtId,
        name: level === 'elementary' ? elementaryName : `${city} ${level === 'middle' ? 'Middle' : 'High'} School`,
        level,
        lowestGrade: LEVEL_GRADES[level][0],
        highestGrade: LEVEL_GRADES[level][1],
        street: `${random.integer(100, 4999)} ${random.pick(STREETS)}`,
        city,
        postalCode: String(97000 + ((index * 37 + number) % 900)).padStart(5, '0'),
      };
    });
    districts.push({ districtId, name: `${city} School District`, city, schools, spendingFactor: 0.85 + random.next() * 0.35 });
  }
  return { districts, schools: districts.flatMap((district) => district.schools) };
}

/** The school of a district that serves a grade; among several elementary schools, by the student's number. */
export function schoolFor(district: SyntheticDistrict, grade: number, studentNumber: number): SyntheticSchool {
  const serving = district.schools.filter((school) => grade >= school.lowestGrade && grade <= school.highestGrade);
  return serving[studentNumber % serving.length];
}
