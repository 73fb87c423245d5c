import { type ContractEntry, valueAtPointer } from '@lantern/contracts';
import { type PersonRecord, parseSex, personRecordProblems } from '@lantern/identity';

/** Who a person-bearing record is about, as its source knows them. */
export interface PersonIdentity {
  sourceSystem: string;
  localId: string;
  /** Set when the local id is in an id namespace every source shares (contracts/catalog.json person.sharedIdNamespace). */
  idNamespace?: string;
  /** The attributes to match on; absent when the record carries too few (e.g. an enrolment). */
  person?: PersonRecord;
}

const SSN_SYSTEMS = /#(ssn|social security)/i;

/** The resolver's record id for a source's person: unique across sources. */
export function personRecordId(sourceSystem: string, localId: string): string {
  return JSON.stringify([sourceSystem, localId]);
}

/**
 * Reads the person from a record through the catalogue's person block. Records that name the
 * person give the engine something to match (a missing or malformed birth date or code counts as
 * missing there, with a data-quality warning); the others (enrolments, attendance) only name the
 * person by local id, and reach their SID through the crosswalk of the record that did.
 */
export function personIdentityOf(contract: ContractEntry, sourceSystem: string, record: unknown): PersonIdentity | undefined {
  if (!contract.person) return undefined;
  const localId = valueAtPointer(record, contract.person.localId);
  if (typeof localId !== 'string' && typeof localId !== 'number') return undefined;
  const identity: PersonIdentity = { sourceSystem, localId: String(localId), ...(contract.person.sharedIdNamespace ? { idNamespace: contract.person.sharedIdNamespace } : {}) };
  const attribute = (name: keyof NonNullable<ContractEntry['person']>['attributes']) => {
    const pointer = contract.person?.attributes[name];
    const value = pointer === undefined ? undefined : valueAtPointer(record, pointer);
    return typeof value === 'string' ? value : undefined;
  };
  const codes = contract.person.attributes.identificationCodes === undefined ? undefined : valueAtPointer(record, contract.person.attributes.identificationCodes);
  const ssn = Array.isArray(codes)
    ? (codes as Array<{ identificationSystemDescriptor?: string; identificationCode?: string }>).find((code) => SSN_SYSTEMS.test(code.identificationSystemDescriptor ?? ''))
        ?.identificationCode
    : undefined;
  const person: PersonRecord = {
    record_id: personRecordId(sourceSystem, identity.localId),
    first_name: attribute('firstName') ?? '',
    last_name: attribute('lastSurname') ?? '',
    birth_date: attribute('birthDate') ?? '',
    middle_name: attribute('middleName'),
    // Descriptors carry the code after '#', e.g. uri://ed-fi.org/SexDescriptor#Female; a code
    // the engine does not know (e.g. "Not selected") is left out rather than costing the match.
    sex: recognised(attribute('sex')?.split('#').pop(), parseSex),
    local_id: identity.localId,
    // A malformed code counts as missing in the engine, which reports it as a data-quality warning.
    ssn,
  };
  // The engine matches on what the record says about the person; its local id alone is only this
  // source's key (an enrolment naming its student), which the crosswalk resolves.
  const named = Boolean(person.first_name?.trim() || person.last_name?.trim());
  if (named && personRecordProblems(person).length === 0) identity.person = person;
  return identity;
}

function recognised(value: string | undefined, parse: (raw: string | undefined) => unknown): string | undefined {
  return value !== undefined && parse(value) !== undefined ? value : undefined;
}
