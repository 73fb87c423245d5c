export type {
  Catalog,
  CatalogContract,
  ContractDomain,
  ContractEntry,
  ContractReference,
  DeadLetterHeader,
  DeadLetterHeaderRole,
  DeadLetterSpec,
  PersonAttribute,
  PersonLocation,
} from './catalog';
export {
  ContractCatalogError,
  ContractRegistry,
  DEFAULT_CONTRACTS_DIR,
  UnknownContractError,
  type ContractLookup,
  type RecordReference,
} from './contract-registry';
export { parseContractVersion, publishedVersionAccepts, type ContractVersion } from './contract-version';
export type { Envelope, Operation } from './envelope';
export { formatJsonPointer, parseJsonPointer, valueAtPointer, type JsonPointer } from './json-pointer';
export { naturalKeyOf } from './natural-key';
export { storableText, UNSTORABLE_TEXT } from './storable-text';
export { SCHOOL_YEAR_FIRST_MONTH, schoolYearOfMonth } from './school-year';
export {
  parseMessage,
  type AcceptedMessage,
  type MessageLimits,
  type ParsedMessage,
  type RejectedMessage,
  type RejectionStage,
} from './parse-message';
export { SchemaDocuments, type LocatedSchema, type SchemaNode } from './schema-documents';
export type { SchemaViolation } from './schema-violation';
