import { ContractRegistry, parseMessage, type Envelope } from '@lantern/contracts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractMappings, resourceNameOf } from './contract-mappings';
import type { InterchangeItem, MappedRecord } from './interchange-item';
import { listInterchangeFiles, readInterchangeFile } from './read-interchange-file';

const registry = ContractRegistry.load();
const mappings = ContractMappings.from(registry);
const fixture = (name: string) => join(__dirname, 'fixtures', name);

async function readAll(path: string): Promise<InterchangeItem[]> {
  const items: InterchangeItem[] = [];
  for await (const item of readInterchangeFile(path, mappings)) items.push(item);
  return items;
}

const records = (items: InterchangeItem[]) => items.filter((item): item is MappedRecord => item.kind === 'record');

describe('Ed-Fi API resources in JSON', () => {
  it('maps NDJSON resources to the contract the file is named after, leaving out API metadata and reporting fields the contract lacks', async () => {
    const items = await readAll(fixture('students.ndjson'));

    expect(items.map((item) => [item.kind, item.location.line])).toEqual([
      ['record', 1],
      ['record', 3],
      ['envelope', 4],
    ]);
    expect(items[0]).toEqual({
      kind: 'record',
      location: { file: fixture('students.ndjson'), line: 1 },
      contractId: 'edfi.student',
      record: {
        studentUniqueId: 'T-100201',
        firstName: 'Avery',
        middleName: 'Quinn',
        lastSurname: 'Testcase',
        birthDate: '2012-04-03',
        birthSexDescriptor: 'uri://ed-fi.org/SexDescriptor#Female',
      },
      leftOut: ['/personReference'],
    });
    expect(records(items)[1].record).toEqual({
      studentUniqueId: 'T-100202',
      firstName: 'Rowan',
      lastSurname: 'Samplefield',
      birthDate: '2011-11-19',
      // A bare code value gets Ed-Fi's namespace, with the descriptor the role stands for.
      birthCountryDescriptor: 'uri://ed-fi.org/CountryDescriptor#US',
      otherNames: [{ otherNameTypeDescriptor: 'uri://ed-fi.org/OtherNameTypeDescriptor#Nickname', firstName: 'Ro', lastSurname: 'Samplefield' }],
    });
  });

  it('passes lines already in envelope shape through untouched', async () => {
    const [, , envelopeLine] = await readAll(fixture('students.ndjson'));

    expect(envelopeLine).toEqual({
      kind: 'envelope',
      location: { file: fixture('students.ndjson'), line: 4 },
      envelope: {
        contract: 'edfi.student',
        contractVersion: '1.0.0',
        operation: 'upsert',
        sourceSystem: 'lea-255901.sis',
        eventTime: '2025-03-14T09:26:53-05:00',
        record: { studentUniqueId: 'T-100203', firstName: 'Sky', lastSurname: 'Placeholder', birthDate: '2013-01-30' },
      },
    });
  });

  it('reads a JSON array of resources named after the resource URL segment, dropping links, nulls and empty collections', async () => {
    const items = await readAll(fixture('studentSchoolAssociations.json'));

    expect(items).toEqual([
      {
        kind: 'record',
        location: { file: fixture('studentSchoolAssociations.json'), line: 2 },
        contractId: 'edfi.studentSchoolAssociation',
        record: {
          studentReference: { studentUniqueId: 'T-100201' },
          schoolReference: { schoolId: 255901001 },
          entryDate: '2024-08-19',
          entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Seventh grade',
          entryTypeDescriptor: 'uri://ed-fi.org/EntryTypeDescriptor#Next year school',
          schoolYearTypeReference: { schoolYear: 2025 },
          fullTimeEquivalency: 1,
        },
        leftOut: [],
      },
      {
        kind: 'record',
        location: { file: fixture('studentSchoolAssociations.json'), line: 19 },
        contractId: 'edfi.studentSchoolAssociation',
        record: {
          studentReference: { studentUniqueId: 'T-100202' },
          schoolReference: { schoolId: 255901044 },
          entryDate: '2024-08-19',
          entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Eighth grade',
        },
        leftOut: ['/calendarReference'],
      },
    ]);
  });

  it('refuses resources in a file whose name names no contract, after the envelopes before them', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'edfi-interchange-'));
    try {
      const path = join(directory, 'export.ndjson');
      const envelope = JSON.stringify(registry.readExample(registry.contract('edfi.student')));
      await writeFile(path, `${envelope}\n{"studentUniqueId":"T-1"}\n${envelope}\n`);

      const items = await readAll(path);

      expect(items.map((item) => item.kind)).toEqual(['envelope', 'malformed']);
      expect(items[1]).toMatchObject({ location: { line: 2 }, resumable: false, reason: expect.stringContaining('name the file after the resource') });
    } finally {
      await rm(directory, { recursive: true });
    }
  });
});

