/**
 * The one serialisation an audit entry is hashed over: JSON with object keys sorted
 * (recursively, by UTF-16 code units) and no insignificant whitespace, so the same entry
 * always yields the same bytes, whatever key order the writer or PostgreSQL's jsonb used.
 * Undefined object members are left out, as JSON.stringify does; values JSON cannot carry
 * faithfully (NaN, Infinity, bigint, functions) are refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  const json = toJsonValue(value);
  if (json === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return json;
}

function toJsonValue(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return toJsonValue((value as { toJSON: () => unknown }).toJSON());
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'undefined':
      return undefined;
    case 'object':
      return Array.isArray(value) ? arrayJson(value) : objectJson(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}

function arrayJson(items: unknown[]): string {
  // JSON.stringify writes undefined array items as null; so does this.
  return `[${items.map((item) => toJsonValue(item) ?? 'null').join(',')}]`;
}

function objectJson(object: Record<string, unknown>): string {
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const member = toJsonValue(object[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}
