import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { AcceptReviewCommand, CrosswalkLookupCommand, MergeSidsCommand, modelIdParameter, reviewIdParameter, sidParameter, SplitSidCommand } from './identity.commands';
import { IdentityModelUseCases, IdentityQueries, IdentityStewardshipUseCases } from './identity.use-cases';

@ApiTags('identity (stewards)')
@Controller('identity')
@Authenticated({ roles: [Role.Steward] })
export class IdentityController {
  constructor(
    private readonly queries: IdentityQueries,
    private readonly stewardship: IdentityStewardshipUseCases,
    private readonly models: IdentityModelUseCases,
  ) {}

  @Get('crosswalk')
  @ApiOperation({ summary: 'The SID of a source system’s local person id, with the decision that linked it and its match weights as a waterfall' })
  crosswalk(@QueryParameters() query: Record<string, string>) {
    return this.queries.crosswalk(CrosswalkLookupCommand.from(query));
  }

  @Get('sids/:sid/records')
  @ApiOperation({ summary: 'The current record of every kind, from every source, about one SID; each read is audited' })
  records(@Param('sid') sid: string, @CurrentPrincipal() steward: Principal) {
    return this.queries.recordsOf(sidParameter(sid), steward.clientId);
  }

  @Get('reviews')
  @ApiOperation({
    summary:
      'Open reviews: the record and each candidate SID’s records side by side, with field-level evidence and its waterfall (prior, each comparison’s level and weight in bits, running total, score, probability); each read is audited',
  })
  reviews(@CurrentPrincipal() steward: Principal) {
    return this.stewardship.reviews(steward.clientId);
  }

  @Post('reviews/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The record is the chosen candidate: its provisional SID merges into that SID' })
  accept(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.accept(reviewIdParameter(id), AcceptReviewCommand.from(body), steward.clientId);
  }

  @Post('reviews/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The record is none of the candidates: it keeps its SID and is never linked to them automatically' })
  reject(@Param('id') id: string, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.reject(reviewIdParameter(id), steward.clientId);
  }

  @Post('merges')
  @HttpCode(200)
  @ApiOperation({ summary: 'Two SIDs are one person: the retired SID points to the survivor from now on' })
  merge(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.merge(MergeSidsCommand.from(body), steward.clientId);
  }

  @Post('splits')
  @HttpCode(200)
  @ApiOperation({ summary: 'One SID holds two people: the named records move to a restored or new SID' })
  split(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.split(SplitSidCommand.from(body), steward.clientId);
  }

  @Post('models')
  @ApiOperation({ summary: 'Trains a model on the crosswalk’s person records and stores it as a new version with its card, not in force until activated; audited' })
  train(@CurrentPrincipal() steward: Principal) {
    return this.models.train(steward.clientId);
  }

  @Get('models')
  @ApiOperation({ summary: 'The model in force and every trained version, newest first, with its expected precision and recall' })
  listModels() {
    return this.models.versions();
  }

  @Get('models/:id')
  @ApiOperation({ summary: 'A model version with its card: parameters per comparison level, prior, thresholds, the data it saw, expected precision and recall' })
  model(@Param('id') id: string) {
    return this.models.version(modelIdParameter(id));
  }

  @Post('models/:id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Puts a trained version in force: every service resolves with it from its next batch on, and each decision names it; audited' })
  activate(@Param('id') id: string, @CurrentPrincipal() steward: Principal) {
    return this.models.activate(modelIdParameter(id), steward.clientId);
  }
}