describe('Ed-Fi XML interchanges', () => {
  it('maps a Data Standard 4 Interchange-Student: Name and BirthData flattened, bare descriptor codes made URIs', async () => {
    const items = await readAll(fixture('Interchange-Student-DS4.xml'));

    expect(items).toEqual([
      {
        kind: 'record',
        location: { file: fixture('Interchange-Student-DS4.xml'), line: 3, element: 'Student' },
        contractId: 'edfi.student',
        record: {
          studentUniqueId: 'T-100201',
          personalTitlePrefix: 'Ms',
          firstName: 'Avery',
          middleName: 'Quinn',
          lastSurname: 'Testcase',
          otherNames: [{ otherNameTypeDescriptor: 'uri://ed-fi.org/OtherNameTypeDescriptor#Nickname', firstName: 'Ave', lastSurname: 'Testcase' }],
          birthDate: '2012-04-03',
          birthCity: 'Grand Bend',
          birthStateAbbreviationDescriptor: 'uri://ed-fi.org/StateAbbreviationDescriptor#TX',
          birthSexDescriptor: 'uri://ed-fi.org/SexDescriptor#Female',
          citizenshipStatusDescriptor: 'uri://ed-fi.org/CitizenshipStatusDescriptor#US Citizen',
        },
        leftOut: ['Student/PersonReference'],
      },
      {
        kind: 'record',
        location: { file: fixture('Interchange-Student-DS4.xml'), line: 32, element: 'Student' },
        contractId: 'edfi.student',
        record: { studentUniqueId: 'T-100202', firstName: 'Rowan', lastSurname: 'Samplefield', generationCodeSuffix: 'Jr', birthDate: '2011-11-19' },
        leftOut: [],
      },
    ]);
  });

  it('maps a Data Standard 5 Interchange-StudentEnrollment: identities flattened, school years as ending years, collections', async () => {
    const items = await readAll(fixture('Interchange-StudentEnrollment-DS5.xml'));

    expect(items.map((item) => [item.kind, item.location.line, item.location.element])).toEqual([
      ['record', 3, 'StudentSchoolAssociation'],
      ['skipped', 23, 'GraduationPlan'],
      ['record', 26, 'StudentEducationOrganizationAssociation'],
    ]);
    const [enrollment, demographics] = records(items);
    expect(enrollment).toMatchObject({
      contractId: 'edfi.studentSchoolAssociation',
      record: {
        studentReference: { studentUniqueId: 'T-100201' },
        schoolReference: { schoolId: 255901001 },
        primarySchool: true,
        schoolYearTypeReference: { schoolYear: 2025 },
        entryDate: '2024-08-19',
        entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Seventh grade',
        entryTypeDescriptor: 'uri://ed-fi.org/EntryTypeDescriptor#Next year school',
        classOfSchoolYearTypeReference: { schoolYear: 2031 },
        fullTimeEquivalency: 1,
      },
      leftOut: ['StudentSchoolAssociation/GraduationPlanReference/@ref'],
    });
    expect(Object.keys(enrollment.record)).toHaveLength(9);
    expect(demographics).toEqual({
      kind: 'record',
      location: { file: fixture('Interchange-StudentEnrollment-DS5.xml'), line: 26, element: 'StudentEducationOrganizationAssociation' },
      contractId: 'edfi.studentEducationOrganizationAssociation',
      record: {
        studentReference: { studentUniqueId: 'T-100201' },
        educationOrganizationReference: { educationOrganizationId: 255901 },
        studentIdentificationCodes: [
          {
            identificationCode: 'S-7781',
            studentIdentificationSystemDescriptor: 'uri://ed-fi.org/StudentIdentificationSystemDescriptor#State',
            assigningOrganizationIdentificationCode: 'TX',
          },
        ],
        sexDescriptor: 'uri://ed-fi.org/SexDescriptor#Female',
        hispanicLatinoEthnicity: false,
        races: [{ raceDescriptor: 'uri://ed-fi.org/RaceDescriptor#Asian' }, { raceDescriptor: 'uri://ed-fi.org/RaceDescriptor#White' }],
        languages: [
          {
            languageDescriptor: 'uri://ed-fi.org/LanguageDescriptor#spa',
            uses: [{ languageUseDescriptor: 'uri://ed-fi.org/LanguageUseDescriptor#Home language' }, { languageUseDescriptor: 'uri://ed-fi.org/LanguageUseDescriptor#Native language' }],
          },
        ],
        studentIndicators: [{ indicatorName: 'At risk', indicator: 'No', periods: [{ beginDate: '2024-08-19' }] }],
      },
      leftOut: [],
    });
  });

  it('maps a Data Standard 5 Interchange-StudentAssessment with scores, performance levels and objective assessments', async () => {
    const [assessment, ...rest] = await readAll(fixture('Interchange-StudentAssessment-DS5.xml'));

    expect(rest).toEqual([]);
    expect(assessment).toEqual({
      kind: 'record',
      location: { file: fixture('Interchange-StudentAssessment-DS5.xml'), line: 3, element: 'StudentAssessment' },
      contractId: 'edfi.studentAssessment',
      record: {
        studentAssessmentIdentifier: 'SA-2025-0001',
        administrationDate: '2025-04-01T16:00:00-05:00',
        administrationLanguageDescriptor: 'uri://ed-fi.org/LanguageDescriptor#eng',
        accommodations: [{ accommodationDescriptor: 'uri://ed-fi.org/AccommodationDescriptor#Extended time' }],
        scoreResults: [
          {
            result: '28',
            resultDatatypeTypeDescriptor: 'uri://ed-fi.org/ResultDatatypeTypeDescriptor#Integer',
            assessmentReportingMethodDescriptor: 'uri://ed-fi.org/AssessmentReportingMethodDescriptor#Raw score',
          },
          {
            result: '691',
            resultDatatypeTypeDescriptor: 'uri://ed-fi.org/ResultDatatypeTypeDescriptor#Integer',
            assessmentReportingMethodDescriptor: 'uri://ed-fi.org/AssessmentReportingMethodDescriptor#Scale score',
          },
        ],
        whenAssessedGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Seventh grade',
        performanceLevels: [
          {
            performanceLevelDescriptor: 'uri://ed-fi.org/PerformanceLevelDescriptor#Pass',
            assessmentReportingMethodDescriptor: 'uri://ed-fi.org/AssessmentReportingMethodDescriptor#Raw score',
          },
        ],
        studentReference: { studentUniqueId: 'T-100201' },
        assessmentReference: { assessmentIdentifier: 'STATE-MATH-7', namespace: 'uri://state.example/Assessment' },
        studentObjectiveAssessments: [
          {
            scoreResults: [
              {
                result: '5',
                resultDatatypeTypeDescriptor: 'uri://ed-fi.org/ResultDatatypeTypeDescriptor#Integer',
                assessmentReportingMethodDescriptor: 'uri://ed-fi.org/AssessmentReportingMethodDescriptor#Raw score',
              },
            ],
            objectiveAssessmentReference: { identificationCode: 'STATE-MATH-7-1', assessmentIdentifier: 'STATE-MATH-7', namespace: 'uri://state.example/Assessment' },
          },
        ],
        schoolYearTypeReference: { schoolYear: 2025 },
        reportedSchoolReference: { schoolId: 255901001 },
      },
      leftOut: ['StudentAssessment/SerialNumber', 'StudentAssessment/PerformanceLevel/PerformanceLevelMet'],
    });
  });

  it.each([
    ['Interchange-EducationOrgCalendar-DS5.xml', 'edfi.calendarDate', { calendarReference: { calendarCode: '2025-HS', schoolId: 255901001, schoolYear: 2025 }, date: '2024-09-03' }],
    [
      'Interchange-StudentDiscipline-DS5.xml',
      'edfi.disciplineAction',
      { disciplines: [{ disciplineDescriptor: 'uri://ed-fi.org/DisciplineDescriptor#Out of School Suspension' }], actualDisciplineActionLength: 2 },
    ],
    [
      'Interchange-StudentGrade-DS5.xml',
      'edfi.grade',
      {
        // The section's identity nests the course offering and its session; the API flattens all of it.
        studentSectionAssociationReference: {
          beginDate: '2024-08-19',
          localCourseCode: 'ALG-1',
          schoolId: 255901001,
          schoolYear: 2025,
          sectionIdentifier: 'ALG-1-P3',
          sessionName: '2024-2025 Fall Semester',
          studentUniqueId: '604822',
        },
        numericGradeEarned: 88,
      },
    ],
  ])('maps the outcome inputs of a Data Standard 5 %s', async (file, contractId, record) => {
    const items = await readAll(fixture(file));

    expect(items).toEqual([expect.objectContaining({ kind: 'record', contractId, record: expect.objectContaining(record), leftOut: [] })]);
  });

  it('leaves out extension elements of other namespaces, even when their children look like Ed-Fi fields', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'edfi-interchange-'));
    try {
      const path = join(directory, 'Interchange-Student.xml');
      await writeFile(
        path,
        `<InterchangeStudent xmlns="http://ed-fi.org/5.0.0" xmlns:tx="http://state.example/tx">
  <Student>
    <StudentUniqueId>T-1</StudentUniqueId>
    <Name><FirstName>Test</FirstName><LastSurname>Case</LastSurname></Name>
    <tx:Alias><FirstName>Other</FirstName></tx:Alias>
    <BirthData><BirthDate>2010-01-01</BirthDate></BirthData>
  </Student>
</InterchangeStudent>`,
      );

      expect(records(await readAll(path))).toEqual([
        expect.objectContaining({
          record: { studentUniqueId: 'T-1', firstName: 'Test', lastSurname: 'Case', birthDate: '2010-01-01' },
          leftOut: ['Student/{http://state.example/tx}Alias'],
        }),
      ]);
    } finally {
      await rm(directory, { recursive: true });
    }
  });

  it('streams interchanges larger than one read chunk', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'edfi-interchange-'));
    try {
      const path = join(directory, 'Interchange-Student.xml');
      const student = (n: number) =>
        `  <Student><StudentUniqueId>T-${n}</StudentUniqueId><Name><FirstName>Test</FirstName><LastSurname>Case</LastSurname></Name>` +
        `<BirthData><BirthDate>2010-01-01</BirthDate></BirthData></Student>\n`;
      const students = Array.from({ length: 3000 }, (_, n) => student(n)).join('');
      await writeFile(path, `<InterchangeStudent xmlns="http://ed-fi.org/5.2.0">\n${students}</InterchangeStudent>\n`);

      const items = records(await readAll(path));

      expect(items).toHaveLength(3000);
      expect(items[2999]).toMatchObject({ location: { line: 3001 }, record: { studentUniqueId: 'T-2999', birthDate: '2010-01-01' } });
    } finally {
      await rm(directory, { recursive: true });
    }
  });
});

