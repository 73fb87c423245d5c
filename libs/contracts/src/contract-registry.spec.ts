import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContractEntry } from './catalog';
import { ContractCatalogError, ContractRegistry, DEFAULT_CONTRACTS_DIR, UnknownContractError } from './contract-registry';
import { isJsonObject, valueAtPointer } from './json-pointer';
import type { SchemaNode } from './schema-documents';

const registry = ContractRegistry.load();
const readContractsJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(DEFAULT_CONTRACTS_DIR, file), 'utf8'));

/** Every schema node in a document, with the name of the property it describes (if any). */
function schemaNodes(node: unknown, propertyName?: string): { node: SchemaNode; propertyName?: string }[] {
  if (!isJsonObject(node)) return [];
  const properties = isJsonObject(node['properties']) ? Object.entries(node['properties']) : [];
  const definitions = isJsonObject(node['$defs']) ? Object.values(node['$defs']) : [];
  return [
    { node, propertyName },
    ...properties.flatMap(([name, child]) => schemaNodes(child, name)),
    ...definitions.flatMap((child) => schemaNodes(child)),
    ...schemaNodes(node['items'], propertyName),
  ];
}

const catalog = readContractsJson('catalog.json') as { envelope: { schema: string }; sharedSchemas: string[] };
const schemaFiles = [catalog.envelope.schema, ...catalog.sharedSchemas, ...registry.contracts().map((contract) => contract.schema)];

