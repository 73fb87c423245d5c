import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Catalog, CatalogContract, ContractEntry, DeadLetterSpec } from './catalog';
import { parseContractVersion, publishedVersionAccepts } from './contract-version';
import type { Envelope, Operation } from './envelope';
import { isJsonObject, valueAtPointer } from './json-pointer';
import { naturalKeyOf } from './natural-key';
import { SchemaDocuments } from './schema-documents';
import { violationFromAjvError, type SchemaViolation } from './schema-violation';

/** The repository's contracts folder, found from this file so any working directory works. */
export const DEFAULT_CONTRACTS_DIR = resolve(__dirname, '../../../contracts');

/** catalog.json or a schema it names is inconsistent; the registry refuses to start. */
export class ContractCatalogError extends Error {
  override readonly name = 'ContractCatalogError';
}

export class UnknownContractError extends Error {
  override readonly name = 'UnknownContractError';
}

/** A record another record refers to: its natural key in any of the named contracts. */
export interface RecordReference {
  readonly name: string;
  readonly contracts: string[];
  /** In the target contract's naturalKeyOf form. */
  readonly naturalKey: string;
}

export type ContractLookup =
  | { readonly found: true; readonly contract: ContractEntry }
  | { readonly found: false; readonly reason: 'unknown-contract' }
  | { readonly found: false; readonly reason: 'unpublished-version'; readonly publishedVersions: readonly string[] };

interface RecordValidators {
  readonly upsert: ValidateFunction;
  /** Checks only the natural key: a delete's record needs nothing else. */
  readonly delete: ValidateFunction;
}

/**
 * The published contracts, loaded from catalog.json and the schema files it names, with every
 * validator compiled once at load (ajv, JSON Schema 2020-12, formats, strict mode).
 */
export class ContractRegistry {
  private constructor(
    readonly contractsDir: string,
    /** Path of the envelope schema, relative to contractsDir. */
    readonly envelopeSchema: string,
    readonly deadLetter: DeadLetterSpec,
    /** Where the hub publishes identity decisions. */
    readonly identityEvents: { readonly topic: string },
    /** Where the hub delivers Handle with Care notice events: `{organizationId}` stands for the recipient's id. */
    readonly careNotices: { readonly topic: string },
    /** The loaded schema documents, for tools that walk them. */
    readonly schemas: SchemaDocuments,
    private readonly entries: readonly ContractEntry[],
    private readonly envelopeValidator: ValidateFunction,
    private readonly recordValidators: ReadonlyMap<ContractEntry, RecordValidators>,
  ) {}

  private static published?: ContractRegistry;

  /** The repository's published contracts, compiled once per process and shared. */
  static default(): ContractRegistry {
    ContractRegistry.published ??= ContractRegistry.load();
    return ContractRegistry.published;
  }

  static load(contractsDir: string = DEFAULT_CONTRACTS_DIR): ContractRegistry {
    const readJson = (file: string): unknown => {
      try {
        return JSON.parse(readFileSync(join(contractsDir, file), 'utf8'));
      } catch (error) {
        throw new ContractCatalogError(`cannot read ${file} in ${contractsDir}: ${(error as Error).message}`, { cause: error });
      }
    };
    const ajv = new Ajv2020({ strict: true, allErrors: false });
    addFormats(ajv);
    ajv.addKeyword('x-contract-version');

    const catalog = readCatalog(ajv, readJson('catalog.schema.json'), readJson('catalog.json'));
    const schemas = new SchemaDocuments();
    const addSchema = (file: string): string => {
      const document = readJson(file);
      const id = inCatalog(() => schemas.add(document, file));
      inCatalog(() => ajv.addSchema(document as object));
      return id;
    };
    const envelopeId = addSchema(catalog.envelope.schema);
    catalog.sharedSchemas.forEach(addSchema);
    const entries = catalog.contracts.map((contract) => describeContract(contract, addSchema(contract.schema), schemas));
    checkCatalogConsistency(entries, schemas);

    const compile = (schema: string | object): ValidateFunction =>
      inCatalog(() => {
        const validate = typeof schema === 'string' ? ajv.getSchema(schema) : ajv.compile(schema);
        if (!validate) throw new Error(`no schema has the $id ${String(schema)}`);
        return validate;
      });
    const recordValidators = new Map(
      entries.map((entry) => [
        entry,
        {
          upsert: compile(entry.schemaId),
          delete: compile(inCatalog(() => schemas.fieldsOnlySchema(entry.schemaId, entry.naturalKey))),
        },
      ]),
    );
    return new ContractRegistry(contractsDir, catalog.envelope.schema, catalog.deadLetter, catalog.identityEvents, catalog.careNotices, schemas, entries, compile(envelopeId), recordValidators);
  }

  /** Every published contract version, in catalogue order. */
  contracts(): readonly ContractEntry[] {
    return this.entries;
  }

  /** The latest published version of a contract. */
  contract(id: string): ContractEntry {
    const versions = this.entries.filter((entry) => entry.id === id);
    if (versions.length === 0) throw new UnknownContractError(`no published contract has the id ${id}`);
    return versions.reduce((latest, entry) =>
      parseContractVersion(entry.version).major > parseContractVersion(latest.version).major ? entry : latest,
    );
  }

  topicFor(contractId: string): string {
    return this.contract(contractId).topic;
  }

  /** The published contract that accepts records claiming `version` (see publishedVersionAccepts). */
  lookup(id: string, version: string): ContractLookup {
    const versions = this.entries.filter((entry) => entry.id === id);
    if (versions.length === 0) return { found: false, reason: 'unknown-contract' };
    const contract = versions.find((entry) => publishedVersionAccepts(entry.version, version));
    if (!contract) {
      return { found: false, reason: 'unpublished-version', publishedVersions: versions.map((entry) => entry.version) };
    }
    return { found: true, contract };
  }