describe('every mapped fixture record', () => {
  it("is accepted by the hub's own rules", async () => {
    const files = [
      'students.ndjson',
      'studentSchoolAssociations.json',
      'Interchange-Student-DS4.xml',
      'Interchange-StudentEnrollment-DS5.xml',
      'Interchange-StudentAssessment-DS5.xml',
      'Interchange-EducationOrgCalendar-DS5.xml',
      'Interchange-StudentDiscipline-DS5.xml',
      'Interchange-StudentGrade-DS5.xml',
    ];
    const verdicts: Array<[string, number, string]> = [];
    for (const file of files) {
      for (const item of records(await readAll(fixture(file)))) {
        const envelope: Envelope = {
          contract: item.contractId,
          contractVersion: registry.contract(item.contractId).version,
          operation: 'upsert',
          sourceSystem: 'lea-255901.sis',
          eventTime: '2025-03-14T09:26:53-05:00',
          record: item.record,
        };
        const parsed = parseMessage(Buffer.from(JSON.stringify(envelope)), registry, { maxBytes: 512 * 1024 });
        verdicts.push([file, item.location.line, parsed.kind === 'accepted' ? 'accepted' : parsed.message]);
      }
    }
    expect(verdicts).toHaveLength(12);
    expect(verdicts.filter(([, , verdict]) => verdict !== 'accepted')).toEqual([]);
  });
});

