import type { LocatedSchema, SchemaDocuments } from '@lantern/contracts';

export type ShapeKind = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'other';

const KINDS = new Set<string>(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/**
 * One node of a contract's JSON Schema with its $refs followed: the mappers steer by it, so a
 * field the contract gains is mapped without a code change. It describes shape only; whether a
 * record is valid stays the hub's call (parseMessage).
 */
export class SchemaShape {
  readonly kind: ShapeKind;
  private readonly node: LocatedSchema;
  private properties?: ReadonlyMap<string, { readonly name: string; readonly shape: SchemaShape }>;
  private itemShape?: SchemaShape | null;

  constructor(
    private readonly schemas: SchemaDocuments,
    located: LocatedSchema,
  ) {
    this.node = schemas.dereference(located);
    const type = this.node.node['type'];
    this.kind = typeof type === 'string' && KINDS.has(type) ? (type as ShapeKind) : 'other';
  }

  /** The property with exactly this name. */
  property(name: string): SchemaShape | undefined {
    const found = this.propertyIgnoringCase(name);
    return found?.name === name ? found.shape : undefined;
  }

  /** Property names compared without case, since XML element names are PascalCase. */
  propertyIgnoringCase(name: string): { readonly name: string; readonly shape: SchemaShape } | undefined {
    return this.propertyMap().get(name.toLowerCase());
  }

  propertyNames(): string[] {
    return [...this.propertyMap().values()].map((property) => property.name);
  }

  /** The shape of an array's items; undefined for anything else. */
  items(): SchemaShape | undefined {
    if (this.itemShape === undefined) {
      const items = this.node.node['items'];
      this.itemShape = isSchemaNode(items) ? new SchemaShape(this.schemas, { node: items, documentId: this.node.documentId }) : null;
    }
    return this.itemShape ?? undefined;
  }

  private propertyMap(): ReadonlyMap<string, { readonly name: string; readonly shape: SchemaShape }> {
    if (!this.properties) {
      const declared = this.node.node['properties'];
      this.properties = new Map(
        Object.entries(isSchemaNode(declared) ? declared : {})
          .filter((entry): entry is [string, LocatedSchema['node']] => isSchemaNode(entry[1]))
          .map(([name, node]) => [name.toLowerCase(), { name, shape: new SchemaShape(this.schemas, { node, documentId: this.node.documentId }) }]),
      );
    }
    return this.properties;
  }
}

function isSchemaNode(value: unknown): value is LocatedSchema['node'] {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
