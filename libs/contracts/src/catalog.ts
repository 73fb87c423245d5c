import type { JsonPointer } from './json-pointer';

// Mirrors contracts/catalog.schema.json; ContractRegistry.load validates catalog.json against
// that schema before these types are trusted.

export type ContractDomain = 'k12' | 'postsecondary' | 'partner' | 'workforce';

/** Identity attributes the hub matches people on, whatever each contract calls them. */
export type PersonAttribute =
  | 'firstName'
  | 'middleName'
  | 'lastSurname'
  | 'generationCodeSuffix'
  | 'birthDate'
  | 'sex'
  | 'identificationCodes'
  | 'otherNames';

/** Where a person-bearing record holds the source's local person id and identity attributes. */
export interface PersonLocation {
  readonly localId: JsonPointer;
  /** false when ingestion stores the record without resolving its person: another part of the hub does, after checks of its own (Handle with Care flags). */
  readonly identifiedOnIngest?: boolean;
  /** The id namespace every source shares for this local id (e.g. the state-assigned student id); absent when the id is the source's own. */
  readonly sharedIdNamespace?: string;
  readonly attributes: Readonly<Partial<Record<PersonAttribute, JsonPointer>>>;
}

/**
 * A reference to another contract's record. `fields` holds, in the order of the target's
 * natural key, where this record carries that key; several contracts mean any one of them.
 */
export interface ContractReference {
  readonly name: string;
  readonly contracts: readonly string[];
  readonly fields: readonly JsonPointer[];
}

/** One contract as catalog.json lists it. */
export interface CatalogContract {
  readonly id: string;
  readonly version: string;
  readonly domain: ContractDomain;
  readonly topic: string;
  /** Path of the JSON Schema, relative to the contracts folder. */
  readonly schema: string;
  /** Path of a valid example message (an envelope), relative to the contracts folder. */
  readonly example: string;
  readonly naturalKey: readonly JsonPointer[];
  /** null when the record is not about a person. */
  readonly person: PersonLocation | null;
  readonly references: readonly ContractReference[];
  /** Field pairs Ed-Fi key unification makes one key field: equal whenever both are present. */
  readonly unifiedKeys?: readonly (readonly [JsonPointer, JsonPointer])[];
}

/** A catalogue contract with what its schema file says about it. */
export interface ContractEntry extends CatalogContract {
  readonly schemaId: string;
  readonly title: string;
  readonly description: string;
}

export type DeadLetterHeaderRole =
  | 'originTopic'
  | 'originPartition'
  | 'originOffset'
  | 'stage'
  | 'errorClass'
  | 'errorMessage'
  | 'errorPath'
  | 'contractId'
  | 'deadLetteredAt';

export interface DeadLetterHeader {
  readonly name: string;
  readonly description: string;
}

export interface DeadLetterSpec {
  readonly topic: string;
  /** Values of the stage header, in pipeline order. */
  readonly stages: readonly string[];
  readonly headers: Readonly<Record<DeadLetterHeaderRole, DeadLetterHeader>>;
}

export interface Catalog {
  readonly catalogVersion: string;
  readonly envelope: { readonly schema: string };
  readonly sharedSchemas: readonly string[];
  readonly deadLetter: DeadLetterSpec;
  readonly identityEvents: { readonly topic: string };
  /** Handle with Care notice topics: `{organizationId}` in the address stands for the school's or district's id. */
  readonly careNotices: { readonly topic: string };
  readonly contracts: readonly CatalogContract[];
}
