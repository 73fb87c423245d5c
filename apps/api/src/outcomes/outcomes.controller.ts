import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { idParameter, RequestOutcomesRunCommand, schoolYearParameter } from './outcomes.commands';
import { outcomesSchema } from './outcomes.schemas';
import { OutcomesStewardshipUseCases } from './outcomes.use-cases';

@ApiTags('outcomes (stewards)')
@Controller('outcomes')
@Authenticated({ roles: [Role.Steward] })
export class OutcomesController {
  constructor(private readonly stewardship: OutcomesStewardshipUseCases) {}

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for the indicators of a school year to be computed from the current records (a worker runs the job); audited' })
  @ApiBody({ schema: outcomesSchema('OutcomesRunRequest') })
  @ApiAcceptedResponse({ schema: outcomesSchema('OutcomesRunRequested') })
  @ApiBadRequestResponse({ description: 'schoolYear is not a school year' })
  requestRun(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.requestRun(RequestOutcomesRunCommand.from(body), steward.clientId);
  }

  @Get('requests/:id')
  @ApiOperation({ summary: 'Whether a requested run is pending, running, done (with its run id) or failed' })
  @ApiOkResponse({ schema: outcomesSchema('OutcomesRunRequestStatus') })
  @ApiBadRequestResponse({ description: 'id is not a whole number' })
  @ApiNotFoundResponse({ description: 'No run request has this id' })
  request(@Param('id') id: string) {
    return this.stewardship.request(idParameter(id, 'id'));
  }

  @Get('runs')
  @ApiQuery({ name: 'year', type: Number, required: false, example: 2025 })
  @ApiOperation({ summary: 'Runs, newest first, with their snapshot, input counts, values published and suppressed, and which one is released' })
  @ApiOkResponse({ schema: outcomesSchema('OutcomesRuns') })
  @ApiBadRequestResponse({ description: 'year is not a school year' })
  runs(@QueryParameters() query: Record<string, string>) {
    return this.stewardship.runs(query.year === undefined ? undefined : schoolYearParameter(query.year, 'year'));
  }

  @Post('runs/:runId/release')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve a run's school year for the public: its published values replace the year's previous release; audited" })
  @ApiOkResponse({ schema: outcomesSchema('OutcomesRelease') })
  @ApiBadRequestResponse({ description: 'runId is not a whole number' })
  @ApiNotFoundResponse({ description: 'No run has this id' })
  release(@Param('runId') runId: string, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.release(idParameter(runId, 'runId'), steward.clientId);
  }
}
