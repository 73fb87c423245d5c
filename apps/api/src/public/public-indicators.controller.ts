import { applyDecorators, Controller, Get, Header, Headers, Param, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Limited, Public } from '@lantern/access';
import type { Response } from 'express';
import { QueryParameters } from '../query-parameters';
import { IndicatorDictionary, PublicIndicatorTable, PublicOrganisationIndicators } from './public-indicator.schemas';
import { indicatorCsv, indicatorQueryOf, onlyIndicators, PublicIndicatorsQuery } from './public-indicators.query';

/** Released values change only when a steward releases a run: caches keep them and revalidate by ETag. */
const CACHEABLE = 'public, max-age=300';
const YEAR_QUERY = { name: 'year', type: Number, required: false, description: 'School year (2025 = 2024–25); the latest released year by default', example: 2025 } as const;
const FORMAT_QUERY = { name: 'format', required: false, enum: ['json', 'csv'], description: 'csv for open data (or send Accept: text/csv)' } as const;
const INDICATORS_QUERY = {
  name: 'indicators',
  type: String,
  required: false,
  description: 'Only these indicators (ids from GET /public/indicators, separated by commas): one section of a page; all by default',
  example: 'graduation-4-year,graduation-5-year',
} as const;
const CSV_EXAMPLE =
  'indicator,schoolYear,level,organisationId,group,kind,n,value,coded,reason\r\ngraduation-4-year,2025,school,255901001,all,rate,212,0.873,,\r\ngraduation-4-year,2025,school,255901001,race:asian,rate,,,,below-minimum-n\r\n';
const STATE_EXAMPLE = {
  level: 'state',
  organisationId: 'state',
  schoolYear: 2025,
  values: [
    { indicator: 'graduation-4-year', schoolYear: 2025, level: 'state', organisationId: 'state', group: 'all', kind: 'rate', n: 48210, value: 0.851, coded: null, reason: null },
    {
      indicator: 'graduation-4-year',
      schoolYear: 2025,
      level: 'state',
      organisationId: 'state',
      group: 'sex:nonbinary',
      kind: 'rate',
      n: null,
      value: null,
      coded: null,
      reason: 'below-minimum-n',
    },
  ],
};
const STATE_CSV_EXAMPLE =
  'indicator,schoolYear,level,organisationId,group,kind,n,value,coded,reason\r\ngraduation-4-year,2025,state,state,all,rate,48210,0.851,,\r\ngraduation-4-year,2025,state,state,sex:nonbinary,rate,,,,below-minimum-n\r\n';

/**
 * The OK answer of a route that gives JSON or, when asked, CSV: each media type its own schema and example (without
 * `type`: with it, the generator gives every media type the JSON schema and drops the examples).
 */
function jsonOrCsv(model: Parameters<typeof getSchemaPath>[0], jsonExample: object | undefined, csvExample: string) {
  return ApiOkResponse({
    description: 'The released values, or the same as CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(model) }, ...(jsonExample ? { example: jsonExample } : {}) },
      'text/csv': { schema: { type: 'string' }, example: csvExample },
    },
  });
}

/** A public route answering one organisation's released values: rate-limited per address, cacheable, JSON or CSV. */
function OrganisationIndicatorsRoute(summary: string, jsonExample: object | undefined, csvExample: string) {
  return applyDecorators(
    Limited('public'),
    Header('Cache-Control', CACHEABLE),
    ApiOperation({ summary }),
    ApiQuery(YEAR_QUERY),
    ApiQuery(FORMAT_QUERY),
    ApiQuery(INDICATORS_QUERY),
    ApiProduces('application/json', 'text/csv'),
    ApiExtraModels(PublicOrganisationIndicators),
    jsonOrCsv(PublicOrganisationIndicators, jsonExample, csvExample),
    ApiBadRequestResponse({ description: 'A parameter that is not one of these, or out of range: problem details' }),
  );
}

/** JSON, or the values as CSV when asked (the ETag covers either body). */
function answer(response: Response, format: 'json' | 'csv', body: { values: Parameters<typeof indicatorCsv>[0] }, filename: string) {
  if (format === 'json') return body;
  response.type('text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return indicatorCsv(body.values);
}

@ApiTags('public')
@Controller('public')
@Public()
export class PublicIndicatorsController {
  constructor(private readonly indicators: PublicIndicatorsQuery) {}

  @Get('indicators')
  @Limited('public')
  @Header('Cache-Control', CACHEABLE)
  @ApiOperation({ summary: 'The data dictionary: every indicator, its definition and units, the disclosure rules, and the released years (no sign-in)' })
  @ApiOkResponse({ type: IndicatorDictionary })
  dictionary() {
    return this.indicators.dictionary();
  }

  @Get('indicators/:indicator')
  @Limited('public')
  @Header('Cache-Control', CACHEABLE)
  @ApiOperation({
    summary: "One indicator's released values for every school, district or the state (no sign-in); JSON or CSV",
    description: 'Withheld values carry their reason, never the number.',
  })
  @ApiQuery(YEAR_QUERY)
  @ApiQuery({ name: 'level', required: false, enum: ['school', 'district', 'state'], description: 'school by default' })
  @ApiQuery(FORMAT_QUERY)
  @ApiProduces('application/json', 'text/csv')
  @ApiExtraModels(PublicIndicatorTable)
  @jsonOrCsv(PublicIndicatorTable, undefined, CSV_EXAMPLE)
  @ApiNotFoundResponse({ description: 'No indicator with that id' })
  @ApiBadRequestResponse({ description: 'A parameter that is not one of these, or out of range: problem details' })
  async indicator(
    @Param('indicator') indicator: string,
    @QueryParameters() query: Record<string, string>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { year, level, format } = indicatorQueryOf(query, accept, ['year', 'level', 'format']);
    return answer(response, format, await this.indicators.indicator(indicator, year, level), `${indicator}-${level ?? 'school'}`);
  }

  @Get('schools/:schoolId/indicators')
  @OrganisationIndicatorsRoute("A school's released indicator values by student group, and its plan's goals (no sign-in); JSON or CSV", undefined, CSV_EXAMPLE)
  async school(
    @Param('schoolId') schoolId: string,
    @QueryParameters() query: Record<string, string>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { year, format, indicators } = indicatorQueryOf(query, accept, ['year', 'format', 'indicators']);
    return answer(response, format, onlyIndicators(await this.indicators.school(schoolId, year), indicators), `school-${schoolId}`);
  }

  @Get('districts/:districtId/indicators')
  @OrganisationIndicatorsRoute("A district's released indicator values by student group (no sign-in); JSON or CSV", undefined, CSV_EXAMPLE)
  async district(
    @Param('districtId') districtId: string,
    @QueryParameters() query: Record<string, string>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { year, format, indicators } = indicatorQueryOf(query, accept, ['year', 'format', 'indicators']);
    return answer(response, format, onlyIndicators(await this.indicators.district(districtId, year), indicators), `district-${districtId}`);
  }

  @Get('state/indicators')
  @OrganisationIndicatorsRoute("The state's released indicator values by student group (no sign-in); JSON or CSV", STATE_EXAMPLE, STATE_CSV_EXAMPLE)
  async state(@QueryParameters() query: Record<string, string>, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    const { year, format, indicators } = indicatorQueryOf(query, accept, ['year', 'format', 'indicators']);
    return answer(response, format, onlyIndicators(await this.indicators.state(year), indicators), 'state');
  }
}
