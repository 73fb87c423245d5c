import { isJsonObject } from './json-pointer';

// Keys YAML reads back as the same plain string; anything else is quoted.
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$.-]*$/;

/**
 * Renders JSON-compatible data as block-style YAML. Strings are always double-quoted (JSON
 * escapes are valid YAML), so no value can be misread as a number, boolean or null.
 */
export function toYaml(value: unknown): string {
  return `${blockLines(value, 0).join('\n')}\n`;
}

function blockLines(value: unknown, depth: number): string[] {
  const indent = '  '.repeat(depth);
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (!isNonEmptyCollection(item)) return [`${indent}- ${inline(item)}`];
      const [first, ...rest] = blockLines(item, depth + 1);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isJsonObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => {
      const renderedKey = PLAIN_KEY.test(key) ? key : JSON.stringify(key);
      return isNonEmptyCollection(item)
        ? [`${indent}${renderedKey}:`, ...blockLines(item, depth + 1)]
        : [`${indent}${renderedKey}: ${inline(item)}`];
    });
  }
  return [`${indent}${inline(value)}`];
}

function isNonEmptyCollection(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : isJsonObject(value) && Object.keys(value).length > 0;
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return '[]';
  if (isJsonObject(value)) return '{}';
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TypeError(`cannot render ${typeof value} as YAML`);
}
