import { ContractRegistry } from './contract-registry';
import type { Envelope } from './envelope';
import { parseMessage, type ParsedMessage } from './parse-message';
import { examplesOf, leafPointers, messageBytes, projection, withValueAt } from './testing/records';

const registry = ContractRegistry.load();
const limits = { maxBytes: 64 * 1024 };
const parse = (bytes: Buffer | null): ParsedMessage => parseMessage(bytes, registry, limits);
const student = registry.readExample(registry.contract('edfi.student'));
const attendance = registry.readExample(registry.contract('edfi.studentSchoolAttendanceEvent'));

/** Every string or number in the envelope, to check messages never repeat one. */
function valuesIn(envelope: unknown): string[] {
  return leafPointers(envelope)
    .map((pointer) => pointer.split('/').slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], envelope))
    .filter((value) => typeof value === 'string' || typeof value === 'number')
    .map(String)
    .filter((value) => value.length >= 3);
}

function expectNoValueIn(result: ParsedMessage, envelope: unknown): void {
  if (result.kind !== 'rejected') return;
  for (const value of valuesIn(envelope)) expect(result.message).not.toContain(value);
}

describe('parseMessage accepts', () => {
  it.each(examplesOf(registry).map(({ contract, example }) => [contract.id, example] as const))(
    'the documented example of %s',
    (id, example: Envelope) => {
      const result = parse(messageBytes(example));
      expect(result).toMatchObject({ kind: 'accepted', contract: { id }, envelope: example });
    },
  );

  it('with the natural key as a JSON array in catalogue order', () => {
    const enrolment = registry.readExample(registry.contract('edfi.studentSchoolAssociation'));
    expect(parse(messageBytes(enrolment))).toMatchObject({ naturalKey: '["604822",255901001,"2024-08-19"]' });
  });

  it.each(examplesOf(registry).map(({ contract, example }) => [contract.id, contract, example] as const))(
    'a delete of %s carrying only its natural key, with the same key as its upsert',
    (_id, contract, example) => {
      const upsert = parse(messageBytes(example));
      const deletion = { ...example, operation: 'delete', record: projection(example.record, contract.naturalKey) };
      const result = parse(messageBytes(deletion));
      expect(result).toMatchObject({ kind: 'accepted', naturalKey: (upsert as { naturalKey: string }).naturalKey });
    },
  );

  it('a delete carrying the whole record', () => {
    expect(parse(messageBytes({ ...student, operation: 'delete' }))).toMatchObject({ kind: 'accepted' });
  });

  it('a record claiming the published version', () => {
    expect(parse(messageBytes({ ...student, contractVersion: '1.0.0' })).kind).toBe('accepted');
  });
});

