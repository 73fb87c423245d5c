import type { ErrorObject } from 'ajv';
import { escapePointerSegment, type JsonPointer } from './json-pointer';

/**
 * The first rule a value breaks: where (JSON Pointer, relative to the validated value) and
 * which rule. Built from the schema and the field names only, never from the data, because
 * records carry children's personal data and rejections are logged and shown to stewards.
 */
export interface SchemaViolation {
  readonly path: JsonPointer;
  /** e.g. 'is required', 'must match format "date"'. */
  readonly rule: string;
}

export function violationFromAjvError(error: ErrorObject): SchemaViolation {
  switch (error.keyword) {
    case 'required':
      return { path: childPath(error.instancePath, error.params['missingProperty']), rule: 'is required' };
    case 'additionalProperties':
      return {
        path: childPath(error.instancePath, error.params['additionalProperty']),
        rule: 'is not allowed: the contract has no such field',
      };
    case 'enum': {
      const allowed = (error.params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value));
      return { path: error.instancePath, rule: `must be one of ${allowed.join(', ')}` };
    }
    default:
      // ajv's messages state the rule from the schema ('must be string', 'must match
      // pattern "^[^#]+#.+$"', 'must NOT have more than 32 characters') and never quote data.
      return { path: error.instancePath, rule: error.message ?? `must satisfy ${error.keyword}` };
  }
}

function childPath(parent: JsonPointer, name: unknown): JsonPointer {
  return `${parent}/${escapePointerSegment(String(name))}`;
}
