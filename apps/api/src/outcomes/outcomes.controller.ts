import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { idParameter, RequestOutcomesRunCommand, schoolYearParameter } from './outcomes.commands';
import { OutcomesStewardshipUseCases } from './outcomes.use-cases';

@ApiTags('outcomes (stewards)')
@Controller('outcomes')
@Authenticated({ roles: [Role.Steward] })
export class OutcomesController {
  constructor(private readonly stewardship: OutcomesStewardshipUseCases) {}

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for the indicators of a school year to be computed from the current records (a worker runs the job); audited' })
  requestRun(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.requestRun(RequestOutcomesRunCommand.from(body), steward.clientId);
  }

  @Get('requests/:id')
  @ApiOperation({ summary: 'Whether a requested run is pending, running, done (with its run id) or failed' })
  request(@Param('id') id: string) {
    return this.stewardship.request(idParameter(id, 'id'));
  }

  @Get('runs')
  @ApiQuery({ name: 'year', required: false, example: 2025 })
  @ApiOperation({ summary: 'Runs, newest first, with their snapshot, input counts, values published and suppressed, and which one is released' })
  runs(@QueryParameters() query: Record<string, string>) {
    return this.stewardship.runs(query.year === undefined ? undefined : schoolYearParameter(query.year, 'year'));
  }

  @Post('runs/:runId/release')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve a run's school year for the public: its published values replace the year's previous release; audited" })
  release(@Param('runId') runId: string, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.release(idParameter(runId, 'runId'), steward.clientId);
  }
}