describe('parseMessage rejects', () => {
  it.each([
    ['a tombstone', null, 'tombstone'],
    ['an empty value', Buffer.alloc(0), 'tombstone'],
  ])('%s at stage decode', (_case, bytes, reason) => {
    expect(parse(bytes)).toEqual({ kind: 'rejected', stage: 'decode', errorPath: '', message: expect.stringContaining(reason) });
  });

  it('an oversized value at stage size, before reading it', () => {
    const bytes = Buffer.alloc(limits.maxBytes + 1, '{');
    expect(parse(bytes)).toEqual({
      kind: 'rejected',
      stage: 'size',
      errorPath: '',
      message: `the message value is ${limits.maxBytes + 1} bytes, over the limit of ${limits.maxBytes} bytes`,
    });
  });

  it('a value of exactly the limit is read', () => {
    const bytes = messageBytes(student);
    expect(parseMessage(bytes, registry, { maxBytes: bytes.length }).kind).toBe('accepted');
  });

  it('bytes that are not UTF-8 at stage decode', () => {
    expect(parse(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toMatchObject({ stage: 'decode', message: 'the message value is not valid UTF-8' });
  });

  it('text that is not JSON at stage decode, without quoting it', () => {
    const text = '{"studentUniqueId": 604822, "firstName": Lucia}';
    const result = parse(Buffer.from(text));
    expect(result).toMatchObject({ kind: 'rejected', stage: 'decode', errorPath: '' });
    expect((result as { message: string }).message).toMatch(/^the message value is not valid JSON/);
    expect((result as { message: string }).message).not.toContain('Lucia');
  });

  it.each([
    ['a JSON value that is not an object', [1, 2], '', 'the envelope must be object'],
    ['a missing record', { ...student, record: undefined }, '/record', '/record is required'],
    ['an unknown operation', { ...student, operation: 'merge' }, '/operation', '/operation must be one of "upsert", "delete"'],
    ['an event time without offset', { ...student, eventTime: '2025-03-14T09:26:53' }, '/eventTime', '/eventTime must match format "date-time"'],
    ['a malformed version', { ...student, contractVersion: 'v1' }, '/contractVersion', '/contractVersion must match pattern'],
    ['an unknown envelope field', { ...student, priority: 'high' }, '/priority', '/priority is not allowed: the contract has no such field'],
    ['a record that is not an object', { ...student, record: 'Lucia Reyes-Okafor' }, '/record', '/record must be object'],
  ])('%s at stage envelope', (_case, envelope, errorPath, message) => {
    const result = parse(messageBytes(envelope));
    expect(result).toEqual({ kind: 'rejected', stage: 'envelope', errorPath, message: expect.stringContaining(message) });
    expectNoValueIn(result, envelope);
  });

  it('an unknown contract at stage contract', () => {
    const envelope = { ...student, contract: 'edfi.staff' };
    expect(parse(messageBytes(envelope))).toEqual({
      kind: 'rejected',
      stage: 'contract',
      errorPath: '/contract',
      message: '/contract names no published contract',
      contractId: 'edfi.staff',
      sourceSystem: student.sourceSystem,
    });
  });

  it.each(['1.1.0', '2.0.0'])('unpublished version %s at stage contract, naming the published one', (version) => {
    expect(parse(messageBytes({ ...student, contractVersion: version }))).toEqual({
      kind: 'rejected',
      stage: 'contract',
      errorPath: '/contractVersion',
      message: expect.stringContaining('/contractVersion is not accepted by the published version (1.0.0)'),
      contractId: 'edfi.student',
      sourceSystem: student.sourceSystem,
    });
  });

  it.each([
    ['an impossible birth date', '/birthDate', '2009-02-30', '/record/birthDate must match format "date"'],
    ['a birth date as a number', '/birthDate', 20090721, '/record/birthDate must be string'],
    ['a descriptor without namespace', '/birthSexDescriptor', 'Female', '/record/birthSexDescriptor must match pattern "^[^#]+#.+$"'],
    ['a too long studentUniqueId', '/studentUniqueId', '6'.repeat(33), '/record/studentUniqueId must NOT have more than 32 characters'],
    ['a missing first name', '/firstName', undefined, '/record/firstName is required'],
    ['a missing field of a nested item', '/otherNames/0/lastSurname', undefined, '/record/otherNames/0/lastSurname is required'],
    ['an unknown field', '/nickname', 'Lucy', '/record/nickname is not allowed: the contract has no such field'],
  ])('%s at stage schema, naming field and rule but not the value', (_case, pointer, replacement, message) => {
    const envelope = { ...student, record: withValueAt(student.record, pointer, replacement) };
    const result = parse(messageBytes(envelope));
    expect(result).toEqual({
      kind: 'rejected',
      stage: 'schema',
      errorPath: message.split(' ')[0],
      message,
      contractId: 'edfi.student',
      sourceSystem: student.sourceSystem,
    });
    expectNoValueIn(result, envelope);
  });

  it('a delete without a natural key field at stage schema', () => {
    const envelope = { ...student, operation: 'delete', record: { firstName: 'Lucia' } };
    expect(parse(messageBytes(envelope))).toMatchObject({
      stage: 'schema',
      errorPath: '/record/studentUniqueId',
      message: '/record/studentUniqueId is required',
    });
  });

  it('a delete whose key field breaks its rule at stage schema', () => {
    const envelope = { ...student, operation: 'delete', record: { studentUniqueId: 604822 } };
    expect(parse(messageBytes(envelope))).toMatchObject({ stage: 'schema', errorPath: '/record/studentUniqueId' });
  });

  it('Ed-Fi unified key fields that disagree at stage schema', () => {
    const record = withValueAt(attendance.record, '/sessionReference/schoolId', 255901107);
    expect(parse(messageBytes({ ...attendance, record }))).toEqual({
      kind: 'rejected',
      stage: 'schema',
      errorPath: '/record/sessionReference/schoolId',
      message: "/record/sessionReference/schoolId must equal the record's /schoolReference/schoolId: Ed-Fi unifies them into one key field",
      contractId: 'edfi.studentSchoolAttendanceEvent',
      sourceSystem: attendance.sourceSystem,
    });
  });
});