describe('the published contracts', () => {
  it('lists the K-12, postsecondary, partner agency and workforce contracts', () => {
    expect(registry.contracts().map((contract) => contract.id)).toEqual([
      'edfi.student',
      'edfi.studentSchoolAssociation',
      'edfi.studentEducationOrganizationAssociation',
      'edfi.studentAssessment',
      'edfi.studentSchoolAttendanceEvent',
      'edfi.courseTranscript',
      'edfi.studentProgramAssociation',
      'edfi.studentAcademicRecord',
      'edfi.school',
      'edfi.localEducationAgency',
      'edfi.calendarDate',
      'edfi.disciplineAction',
      'edfi.grade',
      'hub.schoolExpenditure',
      'hub.schoolPlan',
      'postsecondary.institution',
      'postsecondary.termEnrollment',
      'postsecondary.credentialAward',
      'postsecondary.courseCompletion',
      'partner.serviceParticipation',
      'partner.childWelfarePlacement',
      'partner.publicAssistanceEnrollment',
      'partner.juvenileJusticeInvolvement',
      'partner.careFlag',
      'workforce.quarterlyWage',
    ]);
  });

  it.each(schemaFiles)('%s has an $id mirroring its path, a title and a version', (file) => {
    const schema = readContractsJson(file);
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe(`https://lantern.example/contracts/${file}`);
    expect(schema['title']).toEqual(expect.any(String));
    expect(schema['x-contract-version']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(schemaFiles)('%s is closed: every object with properties forbids others', (file) => {
    const open = schemaNodes(readContractsJson(file)).filter(
      ({ node }) => node['properties'] !== undefined && node['additionalProperties'] !== false,
    );
    expect(open).toEqual([]);
  });

  it.each(schemaFiles)('%s types every *Descriptor field as a namespaced descriptor URI', (file) => {
    const documentId = `https://lantern.example/contracts/${file}`;
    const descriptorFields = schemaNodes(readContractsJson(file)).filter(({ propertyName }) => propertyName?.endsWith('Descriptor'));
    for (const { node, propertyName } of descriptorFields) {
      const { node: resolved } = registry.schemas.dereference({ node, documentId });
      expect({ propertyName, pattern: resolved['pattern'] }).toEqual({ propertyName, pattern: '^[^#]+#.+$' });
    }
  });

  it.each(schemaFiles)('%s gives every *Date field format date', (file) => {
    // Ed-Fi defines the assessment administration times as date-times despite their names.
    const dateTimes = new Set(['administrationDate', 'administrationEndDate']);
    const dateFields = schemaNodes(readContractsJson(file)).filter(
      ({ propertyName }) => propertyName !== undefined && /Date$/.test(propertyName) && !dateTimes.has(propertyName),
    );
    for (const { node, propertyName } of dateFields) {
      expect({ propertyName, type: node['type'], format: node['format'] }).toEqual({ propertyName, type: 'string', format: 'date' });
    }
  });

  it.each(registry.contracts().map((contract) => [contract.id, contract] as const))(
    '%s follows the naming convention for topic, schema and example',
    (_id, contract: ContractEntry) => {
      const [, domain, resource, major] = /^ingest\.([a-z0-9]+)\.([a-z0-9-]+)\.v(\d+)$/.exec(contract.topic) ?? [];
      expect(domain).toBe(contract.domain);
      expect(contract.version.split('.')[0]).toBe(major);
      expect(contract.schema).toBe(`${domain}/${resource}.v${major}.schema.json`);
      expect(contract.example).toBe(`examples/${domain}/${resource}.v${major}.json`);
    },
  );

  it.each(registry.contracts().map((contract) => [contract.id, contract] as const))(
    '%s is person-bearing exactly when its natural key includes the local person id',
    (_id, contract: ContractEntry) => {
      const personIdFields = contract.naturalKey.filter((pointer) => /\/(studentUniqueId|localPersonId)$/.test(pointer));
      if (contract.person === null) {
        expect(personIdFields).toEqual([]);
      } else {
        expect(personIdFields).toEqual([contract.person.localId]);
        const example = registry.readExample(contract);
        expect(valueAtPointer(example.record, contract.person.localId)).toEqual(expect.any(String));
      }
    },
  );

  it('are all listed in the README with their topics', () => {
    const readme = readFileSync(join(DEFAULT_CONTRACTS_DIR, 'README.md'), 'utf8');
    for (const contract of registry.contracts()) expect(readme).toContain(`| \`${contract.id}\` | \`${contract.topic}\` |`);
    expect(readme).toContain(registry.deadLetter.topic);
  });

  it('names the dead-letter topic and its Kafka Connect style headers', () => {
    expect(registry.deadLetter.topic).toBe('hub.dlq.v1');
    expect(registry.deadLetter.stages).toEqual(['size', 'decode', 'envelope', 'contract', 'schema', 'resolve', 'write']);
    expect(registry.deadLetter.headers.originTopic.name).toBe('lantern.errors.topic');
    expect(registry.deadLetter.headers.errorClass.name).toBe('lantern.errors.class.name');
  });
});

describe('ContractRegistry lookups', () => {
  it('gives the topic of a contract', () => {
    expect(registry.topicFor('edfi.student')).toBe('ingest.k12.student.v1');
    expect(registry.contract('workforce.quarterlyWage').topic).toBe('ingest.workforce.quarterly-wage.v1');
  });

  it('lists the data elements a record may carry, which agreements name', () => {
    const elements = registry.recordElements('edfi.student');
    expect(elements).toEqual(expect.arrayContaining(['studentUniqueId', 'firstName', 'lastSurname', 'birthDate', 'birthSexDescriptor']));
    expect(elements).not.toContain('contract');
  });

  it('refuses an unknown contract id', () => {
    expect(() => registry.topicFor('edfi.staff')).toThrow(UnknownContractError);
  });

  it('finds the published version and nothing it has not published', () => {
    expect(registry.lookup('edfi.student', '1.0.0')).toMatchObject({ found: true, contract: { id: 'edfi.student' } });
    expect(registry.lookup('edfi.staff', '1.0.0')).toEqual({ found: false, reason: 'unknown-contract' });
    for (const version of ['1.0.1', '1.1.0', '2.0.0', '0.9.0']) {
      expect(registry.lookup('edfi.student', version)).toEqual({
        found: false,
        reason: 'unpublished-version',
        publishedVersions: ['1.0.0'],
      });
    }
  });
});

describe('ContractRegistry natural keys and references', () => {
  const exampleRecord = (id: string) => registry.readExample(registry.contract(id)).record;

  it('builds the natural key from the catalogue fields, by id or entry', () => {
    expect(registry.naturalKey('edfi.student', { lastSurname: 'Reyes-Okafor', studentUniqueId: '604822' })).toBe('["604822"]');
    expect(registry.naturalKey(registry.contract('edfi.school'), { schoolId: 255901001 })).toBe('[255901001]');
    expect(() => registry.naturalKey('edfi.student', { firstName: 'Lucia' })).toThrow('no natural key field /studentUniqueId');
  });

  it('gives the natural keys of the records an enrolment refers to', () => {
    expect(registry.referencesOf('edfi.studentSchoolAssociation', exampleRecord('edfi.studentSchoolAssociation'))).toEqual([
      { name: 'student', contracts: ['edfi.student'], naturalKey: registry.naturalKey('edfi.student', exampleRecord('edfi.student')) },
      { name: 'school', contracts: ['edfi.school'], naturalKey: registry.naturalKey('edfi.school', exampleRecord('edfi.school')) },
    ]);
  });

  it('refers to a multi-field natural key in the target contract\'s key order', () => {
    const transcriptReferences = registry.referencesOf('edfi.courseTranscript', exampleRecord('edfi.courseTranscript'));
    expect(transcriptReferences.find((reference) => reference.name === 'studentAcademicRecord')?.naturalKey).toBe(
      registry.naturalKey('edfi.studentAcademicRecord', exampleRecord('edfi.studentAcademicRecord')),
    );
  });

  it('skips optional references the record leaves out', () => {
    const { localEducationAgencyReference: _omitted, ...school } = exampleRecord('edfi.school');
    expect(registry.referencesOf('edfi.school', school)).toEqual([]);
  });
});

describe('ContractRegistry.load with an edited contracts folder', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'lantern-contracts-'));
    cpSync(DEFAULT_CONTRACTS_DIR, folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  // Mutable views of the files the cases edit.
  type EditableCatalog = {
    contracts: {
      version: string;
      topic?: string;
      naturalKey: string[];
      person: { attributes: Record<string, string> };
      references: { contracts: string[]; fields: string[] }[];
    }[];
  };
  type EditableSchema = { 'x-contract-version': string; properties: Record<string, Record<string, unknown>> };
  const editJson = <T>(file: string, edit: (json: T) => void): void => {
    const json = JSON.parse(readFileSync(join(folder, file), 'utf8')) as T;
    edit(json);
    writeFileSync(join(folder, file), JSON.stringify(json));
  };
  const editCatalog = (edit: (catalog: EditableCatalog) => void) => editJson('catalog.json', edit);
  const editSchema = (file: string, edit: (schema: EditableSchema) => void) => editJson(file, edit);
  const student = (catalog: EditableCatalog) => catalog.contracts[0];
  const enrolment = (catalog: EditableCatalog) => catalog.contracts[1];

  it('accepts records claiming an earlier version of the same major', () => {
    editCatalog((catalog) => (student(catalog).version = '1.2.0'));
    editSchema('k12/student.v1.schema.json', (schema) => (schema['x-contract-version'] = '1.2.0'));
    const edited = ContractRegistry.load(folder);
    expect(edited.lookup('edfi.student', '1.0.0').found).toBe(true);
    expect(edited.lookup('edfi.student', '1.2.0').found).toBe(true);
    expect(edited.lookup('edfi.student', '1.3.0').found).toBe(false);
  });

  it.each([
    [
      'a catalogue entry without a topic',
      () => editCatalog((catalog) => delete student(catalog).topic),
      'catalog.json: /contracts/0/topic is required',
    ],
    [
      'a schema version that differs from the catalogue',
      () => editSchema('k12/student.v1.schema.json', (schema) => (schema['x-contract-version'] = '1.0.1')),
      'x-contract-version differs from catalog version 1.0.0',
    ],
    [
      'a natural key field the schema lacks',
      () => editCatalog((catalog) => (student(catalog).naturalKey = ['/stateStudentId'])),
      '/stateStudentId is not a scalar field',
    ],
    [
      'a person attribute the schema lacks',
      () => editCatalog((catalog) => (student(catalog).person.attributes['sex'] = '/sexDescriptor')),
      '/sexDescriptor is not a field of k12/student.v1.schema.json',
    ],
    [
      'a reference to an unknown contract',
      () => editCatalog((catalog) => (enrolment(catalog).references[0].contracts = ['edfi.learner'])),
      'reference student names unknown contract edfi.learner',
    ],
    [
      'a reference whose fields do not match the target natural key',
      () => editCatalog((catalog) => enrolment(catalog).references[0].fields.push('/entryDate')),
      "reference student gives 2 fields for edfi.student's 1-field natural key",
    ],
    [
      'two entries on one topic',
      () => editCatalog((catalog) => (enrolment(catalog).topic = 'ingest.k12.student.v1')),
      'topic ingest.k12.student.v1 is not unique',
    ],
    [
      'a schema that breaks strict mode',
      () => editSchema('k12/school.v1.schema.json', (schema) => (schema.properties['webSite']['minimum'] = 1)),
      'strict mode',
    ],
  ])('refuses %s', (_case, edit, reason) => {
    edit();
    expect(() => ContractRegistry.load(folder)).toThrow(ContractCatalogError);
    expect(() => ContractRegistry.load(folder)).toThrow(reason);
  });
});
