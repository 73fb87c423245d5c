import type { SchemaObject } from '@nestjs/swagger';
import { ContractRegistry, type SchemaNode } from '@lantern/contracts';

// JSON Schema 2020-12 keywords an OpenAPI 3.0 schema object has no place for.
const DROPPED = new Set(['$schema', '$id', '$defs', '$comment', 'examples']);

/**
 * A published JSON Schema (a contract, or one the libraries validate with) as an OpenAPI 3.0
 * schema object: `$ref`s into the contracts inlined, `const` as a one-value `enum`, and one
 * example (`example`) where the schema gives `examples`. The schema stays the one source: the
 * document shows what the hub validates.
 */
export function openApiSchemaOf(schema: object, documentId?: string): SchemaObject {
  const registry = ContractRegistry.default();
  const convert = (node: unknown, baseId: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((item) => convert(item, baseId));
    if (typeof node !== 'object' || node === null) return node;
    const located = '$ref' in node && baseId ? registry.schemas.dereference({ node: node as SchemaNode, documentId: baseId }) : { node: node as SchemaNode, documentId: baseId };
    const converted: Record<string, unknown> = {};
    for (const [keyword, value] of Object.entries(located.node)) {
      if (DROPPED.has(keyword) || keyword.startsWith('x-')) continue;
      if (keyword === 'const') converted['enum'] = [value];
      else if (keyword === 'properties') converted[keyword] = Object.fromEntries(Object.entries(value as object).map(([name, property]) => [name, convert(property, located.documentId)]));
      else converted[keyword] = convert(value, located.documentId);
    }
    const examples = located.node['examples'];
    if (Array.isArray(examples) && examples.length > 0) converted['example'] = examples[0];
    return converted;
  };
  return convert(schema, documentId ?? (schema as { $id?: string }).$id) as SchemaObject;
}

/** A contract's record schema (contracts/…), e.g. partner.careFlag for POST /care/flags, with the contract's own example record. */
export function contractRecordSchema(contractId: string): SchemaObject {
  const registry = ContractRegistry.default();
  const entry = registry.contract(contractId);
  return { ...openApiSchemaOf(registry.schemas.document(entry.schemaId).node, entry.schemaId), example: registry.readExample(entry).record };
}
