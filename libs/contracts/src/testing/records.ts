import type { ContractEntry } from '../catalog';
import type { ContractRegistry } from '../contract-registry';
import type { Envelope } from '../envelope';
import { formatJsonPointer, isJsonObject, parseJsonPointer, type JsonPointer } from '../json-pointer';
import type { LocatedSchema } from '../schema-documents';

// Helpers the specs share to take example records apart.

export function messageBytes(envelope: unknown): Buffer {
  return Buffer.from(JSON.stringify(envelope), 'utf8');
}

export function examplesOf(registry: ContractRegistry): { contract: ContractEntry; example: Envelope }[] {
  return registry.contracts().map((contract) => ({ contract, example: registry.readExample(contract) }));
}

/** Pointers of every required property present in `record`, nested ones and array items included. */
export function requiredFieldPointers(registry: ContractRegistry, contract: ContractEntry, record: unknown): JsonPointer[] {
  const found: JsonPointer[] = [];
  const visit = (value: unknown, located: LocatedSchema, segments: string[]): void => {
    const { node, documentId } = registry.schemas.dereference(located);
    if (Array.isArray(value) && isJsonObject(node['items'])) {
      value.forEach((item, index) => visit(item, { node: node['items'] as LocatedSchema['node'], documentId }, [...segments, String(index)]));
    }
    if (!isJsonObject(value) || !isJsonObject(node['properties'])) return;
    const properties = node['properties'];
    const required = (node['required'] as string[] | undefined) ?? [];
    for (const [name, child] of Object.entries(value)) {
      if (required.includes(name)) found.push(formatJsonPointer([...segments, name]));
      visit(child, { node: properties[name] as LocatedSchema['node'], documentId }, [...segments, name]);
    }
  };
  visit(record, registry.schemas.document(contract.schemaId), []);
  return found;
}

/** Pointers of every string, number or boolean in `value`. */
export function leafPointers(value: unknown, segments: string[] = []): JsonPointer[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPointers(item, [...segments, String(index)]));
  if (isJsonObject(value)) return Object.entries(value).flatMap(([name, child]) => leafPointers(child, [...segments, name]));
  return [formatJsonPointer(segments)];
}

/** A deep copy of `value` with the value at `pointer` replaced, or removed when `replacement` is undefined. */
export function withValueAt(value: unknown, pointer: JsonPointer, replacement: unknown): unknown {
  const copy = structuredClone(value);
  const segments = parseJsonPointer(pointer);
  const parent = segments.slice(0, -1).reduce<unknown>((node, segment) => (node as Record<string, unknown>)[segment], copy);
  const last = segments[segments.length - 1];
  if (Array.isArray(parent) && replacement === undefined) parent.splice(Number(last), 1);
  else if (replacement === undefined) delete (parent as Record<string, unknown>)[last];
  else (parent as Record<string, unknown>)[last] = replacement;
  return copy;
}

/** A deep copy of `value` whose objects list their properties in the order `order` gives. */
export function reorderProperties(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => reorderProperties(item, order));
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(order(Object.keys(value)).map((key) => [key, reorderProperties(value[key], order)]));
}

/** Only the fields at `pointers`, in their nested places: the smallest valid delete record. */
export function projection(record: unknown, pointers: readonly JsonPointer[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const pointer of pointers) {
    const segments = parseJsonPointer(pointer);
    let target = result;
    let source = record as Record<string, unknown>;
    for (const segment of segments.slice(0, -1)) {
      target = (target[segment] ??= {}) as Record<string, unknown>;
      source = source[segment] as Record<string, unknown>;
    }
    const last = segments[segments.length - 1];
    target[last] = source[last];
  }
  return result;
}
