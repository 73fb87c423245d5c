import { type ContractRegistry, type Envelope, parseJsonPointer, valueAtPointer } from '@lantern/contracts';
import { generatePopulation, type SyntheticPerson } from '@lantern/identity';

/** Share of each contract in a generated load (the rest of N after the fixed organisations). */
const MIX: Array<[contractId: string, share: number]> = [
  ['edfi.student', 0.2],
  ['edfi.studentSchoolAssociation', 0.2],
  ['edfi.studentSchoolAttendanceEvent', 0.35],
  ['edfi.studentAssessment', 0.15],
  ['partner.serviceParticipation', 0.1],
];
const SCHOOLS = 40;
const POPULATION_SEED = 2026;

function setAt(target: unknown, pointer: string, value: unknown) {
  const path = parseJsonPointer(pointer);
  let node = target as Record<string, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

function dayOf(index: number, base = '2024-09-02'): string {
  return new Date(Date.parse(base) + (index % 170) * 86_400_000).toISOString().slice(0, 10);
}

/** The synthetic population keeps birth dates as yyyymmdd numbers. */
function isoDate(dateKey: number): string {
  const text = String(dateKey);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

/** A person's sex in the descriptor namespace the contract's example uses (…SexDescriptor#Female / #Male). */
function sexDescriptorOf(registry: ContractRegistry, contractId: string, pointer: string): (person: SyntheticPerson) => string {
  const namespace = String(valueAtPointer(registry.readExample(registry.contract(contractId)).record, pointer)).split('#')[0];
  return (person) => `${namespace}#${person.sex === 'F' ? 'Female' : 'Male'}`;
}

/**
 * A realistic mixed load for benchmarks: one district, its schools, students, enrolments,
 * attendance, assessments and partner-agency service records, every record valid and
 * every reference resolvable, built from the contracts' own examples. The people are the
 * identity benchmark's synthetic population (distinct children with realistic name and
 * birth-date frequencies, twins and siblings); half of the partner agency's clients are
 * enrolled students, whose records link to the student's SID, and half are not.
 */
export function generateMixedLoad(records: number, registry: ContractRegistry): Envelope[] {
  const template = (contractId: string, changes: Record<string, unknown>): Envelope => {
    const envelope = structuredClone(registry.readExample(registry.contract(contractId))) as Envelope & { record: object };
    for (const [pointer, value] of Object.entries(changes)) setAt(envelope.record, pointer, value);
    return envelope;
  };
  const schoolId = (i: number) => 255901001 + (i % SCHOOLS);
  const studentCount = Math.max(1, Math.floor(records * MIX[0][1]));
  const studentId = (i: number) => `S${String(i % studentCount).padStart(7, '0')}`;
  const partnerCount = Math.floor(Math.max(0, records - 1 - SCHOOLS) * MIX[4][1]);
  const people = generatePopulation({ people: studentCount + Math.ceil(partnerCount / 2), seed: POPULATION_SEED });
  const clientOf = (i: number) => (i % 2 === 0 ? people[(i / 2) % studentCount] : people[studentCount + (i - 1) / 2]);
  const studentSex = sexDescriptorOf(registry, 'edfi.student', '/birthSexDescriptor');
  const clientSex = sexDescriptorOf(registry, 'partner.serviceParticipation', '/person/sexDescriptor');

  const load: Envelope[] = [template('edfi.localEducationAgency', {})];
  for (let s = 0; s < SCHOOLS; s++) load.push(template('edfi.school', { '/schoolId': schoolId(s), '/nameOfInstitution': `School ${s}` }));
  const remaining = Math.max(0, records - load.length);
  for (const [contractId, share] of MIX) {
    const count = contractId === 'edfi.student' ? studentCount : Math.floor(remaining * share);
    for (let i = 0; i < count; i++) {
      switch (contractId) {
        case 'edfi.student': {
          const person = people[i];
          // Undefined members vanish from the JSON: the example's middle and other names are not this child's.
          load.push(
            template(contractId, {
              '/studentUniqueId': studentId(i),
              '/firstName': person.givenName,
              '/middleName': person.middleName,
              '/lastSurname': person.surname,
              '/birthDate': isoDate(person.birthDate),
              '/birthSexDescriptor': studentSex(person),
              '/otherNames': undefined,
            }),
          );
          break;
        }
        case 'edfi.studentSchoolAssociation':
          load.push(template(contractId, { '/studentReference/studentUniqueId': studentId(i), '/schoolReference/schoolId': schoolId(i), '/entryDate': dayOf(Math.floor(i / studentCount)) }));
          break;
        case 'edfi.studentSchoolAttendanceEvent':
          load.push(
            template(contractId, {
              '/studentReference/studentUniqueId': studentId(i),
              '/schoolReference/schoolId': schoolId(i),
              '/sessionReference/schoolId': schoolId(i),
              '/eventDate': dayOf(Math.floor(i / studentCount) + i),
            }),
          );
          break;
        case 'edfi.studentAssessment':
          load.push(template(contractId, { '/studentReference/studentUniqueId': studentId(i), '/reportedSchoolReference/schoolId': schoolId(i), '/studentAssessmentIdentifier': `A-${i}` }));
          break;
        case 'partner.serviceParticipation': {
          const person = clientOf(i);
          load.push(
            template(contractId, {
              '/person/localPersonId': `HHS-${person.id}`,
              '/person/firstName': person.givenName,
              '/person/middleName': person.middleName,
              '/person/lastSurname': person.surname,
              '/person/birthDate': isoDate(person.birthDate),
              '/person/sexDescriptor': clientSex(person),
              '/beginDate': dayOf(i, '2015-01-05'),
            }),
          );
          break;
        }
      }
    }
  }
  return load;
}
