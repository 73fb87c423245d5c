import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

// Small builders for the OpenAPI components that describe what the use cases answer (the types
// live in libs/; these only describe them). Every leaf takes its example, so /docs shows one for
// every route, and names passed to `refTo` are checked against the components at compile time.

export type Schema = SchemaObject | ReferenceObject;

export const text = (example: string | null, extra: SchemaObject = {}): SchemaObject => ({ type: 'string', example, ...extra });
export const instant = (example: string | null = '2026-09-01T08:00:00.000Z', extra: SchemaObject = {}): SchemaObject => text(example, { format: 'date-time', ...extra });
export const day = (example = '2026-09-14', extra: SchemaObject = {}): SchemaObject => text(example, { format: 'date', ...extra });
export const whole = (example: number, extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', example, ...extra });
export const decimal = (example: number, extra: SchemaObject = {}): SchemaObject => ({ type: 'number', example, ...extra });
export const flag = (example: boolean, extra: SchemaObject = {}): SchemaObject => ({ type: 'boolean', example, ...extra });
export const oneOfText = (values: readonly string[], example: string = values[0], extra: SchemaObject = {}): SchemaObject => text(example, { enum: [...values], ...extra });
export const list = (items: Schema, extra: SchemaObject = {}): SchemaObject => ({ type: 'array', items, ...extra });
export const nullable = (schema: Schema): SchemaObject => ('$ref' in schema ? { allOf: [schema], nullable: true } : { ...schema, nullable: true });
/** Any JSON: a stored record's body is its contract's (contracts/), not the API's, to describe. */
export const anyJson = (example: unknown, description: string): SchemaObject => ({ type: 'object', additionalProperties: true, example, description });

/** An object whose properties are all present unless named optional. */
export function object(properties: Record<string, Schema>, options: { optional?: readonly string[]; description?: string } = {}): SchemaObject {
  const required = Object.keys(properties).filter((name) => !options.optional?.includes(name));
  return { type: 'object', ...(options.description ? { description: options.description } : {}), required, properties };
}

/** A `$ref` to one of `components`, by a name the compiler knows is there. */
export function refTo<Components extends Record<string, SchemaObject>>(components: Components) {
  return (name: keyof Components & string): ReferenceObject => {
    if (!Object.hasOwn(components, name)) throw new Error(`no OpenAPI component is named ${name}`);
    return { $ref: `#/components/schemas/${name}` };
  };
}
