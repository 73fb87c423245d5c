import { type ContractRegistry, type Envelope, parseJsonPointer } from '@lantern/contracts';

/** Share of each contract in a generated load (the rest of N after the fixed organisations). */
const MIX: Array<[contractId: string, share: number]> = [
  ['edfi.student', 0.2],
  ['edfi.studentSchoolAssociation', 0.2],
  ['edfi.studentSchoolAttendanceEvent', 0.35],
  ['edfi.studentAssessment', 0.15],
  ['partner.serviceParticipation', 0.1],
];
const SCHOOLS = 40;
const GIVEN = ['Maya', 'Liam', 'Noor', 'Ava', 'Mateo', 'Zoe', 'Elijah', 'Amara', 'Kai', 'Sofia', 'Omar', 'Isla'];
const FAMILY = ['Okafor', 'Castillo', 'Haddad', 'Nguyen', 'Smith', 'Garcia', 'Kowalski', 'Johnson', 'Patel', 'Yazzie'];

function setAt(target: unknown, pointer: string, value: unknown) {
  const path = parseJsonPointer(pointer);
  let node = target as Record<string, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

function dayOf(index: number, base = '2024-09-02'): string {
  return new Date(Date.parse(base) + (index % 170) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A realistic mixed load for benchmarks: one district, its schools, students, enrolments,
 * attendance, assessments and partner-agency service records, every record valid and
 * every reference resolvable, built from the contracts' own examples.
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

  const load: Envelope[] = [template('edfi.localEducationAgency', {})];
  for (let s = 0; s < SCHOOLS; s++) load.push(template('edfi.school', { '/schoolId': schoolId(s), '/nameOfInstitution': `School ${s}` }));
  const remaining = Math.max(0, records - load.length);
  for (const [contractId, share] of MIX) {
    const count = contractId === 'edfi.student' ? studentCount : Math.floor(remaining * share);
    for (let i = 0; i < count; i++) {
      switch (contractId) {
        case 'edfi.student':
          load.push(template(contractId, { '/studentUniqueId': studentId(i), '/firstName': GIVEN[i % GIVEN.length], '/lastSurname': FAMILY[(i * 7) % FAMILY.length], '/birthDate': dayOf(i, '2010-01-01') }));
          break;
        case 'edfi.studentSchoolAssociation':
          load.push(template(contractId, { '/studentReference/studentUniqueId': studentId(i), '/schoolReference/schoolId': schoolId(i), '/entryDate': dayOf(Math.floor(i / studentCount)) }));
          break;
        case 'edfi.studentSchoolAttendanceEvent':
          load.push(template(contractId, { '/studentReference/studentUniqueId': studentId(i), '/schoolReference/schoolId': schoolId(i), '/sessionReference/schoolId': schoolId(i), '/eventDate': dayOf(Math.floor(i / studentCount) + i) }));
          break;
        case 'edfi.studentAssessment':
          load.push(template(contractId, { '/studentReference/studentUniqueId': studentId(i), '/reportedSchoolReference/schoolId': schoolId(i), '/studentAssessmentIdentifier': `A-${i}` }));
          break;
        case 'partner.serviceParticipation':
          load.push(template(contractId, { '/person/localPersonId': `HHS-${i}`, '/person/firstName': GIVEN[i % GIVEN.length], '/beginDate': dayOf(i, '2015-01-05') }));
          break;
      }
    }
  }
  return load;
}
