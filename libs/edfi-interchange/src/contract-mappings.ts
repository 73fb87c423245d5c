import type { ContractEntry, ContractRegistry } from '@lantern/contracts';
import { basename } from 'node:path';
import { SchemaShape } from './schema-shape';

const JSON_EXTENSIONS = /\.(ndjson|jsonl|json)$/i;
const NAME_SEPARATOR = /[-_. ]/;

/**
 * What the catalogue says about reading Ed-Fi files, derived once per registry: which contract a
 * file name or an interchange element stands for, and each contract's schema shape.
 */
export class ContractMappings {
  private static readonly byRegistry = new WeakMap<ContractRegistry, ContractMappings>();

  /** File-name stem (lower case) → contract id; null marks a stem two contracts share. */
  private readonly contractByStem = new Map<string, string | null>();
  private readonly contractByElement = new Map<string, string>();
  private readonly shapes = new Map<string, SchemaShape>();

  private constructor(private readonly registry: ContractRegistry) {
    for (const contract of uniqueIds(registry.contracts())) {
      const localName = contract.id.slice(contract.id.indexOf('.') + 1);
      for (const stem of [contract.id, localName, resourceNameOf(contract.id)]) {
        const key = stem.toLowerCase();
        const taken = this.contractByStem.get(key);
        this.contractByStem.set(key, taken === undefined || taken === contract.id ? contract.id : null);
      }
      if (isEdfi(contract)) this.contractByElement.set(localName.charAt(0).toUpperCase() + localName.slice(1), contract.id);
    }
  }

  static from(registry: ContractRegistry): ContractMappings {
    let mappings = ContractMappings.byRegistry.get(registry);
    if (!mappings) {
      mappings = new ContractMappings(registry);
      ContractMappings.byRegistry.set(registry, mappings);
    }
    return mappings;
  }

  /**
   * The contract a JSON file holds, from its name: the Ed-Fi resource (URL segment, e.g.
   * studentSchoolAssociations), the resource's singular name, or the contract id, optionally
   * followed or preceded by a qualifier (students-2025-03.ndjson, lea255901_students.jsonl).
   */
  contractForFile(path: string): string | undefined {
    const stem = basename(path).replace(JSON_EXTENSIONS, '').toLowerCase();
    const exact = this.contractByStem.get(stem);
    if (exact !== undefined) return exact ?? undefined;
    const candidates = [...this.contractByStem.entries()].filter(([key, id]) => id !== null && isQualifiedBy(stem, key)).sort(([a], [b]) => b.length - a.length);
    return candidates[0]?.[1] ?? undefined;
  }

  /** The contract an Ed-Fi XML interchange element (Student, StudentSchoolAssociation, ...) follows. */
  contractForElement(elementName: string): string | undefined {
    return this.contractByElement.get(elementName);
  }

  shapeOf(contractId: string): SchemaShape {
    let shape = this.shapes.get(contractId);
    if (!shape) {
      shape = new SchemaShape(this.registry.schemas, this.registry.schemas.document(this.registry.contract(contractId).schemaId));
      this.shapes.set(contractId, shape);
    }
    return shape;
  }

  /** Bare descriptor code values become Ed-Fi URIs only in Ed-Fi's own contracts. */
  usesEdfiDescriptors(contractId: string): boolean {
    return isEdfi(this.registry.contract(contractId));
  }
}

/** The Ed-Fi API's resource name (its URL segment) for a contract: edfi.localEducationAgency → localEducationAgencies. */
export function resourceNameOf(contractId: string): string {
  const localName = contractId.slice(contractId.indexOf('.') + 1);
  return /[^aeiou]y$/.test(localName) ? `${localName.slice(0, -1)}ies` : `${localName}s`;
}

/** Ed-Fi's own resources; the hub's K-12 contracts (hub.schoolExpenditure, hub.schoolPlan) are not among them. */
function isEdfi(contract: ContractEntry): boolean {
  return contract.id.startsWith('edfi.');
}

function isQualifiedBy(stem: string, name: string): boolean {
  return (stem.startsWith(name) && NAME_SEPARATOR.test(stem.charAt(name.length))) || (stem.endsWith(name) && NAME_SEPARATOR.test(stem.charAt(stem.length - name.length - 1)));
}

/** Newer major versions share the id; names map to the id, and the registry picks the latest. */
function uniqueIds(contracts: readonly ContractEntry[]): ContractEntry[] {
  return contracts.filter((contract, index) => contracts.findIndex((other) => other.id === contract.id) === index);
}