  validateEnvelope(value: unknown): SchemaViolation | undefined {
    return firstViolation(this.envelopeValidator, value);
  }

  /** See naturalKeyOf; a contract given by id means its latest published version. */
  naturalKey(contract: string | ContractEntry, record: unknown): string {
    return naturalKeyOf(this.entryOf(contract), record);
  }

  /**
   * The records this one refers to, by the natural key they have in their own contract.
   * References whose fields the record leaves out (optional ones) are skipped.
   */
  referencesOf(contract: string | ContractEntry, record: unknown): RecordReference[] {
    return this.entryOf(contract).references.flatMap((reference) => {
      const values = reference.fields.map((pointer) => valueAtPointer(record, pointer));
      if (values.some((value) => value === undefined)) return [];
      return [{ name: reference.name, contracts: [...reference.contracts], naturalKey: JSON.stringify(values) }];
    });
  }

  /** The top-level fields a record of the contract may carry: the data elements agreements name. */
  recordElements(contract: string | ContractEntry): string[] {
    const properties = this.schemas.schemaAt(this.entryOf(contract).schemaId, '')?.node['properties'];
    return properties && typeof properties === 'object' ? Object.keys(properties) : [];
  }

  /** Checks a record against its contract: the whole schema for upserts, the natural key for deletes. */
  validateRecord(contract: ContractEntry, operation: Operation, record: unknown): SchemaViolation | undefined {
    const validators = this.recordValidators.get(contract);
    if (!validators) throw new UnknownContractError(`${contract.id} ${contract.version} is not from this registry`);
    return firstViolation(validators[operation], record) ?? unifiedKeyViolation(contract, record);
  }

  /** The contract's example message, as documented and tested. */
  readExample(contract: ContractEntry): Envelope {
    return JSON.parse(readFileSync(join(this.contractsDir, contract.example), 'utf8')) as Envelope;
  }

  private entryOf(contract: string | ContractEntry): ContractEntry {
    return typeof contract === 'string' ? this.contract(contract) : contract;
  }
}

function readCatalog(ajv: Ajv2020, catalogSchema: unknown, catalog: unknown): Catalog {
  const validateCatalog = inCatalog(() => ajv.compile(catalogSchema as object));
  const violation = firstViolation(validateCatalog, catalog);
  if (violation) throw new ContractCatalogError(`catalog.json: ${violation.path || '(root)'} ${violation.rule}`);
  return catalog as Catalog;
}

function describeContract(contract: CatalogContract, schemaId: string, schemas: SchemaDocuments): ContractEntry {
  const { node } = schemas.document(schemaId);
  if (node['x-contract-version'] !== contract.version) {
    throw new ContractCatalogError(`${contract.schema}: x-contract-version differs from catalog version ${contract.version}`);
  }
  return { ...contract, schemaId, title: String(node['title']), description: String(node['description']) };
}

/** Everything catalog.json points at must exist, so consumers can trust it without checking. */
function checkCatalogConsistency(entries: readonly ContractEntry[], schemas: SchemaDocuments): void {
  const fail = (entry: ContractEntry, problem: string): never => {
    throw new ContractCatalogError(`catalog.json, ${entry.id} ${entry.version}: ${problem}`);
  };
  const seen = new Set<string>();
  for (const entry of entries) {
    const major = `${entry.id}@${parseContractVersion(entry.version).major}`;
    if (seen.has(major)) fail(entry, 'another entry publishes the same major version');
    seen.add(major);
    if (entries.some((other) => other !== entry && other.topic === entry.topic)) fail(entry, `topic ${entry.topic} is not unique`);

    const pointers = [
      ...(entry.person ? [entry.person.localId, ...Object.values(entry.person.attributes)] : []),
      ...entry.references.flatMap((reference) => reference.fields),
      ...(entry.unifiedKeys ?? []).flat(),
    ];
    for (const pointer of pointers) {
      if (!schemas.schemaAt(entry.schemaId, pointer)) fail(entry, `${pointer} is not a field of ${entry.schema}`);
    }
    for (const reference of entry.references) {
      for (const targetId of reference.contracts) {
        const target = entries.find((candidate) => candidate.id === targetId);
        if (!target) fail(entry, `reference ${reference.name} names unknown contract ${targetId}`);
        else if (target.naturalKey.length !== reference.fields.length) {
          fail(entry, `reference ${reference.name} gives ${reference.fields.length} fields for ${targetId}'s ${target.naturalKey.length}-field natural key`);
        }
      }
    }
  }
}

function firstViolation(validate: ValidateFunction, value: unknown): SchemaViolation | undefined {
  if (validate(value)) return undefined;
  return violationFromAjvError(validate.errors![0]);
}

function unifiedKeyViolation(contract: ContractEntry, record: unknown): SchemaViolation | undefined {
  if (!isJsonObject(record)) return undefined;
  for (const [first, second] of contract.unifiedKeys ?? []) {
    const firstValue = valueAtPointer(record, first);
    const secondValue = valueAtPointer(record, second);
    if (firstValue !== undefined && secondValue !== undefined && firstValue !== secondValue) {
      return { path: second, rule: `must equal the record's ${first}: Ed-Fi unifies them into one key field` };
    }
  }
  return undefined;
}

/** Turns a schema or catalogue problem found while loading into a ContractCatalogError. */
function inCatalog<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ContractCatalogError) throw error;
    throw new ContractCatalogError((error as Error).message, { cause: error });
  }
}
