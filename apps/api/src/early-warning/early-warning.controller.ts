import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { INDICATORS } from '@lantern/early-warning';
import { type Principal, Role } from '@lantern/governance';
import type { Response } from 'express';
import { QueryParameters } from '../query-parameters';
import { districtParameter, MAX_PAGE_SIZE, SetThresholdsCommand, WatchListCommand } from './early-warning.commands';
import { earlyWarningSchema, WATCH_LIST_CSV_EXAMPLE } from './early-warning.schemas';
import { DistrictThresholdsUseCases, type WatchListAnswer, type WatchListCsvAnswer, WatchListQuery } from './early-warning.use-cases';

/** JSON as it is, or the CSV export as a download. */
function answer(response: Response, body: WatchListAnswer | WatchListCsvAnswer) {
  if (!('csv' in body)) return body;
  response.type('text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${body.filename}.csv"`);
  return body.csv;
}

@ApiTags('early warning (schools and districts)')
@Controller('early-warning')
export class EarlyWarningController {
  constructor(
    private readonly watchList: WatchListQuery,
    private readonly districtThresholds: DistrictThresholdsUseCases,
  ) {}

  @Get('schools/:schoolId/watch-list')
  @Authenticated({ roles: [Role.School, Role.District] })
  @ApiOperation({
    summary: 'Students currently enrolled at the school flagged on attendance, behaviour or course performance, each flag with the records, counts and thresholds behind it',
    description:
      "A school sees its own list, a district its schools'. Needs an agreement in force naming the caller (or a school's district) as a recipient for purpose early-warning and the elements used. Each view (and each CSV export, for the school's own staff) is one entry in the record of disclosures naming every student shown.",
  })
  @ApiQuery({ name: 'indicator', required: false, enum: [...INDICATORS], description: 'Only students flagged on this indicator' })
  @ApiQuery({ name: 'page', required: false, type: Number, example: 1 })
  @ApiQuery({ name: 'pageSize', required: false, type: Number, example: 25, description: `1 to ${MAX_PAGE_SIZE}` })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'], description: "csv: every flagged student as a download (the school's own staff only)" })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ content: { 'application/json': { schema: earlyWarningSchema('WatchList') }, 'text/csv': { schema: { type: 'string' }, example: WATCH_LIST_CSV_EXAMPLE } } })
  @ApiBadRequestResponse({ description: 'A parameter that is not one of these, or out of range' })
  @ApiForbiddenResponse({ description: 'Not the school itself or its district, no agreement in force allows it, or a CSV export by anyone but the school' })
  async list(@Param('schoolId') schoolId: string, @QueryParameters() query: Record<string, string>, @CurrentPrincipal() caller: Principal, @Res({ passthrough: true }) response: Response) {
    return answer(response, await this.watchList.run(WatchListCommand.from(schoolId, query), caller));
  }

  @Get('districts/:districtId/thresholds')
  @Authenticated({ roles: [Role.District, Role.Steward] })
  @ApiOperation({ summary: "The district's early-warning thresholds (the defaults while it has set none): the district itself, or a steward" })
  @ApiOkResponse({ schema: earlyWarningSchema('DistrictThresholds') })
  @ApiBadRequestResponse({ description: 'districtId is not an education organisation id' })
  @ApiForbiddenResponse({ description: 'Another district' })
  thresholds(@Param('districtId') districtId: string, @CurrentPrincipal() caller: Principal) {
    return this.districtThresholds.read(districtParameter(districtId), caller);
  }

  @Put('districts/:districtId/thresholds')
  @Authenticated({ roles: [Role.District, Role.Steward] })
  @ApiOperation({ summary: "Replace the district's early-warning thresholds for its schools' watch lists; audited" })
  @ApiBody({ schema: earlyWarningSchema('EarlyWarningThresholds') })
  @ApiOkResponse({ schema: earlyWarningSchema('DistrictThresholds') })
  @ApiBadRequestResponse({ description: 'A threshold missing, unknown or out of range (every problem named)' })
  @ApiForbiddenResponse({ description: 'Another district' })
  setThresholds(@Param('districtId') districtId: string, @Body() body: unknown, @CurrentPrincipal() caller: Principal) {
    return this.districtThresholds.set(SetThresholdsCommand.from(districtId, body), caller);
  }
}