describe('malformed input', () => {
  it('names the line and the open element of an XML well-formedness error, after the entities read before it', async () => {
    const items = await readAll(fixture('Interchange-Student-unclosed.xml'));

    expect(items.map((item) => item.kind)).toEqual(['record', 'malformed']);
    expect(items[1]).toEqual({
      kind: 'malformed',
      location: { file: fixture('Interchange-Student-unclosed.xml'), line: 18, column: 11, element: 'InterchangeStudent/Student/Name' },
      reason: 'this end tag does not close <Name>, which is still open',
      resumable: false,
    });
  });

  it('refuses XML in a namespace other than Data Standard 4 or 5', async () => {
    const items = await readAll(fixture('Interchange-Student-DS2.xml'));

    expect(items).toEqual([
      {
        kind: 'malformed',
        location: expect.objectContaining({ line: 2, element: 'InterchangeStudent' }),
        reason: expect.stringContaining('"http://ed-fi.org/0220" is not an Ed-Fi Data Standard 4 or 5 namespace'),
        resumable: false,
      },
    ]);
  });

  it('names the line and column of a JSON syntax error and stops there', async () => {
    const items = await readAll(fixture('students-broken.json'));

    expect(items.map((item) => item.kind)).toEqual(['record', 'malformed']);
    expect(items[1]).toEqual({
      kind: 'malformed',
      location: { file: fixture('students-broken.json'), line: 11, column: 5 },
      reason: 'not valid JSON',
      resumable: false,
    });
  });

  it('reports a bad NDJSON line and reads the lines after it', async () => {
    const items = await readAll(fixture('students-with-bad-line.ndjson'));

    expect(items.map((item) => [item.kind, item.location.line])).toEqual([
      ['record', 1],
      ['malformed', 2],
      ['record', 3],
    ]);
    expect(items[1]).toMatchObject({ location: { column: 52 }, reason: 'not valid JSON', resumable: true });
  });

  it('never repeats the content of a bad record in its reason', async () => {
    const malformed = [...(await readAll(fixture('students-broken.json'))), ...(await readAll(fixture('students-with-bad-line.ndjson')))].filter((item) => item.kind === 'malformed');

    expect(malformed).toHaveLength(2);
    expect(JSON.stringify(malformed)).not.toMatch(/Riley|Harper|Example/);
  });

  it.each([
    ['[{"studentUniqueId":"T-1"},]', 1, 28, 'expected a resource object ("{") after ","'],
    ['[\n{"studentUniqueId":"T-1"}\n', 3, 1, 'the file ends before the array is closed with "]"'],
    ['[{"studentUniqueId":"T-1"}] {}', 1, 29, 'unexpected content after the end of the JSON document'],
    ['{"studentUniqueId":\n"T-1"', 2, 6, 'the file ends inside the object that starts at line 1'],
    ['"students"', 1, 1, 'expected a JSON array of Ed-Fi resources ("[") or one resource object ("{")'],
    ['  \n', 2, 1, 'the file holds no JSON'],
  ])('reports the structure error in %j at line %i, column %i', async (content, line, column, reason) => {
    const directory = await mkdtemp(join(tmpdir(), 'edfi-interchange-'));
    try {
      const path = join(directory, 'students.json');
      await writeFile(path, content);

      const items = await readAll(path);

      expect(items.at(-1)).toEqual({ kind: 'malformed', location: { file: path, line, column }, reason, resumable: false });
    } finally {
      await rm(directory, { recursive: true });
    }
  });
});

