import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { AcceptReviewCommand, CrosswalkLookupCommand, MergeSidsCommand, reviewIdParameter, sidParameter, SplitSidCommand } from './identity.commands';
import { IdentityQueries, IdentityStewardshipUseCases } from './identity.use-cases';

@ApiTags('identity (stewards)')
@Controller('identity')
@Authenticated({ roles: [Role.Steward] })
export class IdentityController {
  constructor(
    private readonly queries: IdentityQueries,
    private readonly stewardship: IdentityStewardshipUseCases,
  ) {}

  @Get('crosswalk')
  @ApiOperation({ summary: 'The SID of a source system’s local person id, with the decision that linked it' })
  crosswalk(@QueryParameters() query: Record<string, string>) {
    return this.queries.crosswalk(CrosswalkLookupCommand.from(query));
  }

  @Get('sids/:sid/records')
  @ApiOperation({ summary: 'The current record of every kind, from every source, about one SID; each read is audited' })
  records(@Param('sid') sid: string, @CurrentPrincipal() steward: Principal) {
    return this.queries.recordsOf(sidParameter(sid), steward.clientId);
  }

  @Get('reviews')
  @ApiOperation({ summary: 'Open reviews: the record and each candidate SID’s records side by side, with field-level evidence; each read is audited' })
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
}
