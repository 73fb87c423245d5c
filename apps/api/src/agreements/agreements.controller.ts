import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { AGREEMENT_TERMS_SCHEMA, Role, type Principal } from '@lantern/governance';
import { AgreementLifecycleCommand, AmendAgreementCommand, ApproveAgreementCommand, DraftAgreementCommand } from './agreements.commands';
import {
  AmendAgreementUseCase,
  ApproveAgreementUseCase,
  DraftAgreementUseCase,
  GetAgreementQuery,
  ListAgreementsQuery,
  ReinstateAgreementUseCase,
  SuspendAgreementUseCase,
  TerminateAgreementUseCase,
} from './agreements.use-cases';

const REASON_BODY = { schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 2000 } } } };
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
  ) {}

  @Post()
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Draft a new agreement (version 1); it applies once every contributor and approver has approved' })
  @ApiBody({ schema: AGREEMENT_TERMS_SCHEMA as object })
  draft(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.draftAgreement.run(DraftAgreementCommand.from(body), steward);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Agreements: every one for stewards, otherwise those the caller’s organisation is party to' })
  list(@CurrentPrincipal() viewer: Principal) {
    return this.listAgreements.run(viewer);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One agreement with its versions, approvals and lifecycle (404 unless the caller is a steward or a party)' })
  get(@Param('id') id: string, @CurrentPrincipal() viewer: Principal) {
    return this.getAgreement.run(id, viewer);
  }

  @Post(':id/versions')
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Amend: a new version with the complete new terms; the current version applies until the new one is approved' })
  @ApiBody({ schema: AGREEMENT_TERMS_SCHEMA as object })
  amend(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.amendAgreement.run(AmendAgreementCommand.from(id, body), steward);
  }

  @Post(':id/versions/:version/approvals')
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Record one contributor’s or approver’s approval of the newest version' })
  @ApiBody({ schema: { type: 'object', required: ['organizationId'], properties: { organizationId: { type: 'string' } } } })
  approve(@Param('id') id: string, @Param('version') version: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.approveAgreement.run(ApproveAgreementCommand.from(id, version, body), steward);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Suspend: no disclosure under the agreement until it is reinstated' })
  @ApiBody(REASON_BODY)
  suspend(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.suspendAgreement.run(AgreementLifecycleCommand.from(id, body), steward);
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Lift a suspension' })
  @ApiBody(REASON_BODY)
  reinstate(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.reinstateAgreement.run(AgreementLifecycleCommand.from(id, body), steward);
  }

  @Post(':id/terminate')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Terminate for good: never amended, approved or reinstated again' })
  @ApiBody(REASON_BODY)
  terminate(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.terminateAgreement.run(AgreementLifecycleCommand.from(id, body), steward);
  }
}
