import { edfiDescriptorUri, isDescriptorProperty } from './descriptors';
import type { SchemaShape } from './schema-shape';

/** What the Ed-Fi API adds to every resource and reference; not data, so never reported. */
const API_METADATA = new Set(['id', '_etag', '_lastModifiedDate', 'link']);

export interface ShapedRecord {
  readonly record: Record<string, unknown>;
  /** Source paths the contract does not carry, without values. */
  readonly leftOut: string[];
}

/**
 * Shapes an Ed-Fi API resource (GET /ed-fi/<resource> JSON) into the contract's record: the
 * names already match, so this keeps the fields the contract carries and reports the others.
 * Empty collections and nulls are how the API says "none", which the contracts say by omission.
 * Values are not coerced: a wrong type reaches the hub's rules and is rejected with its path.
 */
export function mapApiResource(resource: Record<string, unknown>, shape: SchemaShape, edfiDescriptors: boolean): ShapedRecord {
  const leftOut = new Set<string>();
  const shapeObject = (source: Record<string, unknown>, objectShape: SchemaShape, path: string): Record<string, unknown> => {
    const target: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(source)) {
      if (API_METADATA.has(name) || value === null || (Array.isArray(value) && value.length === 0)) continue;
      const propertyShape = objectShape.property(name);
      if (!propertyShape) leftOut.add(`${path}/${name}`);
      else target[name] = shapeValue(value, propertyShape, `${path}/${name}`, name);
    }
    return target;
  };
  const shapeValue = (value: unknown, valueShape: SchemaShape, path: string, property: string): unknown => {
    if (Array.isArray(value)) {
      const items = valueShape.items();
      return items ? value.map((item) => shapeValue(item, items, `${path}/*`, property)) : value;
    }
    if (isObject(value) && valueShape.kind === 'object') return shapeObject(value, valueShape, path);
    if (typeof value === 'string' && edfiDescriptors && isDescriptorProperty(property)) return edfiDescriptorUri(property, value);
    return value;
  };
  return { record: shapeObject(resource, shape, ''), leftOut: [...leftOut] };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
