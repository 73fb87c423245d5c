import { isJsonObject, parseJsonPointer, type JsonPointer } from './json-pointer';

export type SchemaNode = Readonly<Record<string, unknown>>;

/** A schema node together with the $id of the document it sits in (its base URI for $ref). */
export interface LocatedSchema {
  readonly node: SchemaNode;
  readonly documentId: string;
}

// Keywords that may sit beside $ref without changing what validates: dropping them while
// following a $ref loses nothing.
const ANNOTATIONS = new Set(['$ref', '$comment', 'title', 'description', 'examples', 'deprecated']);
const SCALAR_TYPES = new Set(['string', 'integer', 'number', 'boolean']);

/**
 * The loaded JSON Schema documents by $id, navigable by record path. Supports the subset of
 * JSON Schema the contracts use for structure: properties, items and $ref to a document or a
 * JSON Pointer fragment of one.
 */
export class SchemaDocuments {
  private readonly documents = new Map<string, SchemaNode>();

  add(document: unknown, source: string): string {
    const id = isJsonObject(document) ? document['$id'] : undefined;
    if (typeof id !== 'string') throw new Error(`${source} has no $id`);
    if (this.documents.has(id)) throw new Error(`${source} repeats the $id ${id}`);
    this.documents.set(id, document as SchemaNode);
    return id;
  }

  document(id: string): LocatedSchema {
    const node = this.documents.get(id);
    if (!node) throw new Error(`no schema document has the $id ${id}`);
    return { node, documentId: id };
  }

  /** Follows $ref until reaching a schema without one. */
  dereference(located: LocatedSchema): LocatedSchema {
    let current = located;
    for (let ref = current.node['$ref']; typeof ref === 'string'; ref = current.node['$ref']) {
      const constraintsBesideRef = Object.keys(current.node).filter((keyword) => !ANNOTATIONS.has(keyword));
      if (constraintsBesideRef.length > 0) {
        throw new Error(`${current.documentId}: ${constraintsBesideRef.join(', ')} beside $ref ${ref} is not supported`);
      }
      const target = new URL(ref, current.documentId);
      const fragment = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      const { node: root, documentId } = this.document(target.href);
      const node = this.nodeAt(root, fragment);
      if (!node) throw new Error(`${current.documentId}: $ref ${ref} points at nothing`);
      current = { node, documentId };
    }
    return current;
  }

  /** The schema that validates the value at `pointer` in instances of the document `documentId`. */
  schemaAt(documentId: string, pointer: JsonPointer): LocatedSchema | undefined {
    let current = this.dereference(this.document(documentId));
    for (const segment of parseJsonPointer(pointer)) {
      const properties = current.node['properties'];
      const next = /^[0-9]+$/.test(segment)
        ? current.node['items']
        : isJsonObject(properties) && Object.hasOwn(properties, segment)
          ? properties[segment]
          : undefined;
      if (!isJsonObject(next)) return undefined;
      current = this.dereference({ node: next, documentId: current.documentId });
    }
    return current;
  }

  /**
   * A schema requiring only the given scalar fields, each with its rules from the document:
   * what a delete must carry. Other fields are allowed and not checked.
   */
  fieldsOnlySchema(documentId: string, pointers: readonly JsonPointer[]): SchemaNode {
    const root = emptyObjectSchema();
    for (const pointer of pointers) {
      const leaf = this.schemaAt(documentId, pointer);
      if (!leaf || !SCALAR_TYPES.has(leaf.node['type'] as string)) {
        throw new Error(`${documentId}: ${pointer} is not a scalar field`);
      }
      const segments = parseJsonPointer(pointer);
      const parent = segments.slice(0, -1).reduce((object, segment) => {
        requireProperty(object, segment);
        object.properties[segment] ??= emptyObjectSchema();
        return object.properties[segment] as ObjectSchemaBuilder;
      }, root);
      const name = segments[segments.length - 1];
      requireProperty(parent, name);
      parent.properties[name] = leaf.node;
    }
    return root;
  }

  private nodeAt(root: SchemaNode, fragment: string): SchemaNode | undefined {
    let current: unknown = root;
    for (const segment of parseJsonPointer(fragment)) {
      current = isJsonObject(current) && Object.hasOwn(current, segment) ? current[segment] : undefined;
    }
    return isJsonObject(current) ? current : undefined;
  }
}

// A type alias rather than an interface, so it counts as a SchemaNode.
type ObjectSchemaBuilder = {
  type: 'object';
  required: string[];
  properties: Record<string, SchemaNode | ObjectSchemaBuilder>;
};

function emptyObjectSchema(): ObjectSchemaBuilder {
  return { type: 'object', required: [], properties: {} };
}

function requireProperty(object: ObjectSchemaBuilder, name: string): void {
  if (!object.required.includes(name)) object.required.push(name);
}