describe('file names and interchange elements', () => {
  it.each([
    ['students.ndjson', 'edfi.student'],
    ['studentSchoolAssociations.json', 'edfi.studentSchoolAssociation'],
    ['StudentSchoolAssociations.JSONL', 'edfi.studentSchoolAssociation'],
    ['studentSchoolAssociation.ndjson', 'edfi.studentSchoolAssociation'],
    ['edfi.studentAssessment.ndjson', 'edfi.studentAssessment'],
    ['localEducationAgencies.json', 'edfi.localEducationAgency'],
    ['exports/students-2025-03.ndjson', 'edfi.student'],
    ['lea255901_students.jsonl', 'edfi.student'],
    ['postsecondary.termEnrollment.ndjson', 'postsecondary.termEnrollment'],
    ['termEnrollments.ndjson', 'postsecondary.termEnrollment'],
    ['schoolExpenditures.ndjson', 'hub.schoolExpenditure'],
    ['studentsx.ndjson', undefined],
    ['export.json', undefined],
  ])('%s holds %s', (fileName, contractId) => {
    expect(mappings.contractForFile(fileName)).toBe(contractId);
  });

  it('derives Ed-Fi resource names and interchange elements from the catalogue', () => {
    expect(resourceNameOf('edfi.localEducationAgency')).toBe('localEducationAgencies');
    expect(resourceNameOf('edfi.studentSchoolAttendanceEvent')).toBe('studentSchoolAttendanceEvents');
    expect(mappings.contractForElement('StudentSchoolAssociation')).toBe('edfi.studentSchoolAssociation');
    expect(mappings.contractForElement('GraduationPlan')).toBeUndefined();
    expect(mappings.contractForElement('TermEnrollment')).toBeUndefined();
    expect(mappings.contractForElement('CalendarDate')).toBe('edfi.calendarDate');
    // The hub's own K-12 contracts are no Ed-Fi resource: no interchange element stands for them.
    expect(mappings.contractForElement('SchoolExpenditure')).toBeUndefined();
  });

  it('lists directories recursively in path order and sets aside what no reader handles', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'edfi-interchange-'));
    try {
      await writeFile(join(directory, 'b.xml'), '');
      await writeFile(join(directory, 'a.ndjson'), '');
      await writeFile(join(directory, 'notes.txt'), '');

      expect(await listInterchangeFiles([directory])).toEqual({
        files: [join(directory, 'a.ndjson'), join(directory, 'b.xml')],
        unsupported: [join(directory, 'notes.txt')],
      });
    } finally {
      await rm(directory, { recursive: true });
    }
  });
});
