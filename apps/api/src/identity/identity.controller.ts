import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { AcceptReviewCommand, CrosswalkLookupCommand, ListReviewsCommand, MergeSidsCommand, modelIdParameter, reviewIdParameter, sidParameter, SplitSidCommand } from './identity.commands';
import { identitySchema } from './identity.schemas';
import { IdentityModelUseCases, IdentityQueries, IdentityStewardshipUseCases } from './identity.use-cases';

const BAD_SID = { description: 'Not a valid SID' };
const REVIEW_DECIDED = { description: 'The review is decided already, or the SID is not one of its candidates' };
const NO_SUCH_REVIEW = { description: 'No review with this id' };
const NO_SUCH_MODEL = { description: 'No model version with this id' };
const MODEL = { schema: identitySchema('IdentityModel') };

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
  @ApiQuery({ name: 'sourceSystem', type: String, required: true, example: 'lea-255901.sis' })
  @ApiQuery({ name: 'localId', type: String, required: true, example: 'S-100' })
  @ApiOkResponse({ schema: identitySchema('CrosswalkEntry') })
  @ApiBadRequestResponse({ description: 'sourceSystem or localId missing' })
  @ApiNotFoundResponse({ description: 'No crosswalk entry for this local id' })
  crosswalk(@QueryParameters() query: Record<string, string>) {
    return this.queries.crosswalk(CrosswalkLookupCommand.from(query));
  }

  @Get('sids/:sid/records')
  @ApiOperation({ summary: 'The current record of every kind, from every source, about one SID; each read is audited' })
  @ApiOkResponse({ schema: identitySchema('SidRecords') })
  @ApiBadRequestResponse(BAD_SID)
  @ApiNotFoundResponse({ description: 'No record has this SID' })
  records(@Param('sid') sid: string, @CurrentPrincipal() steward: Principal) {
    return this.queries.recordsOf(sidParameter(sid), steward.clientId);
  }

  @Get('sids/:sid/crosswalk')
  @ApiOperation({
    summary: 'The source records the crosswalk links to one SID, oldest first: source system, local id, identity fields and the SID each was first given; each read is audited',
  })
  @ApiOkResponse({ schema: identitySchema('SidCrosswalk') })
  @ApiBadRequestResponse(BAD_SID)
  @ApiNotFoundResponse({ description: 'No record has this SID' })
  crosswalkOf(@Param('sid') sid: string, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.recordsUnder(sidParameter(sid), steward.clientId);
  }

  @Get('reviews')
  @ApiOperation({
    summary:
      'Open reviews, oldest first, a page at a time: the record and each candidate SID’s records side by side, with field-level evidence and its waterfall (prior, each comparison’s level and weight in bits, running total, score, probability); each read is audited',
  })
  @ApiQuery({ name: 'sourceSystem', type: String, required: false, description: 'Only reviews of records this source system sent', example: 'lea-255901.sis' })
  @ApiQuery({ name: 'afterId', type: Number, required: false, description: 'The previous page’s nextAfterId', example: 5 })
  @ApiQuery({ name: 'limit', type: Number, required: false, description: '1 to 100, 20 by default', example: 20 })
  @ApiOkResponse({ schema: identitySchema('IdentityReviewPage') })
  @ApiBadRequestResponse({ description: 'afterId or limit out of range' })
  reviews(@QueryParameters() query: Record<string, string>, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.reviews(ListReviewsCommand.from(query), steward.clientId);
  }

  @Get('reviews/:id')
  @ApiOperation({
    summary: 'One review, open or decided: the record and its candidates as in the queue, its state, and the model version whose decision opened it with that model’s thresholds; audited',
  })
  @ApiOkResponse({ schema: identitySchema('IdentityReview') })
  @ApiBadRequestResponse({ description: 'The review id is not a whole number' })
  @ApiNotFoundResponse(NO_SUCH_REVIEW)
  review(@Param('id') id: string, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.review(reviewIdParameter(id), steward.clientId);
  }

  @Post('reviews/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The record is the chosen candidate: its provisional SID merges into that SID' })
  @ApiBody({ schema: identitySchema('AcceptReview') })
  @ApiOkResponse({ schema: identitySchema('ReviewAccepted') })
  @ApiBadRequestResponse(BAD_SID)
  @ApiNotFoundResponse(NO_SUCH_REVIEW)
  @ApiConflictResponse(REVIEW_DECIDED)
  accept(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.accept(reviewIdParameter(id), AcceptReviewCommand.from(body), steward.clientId);
  }

  @Post('reviews/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The record is none of the candidates: it keeps its SID and is never linked to them automatically' })
  @ApiOkResponse({ schema: identitySchema('ReviewRejected') })
  @ApiBadRequestResponse({ description: 'The review id is not a whole number' })
  @ApiNotFoundResponse(NO_SUCH_REVIEW)
  @ApiConflictResponse(REVIEW_DECIDED)
  reject(@Param('id') id: string, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.reject(reviewIdParameter(id), steward.clientId);
  }

  @Post('merges')
  @HttpCode(200)
  @ApiOperation({ summary: 'Two SIDs are one person: the retired SID points to the survivor from now on' })
  @ApiBody({ schema: identitySchema('MergeSids') })
  @ApiOkResponse({ schema: identitySchema('SidsMerged') })
  @ApiBadRequestResponse(BAD_SID)
  @ApiNotFoundResponse({ description: 'No record has one of these SIDs' })
  @ApiConflictResponse({ description: 'A SID cannot be merged into itself' })
  merge(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.merge(MergeSidsCommand.from(body), steward.clientId);
  }

  @Post('merges/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What the merge would do, changing nothing: the records that would move to the survivor, those it holds, and the SIDs that would lead to it; same checks as the merge; audited',
  })
  @ApiBody({ schema: identitySchema('MergeSids') })
  @ApiOkResponse({ schema: identitySchema('MergePreview') })
  @ApiBadRequestResponse(BAD_SID)
  @ApiNotFoundResponse({ description: 'No record has one of these SIDs' })
  @ApiConflictResponse({ description: 'A SID cannot be merged into itself' })
  previewMerge(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.previewMerge(MergeSidsCommand.from(body), steward.clientId);
  }

  @Post('splits/preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'What the split would do, changing nothing: the records that would move, where (a SID a merge retired, given back, or a new SID), and those that stay; same checks as the split; audited',
  })
  @ApiBody({ schema: identitySchema('SplitSid') })
  @ApiOkResponse({ schema: identitySchema('SplitPreview') })
  @ApiBadRequestResponse({ description: 'Not a valid SID, or not 1 to 500 records' })
  @ApiNotFoundResponse({ description: 'One or more of those records is not under that SID' })
  @ApiConflictResponse({ description: 'A split must leave at least one record on the SID' })
  previewSplit(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.previewSplit(SplitSidCommand.from(body), steward.clientId);
  }

  @Post('splits')
  @HttpCode(200)
  @ApiOperation({ summary: 'One SID holds two people: the named records move to a restored or new SID' })
  @ApiBody({ schema: identitySchema('SplitSid') })
  @ApiOkResponse({ schema: identitySchema('SidSplit') })
  @ApiBadRequestResponse({ description: 'Not a valid SID, or not 1 to 500 records' })
  @ApiNotFoundResponse({ description: 'One or more of those records is not under that SID' })
  @ApiConflictResponse({ description: 'A split must leave at least one record on the SID' })
  split(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.stewardship.split(SplitSidCommand.from(body), steward.clientId);
  }

  @Post('models')
  @ApiOperation({ summary: 'Trains a model on the crosswalk’s person records and stores it as a new version with its card, not in force until activated; audited' })
  @ApiCreatedResponse(MODEL)
  @ApiConflictResponse({ description: 'Too few person records to train on' })
  @ApiServiceUnavailableResponse({ description: 'A model is being trained already; Retry-After says when to try again' })
  train(@CurrentPrincipal() steward: Principal) {
    return this.models.train(steward.clientId);
  }

  @Get('models')
  @ApiOperation({ summary: 'The model in force and every trained version, newest first, with its expected precision and recall' })
  @ApiOkResponse({ schema: identitySchema('IdentityModels') })
  listModels() {
    return this.models.versions();
  }

  @Get('models/:id')
  @ApiOperation({ summary: 'A model version with its card: parameters per comparison level, prior, thresholds, the data it saw, expected precision and recall' })
  @ApiOkResponse(MODEL)
  @ApiBadRequestResponse({ description: 'Not a model id' })
  @ApiNotFoundResponse(NO_SUCH_MODEL)
  model(@Param('id') id: string) {
    return this.models.version(modelIdParameter(id));
  }

  @Post('models/:id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Puts a trained version in force: every service resolves with it from its next batch on, and each decision names it; audited' })
  @ApiOkResponse(MODEL)
  @ApiBadRequestResponse({ description: 'Not a model id' })
  @ApiNotFoundResponse(NO_SUCH_MODEL)
  activate(@Param('id') id: string, @CurrentPrincipal() steward: Principal) {
    return this.models.activate(modelIdParameter(id), steward.clientId);
  }
}
