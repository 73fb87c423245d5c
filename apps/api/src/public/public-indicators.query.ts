import { Injectable } from '@nestjs/common';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { DISCLOSURE_RULES, INDICATORS, INDICATOR_IDS, IndicatorStore, type PublicIndicatorValue } from '@lantern/outcomes-store';
import { HubConnections } from '../hub-connections';

const ORGANISATION_ID = /^[1-9][0-9]{0,15}$/;
const YEAR = /^20[0-9]{2}$/;
const LEVELS = ['school', 'district', 'state'] as const;
/** The state's organisation id in the released values. */
const STATE_ID = 'state';

const invalid = (detail: string) => new LanternError(LanternErrorCode.InvalidRequest, detail);

export type IndicatorFormat = 'json' | 'csv';

/** ?year= and ?format= (and ?level= or ?indicators= where a route takes them); nothing else. */
export function indicatorQueryOf(
  query: Record<string, string | undefined>,
  accept: string | undefined,
  names: readonly string[],
): { year?: number; level?: string; format: IndicatorFormat; indicators?: ReadonlySet<string> } {
  if (Object.keys(query).some((name) => !names.includes(name))) throw invalid(`The query parameters are ${names.join(', ')}; no others.`);
  if (query.year !== undefined && !YEAR.test(query.year)) throw invalid('year must be a school year such as 2025 (2024–25).');
  if (query.format !== undefined && query.format !== 'json' && query.format !== 'csv') throw invalid('format must be json or csv.');
  const format = query.format ?? (/\btext\/csv\b/.test(accept ?? '') ? 'csv' : 'json');
  return {
    ...(query.year === undefined ? {} : { year: Number(query.year) }),
    ...(query.level === undefined ? {} : { level: query.level }),
    format,
    ...(query.indicators === undefined ? {} : { indicators: indicatorIdsOf(query.indicators) }),
  };
}

/** ?indicators=graduation-4-year,graduation-5-year: some of the dictionary's indicators, for one section of a page. */
function indicatorIdsOf(list: string): ReadonlySet<string> {
  const ids = list.split(',');
  if (ids.some((id) => !INDICATOR_IDS.has(id))) throw invalid('indicators must be indicator ids from GET /public/indicators, separated by commas.');
  return new Set(ids);
}

/** An organisation's answer with only the chosen indicators' values (all of them when none are chosen). */
export function onlyIndicators<Answer extends { values: readonly PublicIndicatorValue[] }>(answer: Answer, indicators: ReadonlySet<string> | undefined): Answer {
  return indicators ? { ...answer, values: answer.values.filter((value) => indicators.has(value.indicator)) } : answer;
}

const CSV_COLUMNS = ['indicator', 'schoolYear', 'level', 'organisationId', 'group', 'kind', 'n', 'value', 'coded', 'reason'] as const;

/** Open data: one row per value; a withheld n or value is an empty field beside its reason. */
export function indicatorCsv(values: readonly PublicIndicatorValue[]): string {
  const field = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  return [CSV_COLUMNS.join(','), ...values.map((value) => CSV_COLUMNS.map((column) => field(value[column])).join(','))].join('\r\n') + '\r\n';
}

/** The public's read of released indicator values (no sign-in): aggregates that passed disclosure control, never a record about a person. */
@Injectable()
export class PublicIndicatorsQuery {
  private readonly store: IndicatorStore;

  constructor(connections: HubConnections) {
    this.store = new IndicatorStore(connections.dataSource);
  }

  async dictionary() {
    return {
      indicators: INDICATORS.map(({ id, title, definition, unit, kind }) => ({ id, title, definition, unit, kind })),
      disclosureRules: DISCLOSURE_RULES,
      releasedYears: await this.store.releasedYears(),
    };
  }

  async school(schoolId: string, year: number | undefined) {
    if (!ORGANISATION_ID.test(schoolId)) throw invalid('schoolId must be a school id (digits).');
    const { schoolYear, values } = await this.store.organisationValues('school', schoolId, year);
    const planGoals = schoolYear === null ? [] : await this.store.planGoals(schoolId, schoolYear);
    return { level: 'school', organisationId: schoolId, schoolYear, values, planGoals: planGoals.map(({ schoolYear: _year, schoolId: _school, ...goal }) => goal) };
  }

  async district(districtId: string, year: number | undefined) {
    if (!ORGANISATION_ID.test(districtId)) throw invalid('districtId must be a district id (digits).');
    const { schoolYear, values } = await this.store.organisationValues('district', districtId, year);
    return { level: 'district', organisationId: districtId, schoolYear, values };
  }

  async state(year: number | undefined) {
    const { schoolYear, values } = await this.store.organisationValues('state', STATE_ID, year);
    return { level: 'state', organisationId: STATE_ID, schoolYear, values };
  }

  async indicator(indicator: string, year: number | undefined, level: string | undefined) {
    if (!INDICATOR_IDS.has(indicator)) throw new LanternError(LanternErrorCode.RecordNotFound, 'No indicator with that id: GET /public/indicators lists them.');
    const chosen = level ?? 'school';
    if (!(LEVELS as readonly string[]).includes(chosen)) throw invalid('level must be school, district or state.');
    const { schoolYear, values } = await this.store.indicatorValues(indicator, chosen as (typeof LEVELS)[number], year);
    return { indicator, level: chosen, schoolYear, values };
  }
}
