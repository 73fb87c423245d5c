import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { Role, type Principal } from '@lantern/governance';
import { AgreementLifecycleCommand, AmendAgreementCommand, ApproveAgreementCommand, DraftAgreementCommand, PolicyCheckCommand } from './agreements.commands';
import { agreementsSchema } from './agreements.schemas';
import {
  AmendAgreementUseCase,
  ApproveAgreementUseCase,
  CheckPolicyUseCase,
  DraftAgreementUseCase,
  GetAgreementQuery,
  ListAgreementsQuery,
  ReinstateAgreementUseCase,
  SuspendAgreementUseCase,
  TerminateAgreementUseCase,
} from './agreements.use-cases';

const REASON_BODY = { schema: agreementsSchema('AgreementLifecycleReason') };
const TERMS_BODY = { schema: agreementsSchema('AgreementTerms') };
const AGREEMENT = { schema: agreementsSchema('Agreement') };
const NOT_FOUND = { description: 'No agreement with this id (or not one the caller is party to)' };
const INVALID_TERMS = { description: 'Terms that are not as AgreementTerms describes, or inconsistent (each problem named)' };
const REFUSED_NOW = { description: 'Its state refuses it now, e.g. a terminated agreement' };
const STEWARDS = { roles: [Role.Steward] };

/** Data-sharing agreements: stewards register and change them; every party reads its own. */
@ApiTags('agreements')
@Controller('agreements')
export class AgreementsController {
  constructor(
    private readonly draftAgreement: DraftAgreementUseCase,
    private readonly amendAgreement: AmendAgreementUseCase,
    private readonly approveAgreement: ApproveAgreementUseCase,
    private readonly suspendAgreement: SuspendAgreementUseCase,
    private readonly reinstateAgreement: ReinstateAgreementUseCase,
    private readonly terminateAgreement: TerminateAgreementUseCase,
    private readonly listAgreements: ListAgreementsQuery,
    private readonly getAgreement: GetAgreementQuery,
    private readonly checkPolicy: CheckPolicyUseCase,
  ) {}

  @Post()
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Draft a new agreement (version 1); it applies once every contributor and approver has approved' })
  @ApiBody(TERMS_BODY)
  @ApiCreatedResponse(AGREEMENT)
  @ApiBadRequestResponse(INVALID_TERMS)
  draft(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.draftAgreement.run(DraftAgreementCommand.from(body), steward);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Agreements: every one for stewards, otherwise those the caller’s organisation is party to' })
  @ApiOkResponse({ schema: agreementsSchema('Agreements') })
  list(@CurrentPrincipal() viewer: Principal) {
    return this.listAgreements.run(viewer);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One agreement with its versions, approvals and lifecycle (404 unless the caller is a steward or a party)' })
  @ApiOkResponse(AGREEMENT)
  @ApiNotFoundResponse(NOT_FOUND)
  get(@Param('id') id: string, @CurrentPrincipal() viewer: Principal) {
    return this.getAgreement.run(id, viewer);
  }

  @Post(':id/versions')
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Amend: a new version with the complete new terms; the current version applies until the new one is approved' })
  @ApiBody(TERMS_BODY)
  @ApiCreatedResponse(AGREEMENT)
  @ApiBadRequestResponse(INVALID_TERMS)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED_NOW)
  amend(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.amendAgreement.run(AmendAgreementCommand.from(id, body), steward);
  }

  @Post(':id/versions/:version/approvals')
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Record one contributor’s or approver’s approval of the newest version' })
  @ApiBody({ schema: agreementsSchema('AgreementApproval') })
  @ApiCreatedResponse(AGREEMENT)
  @ApiBadRequestResponse({ description: 'Not the newest version, or not one of its contributors or approvers' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED_NOW)
  approve(@Param('id') id: string, @Param('version') version: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.approveAgreement.run(ApproveAgreementCommand.from(id, version, body), steward);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Suspend: no disclosure under the agreement until it is reinstated' })
  @ApiBody(REASON_BODY)
  @ApiOkResponse(AGREEMENT)
  @ApiBadRequestResponse({ description: 'No reason, or one longer than 2000 characters' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED_NOW)
  suspend(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.suspendAgreement.run(AgreementLifecycleCommand.from(id, body), steward);
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Lift a suspension' })
  @ApiBody(REASON_BODY)
  @ApiOkResponse(AGREEMENT)
  @ApiBadRequestResponse({ description: 'No reason, or one longer than 2000 characters' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED_NOW)
  reinstate(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.reinstateAgreement.run(AgreementLifecycleCommand.from(id, body), steward);
  }

  @Post(':id/terminate')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Terminate for good: never amended, approved or reinstated again' })
  @ApiBody(REASON_BODY)
  @ApiOkResponse(AGREEMENT)
  @ApiBadRequestResponse({ description: 'No reason, or one longer than 2000 characters' })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(REFUSED_NOW)
  terminate(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.terminateAgreement.run(AgreementLifecycleCommand.from(id, body), steward);
  }

  @Post(':id/policy-check')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'The decision the policy decision point would give a request under this agreement now, with its reasons; audited, allows nothing' })
  @ApiBody({ schema: agreementsSchema('PolicyCheck') })
  @ApiOkResponse({ schema: agreementsSchema('PolicyCheckDecision') })
  @ApiBadRequestResponse({ description: 'No recipient organisation or purpose code, or elements that are not contract fields' })
  @ApiNotFoundResponse(NOT_FOUND)
  policyCheck(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.checkPolicy.run(PolicyCheckCommand.from(id, body), steward);
  }
}
