import type { ElementRef, Granularity } from '../agreements/agreement';

const ISO_DATE = /^(\d{4})-(\d{2})-\d{2}/;
const US_ZIP = /^(\d{3})\d{2}(-\d{4})?$/;

/**
 * A value as the agreement allows it out: generalised to the granularity, or `undefined`
 * when it cannot be (e.g. a year asked of something that is not a date). Withholding is the
 * safe failure: a value is never released finer than the agreement says.
 */
export function generalise(value: unknown, granularity: Granularity): unknown {
  if (granularity === 'as-recorded') return value;
  if (granularity === 'year' || granularity === 'year-month') {
    const date = typeof value === 'string' ? ISO_DATE.exec(value) : null;
    if (!date) return undefined;
    return granularity === 'year' ? date[1] : `${date[1]}-${date[2]}`;
  }
  if (granularity === 'zip3') {
    const zip = typeof value === 'string' ? US_ZIP.exec(value) : null;
    return zip ? zip[1] : undefined;
  }
  // Ages of 90 and over are one category (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(C)).
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  return value >= 90 ? '90+' : Math.floor(value);
}

/**
 * The part of one record that may leave the hub: only the allowed elements of the record's
 * domain, each generalised as allowed. Everything else stays behind.
 */
export function releasedFields(domain: string, record: Readonly<Record<string, unknown>>, allowed: ReadonlyArray<ElementRef & { granularity: Granularity }>): Record<string, unknown> {
  const released: Record<string, unknown> = {};
  for (const { element, granularity } of allowed.filter((candidate) => candidate.domain === domain)) {
    if (!Object.hasOwn(record, element)) continue;
    const value = generalise(record[element], granularity);
    if (value !== undefined) released[element] = value;
  }
  return released;
}
