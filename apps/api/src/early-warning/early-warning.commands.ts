import { type Indicator, INDICATORS, parseThresholds, type EarlyWarningThresholds } from '@lantern/early-warning';
import { LanternError, LanternErrorCode } from '@lantern/errors';

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

const ORGANISATION_ID = /^[0-9]{1,18}$/;
const QUERY_NAMES = new Set(['indicator', 'page', 'pageSize', 'format']);
export const MAX_PAGE_SIZE = 100;

function organisationId(value: string, name: string): string {
  return ORGANISATION_ID.test(value) ? value : invalid(`${name} must be an Ed-Fi education organisation id (digits).`);
}

function wholeParameter(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const number = /^[0-9]{1,6}$/.test(value) ? Number(value) : NaN;
  return number >= 1 && number <= max ? number : invalid(`${name} must be a whole number from 1 to ${max}.`);
}

/** GET /early-warning/schools/:schoolId/watch-list: which school, one indicator or all, which page, JSON or CSV. */
export class WatchListCommand {
  private constructor(
    readonly schoolId: string,
    readonly indicator: Indicator | undefined,
    readonly page: number,
    readonly pageSize: number,
    readonly format: 'json' | 'csv',
  ) {}

  static from(schoolId: string, query: Record<string, string | undefined>): WatchListCommand {
    const unknown = Object.keys(query).filter((name) => !QUERY_NAMES.has(name));
    if (unknown.length > 0) invalid(`Unknown query parameters; the watch list takes ${[...QUERY_NAMES].join(', ')}.`);
    const indicator = query.indicator;
    if (indicator !== undefined && !(INDICATORS as readonly string[]).includes(indicator)) invalid(`indicator must be one of ${INDICATORS.join(', ')}.`);
    const format = query.format ?? 'json';
    if (format !== 'json' && format !== 'csv') invalid('format must be json or csv.');
    return new WatchListCommand(
      organisationId(schoolId, 'schoolId'),
      indicator as Indicator | undefined,
      wholeParameter(query.page, 'page', 1, 100_000),
      wholeParameter(query.pageSize, 'pageSize', 25, MAX_PAGE_SIZE),
      format,
    );
  }
}

/** PUT /early-warning/districts/:districtId/thresholds: the district and every threshold, checked. */
export class SetThresholdsCommand {
  private constructor(
    readonly districtId: string,
    readonly thresholds: EarlyWarningThresholds,
  ) {}

  static from(districtId: string, body: unknown): SetThresholdsCommand {
    return new SetThresholdsCommand(organisationId(districtId, 'districtId'), parseThresholds(body));
  }
}

export function districtParameter(districtId: string): string {
  return organisationId(districtId, 'districtId');
}
