import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { Role, type Principal } from '@lantern/governance';
import { ApproveExtractCommand, EncryptedDownloadCommand, RefuseExtractCommand, SubmitExtractRequestCommand, SubmitProjectCommand } from './extracts.commands';
import {
  ApproveExtractUseCase,
  DownloadPackageUseCase,
  ExtractRequestQueries,
  ProjectQueries,
  RefuseExtractUseCase,
  SigningCertificateQuery,
  SubmitExtractRequestUseCase,
  SubmitProjectUseCase,
} from './extracts.use-cases';

const RESEARCHERS = { roles: [Role.Researcher] };
const STEWARDS = { roles: [Role.Steward] };
const RESEARCHERS_AND_STEWARDS = { roles: [Role.Researcher, Role.Steward] };

/** Research projects and their de-identified extracts: researchers ask, stewards review against the agreement, the hub builds. */
@ApiTags('research extracts')
@Controller('research')
export class ExtractsController {
  constructor(
    private readonly submitProject: SubmitProjectUseCase,
    private readonly projects: ProjectQueries,
    private readonly submitRequest: SubmitExtractRequestUseCase,
    private readonly requests: ExtractRequestQueries,
    private readonly approveRequest: ApproveExtractUseCase,
    private readonly refuseRequest: RefuseExtractUseCase,
    private readonly downloadPackage: DownloadPackageUseCase,
    private readonly signingCertificate: SigningCertificateQuery,
  ) {}

  @Post('projects')
  @Authenticated(RESEARCHERS)
  @ApiOperation({ summary: 'Submit a research project under an agreement naming your organisation as a recipient' })
  submit(@Body() body: unknown, @CurrentPrincipal() researcher: Principal) {
    return this.submitProject.run(SubmitProjectCommand.from(body), researcher);
  }

  @Get('projects')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'Research projects (researchers: their organisation’s)' })
  listProjects(@CurrentPrincipal() viewer: Principal) {
    return this.projects.list(viewer);
  }

  @Get('projects/:id')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'One research project (404 for another organisation’s)' })
  getProject(@Param('id') id: string, @CurrentPrincipal() viewer: Principal) {
    return this.projects.get(id, viewer);
  }

  @Post('projects/:id/extract-requests')
  @Authenticated(RESEARCHERS)
  @ApiOperation({ summary: 'Request an extract: cohort criteria, elements across domains, time span, optional tables' })
  request(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() researcher: Principal) {
    return this.submitRequest.run(SubmitExtractRequestCommand.from(id, body), researcher);
  }

  @Get('extract-requests')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'Extract requests with status and build progress (researchers: their organisation’s)' })
  listRequests(@CurrentPrincipal() viewer: Principal) {
    return this.requests.list(viewer);
  }

  @Get('extract-requests/:id')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'One extract request: review, build progress or failure, and the agreement’s expiry and destruction dates' })
  getRequest(@Param('id') id: string, @CurrentPrincipal() viewer: Principal) {
    return this.requests.get(id, viewer);
  }

  @Get('extract-requests/:id/policy-review')
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'What the project’s agreement allows of the request as submitted, with the reasons (audited as a policy decision)' })
  policyReview(@Param('id') id: string, @CurrentPrincipal() steward: Principal) {
    return this.requests.policyReview(id, steward);
  }

  @Post('extract-requests/:id/approve')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Approve, optionally narrowed to fewer elements; refused (409) with the reasons when the agreement does not allow it' })
  approve(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.approveRequest.run(ApproveExtractCommand.from(id, body), steward);
  }

  @Post('extract-requests/:id/refuse')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Refuse a request, with the reason the researcher will read' })
  refuse(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.refuseRequest.run(RefuseExtractCommand.from(id, body), steward);
  }

  @Get('extract-requests/:id/package')
  @Authenticated(RESEARCHERS)
  @ApiOperation({ summary: 'Download the package (tar) while the agreement is in force; each download is in the record of disclosures' })
  download(@Param('id') id: string, @CurrentPrincipal() researcher: Principal) {
    return this.downloadPackage.run(id, researcher);
  }

  @Post('extract-requests/:id/package/encrypted')
  @HttpCode(200)
  @Authenticated(RESEARCHERS)
  @ApiOperation({ summary: 'Download the package encrypted to one of your hub-issued RSA certificates (CMS EnvelopedData; `openssl cms -decrypt`); a disclosure like any download' })
  downloadEncrypted(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() researcher: Principal) {
    return this.downloadPackage.runEncrypted(EncryptedDownloadCommand.from(id, body), researcher);
  }

  @Get('signing-certificate')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'The hub CA certificate, the trust anchor for `lantern extract verify --ca` (it issued the certificate packages are signed with)' })
  certificate() {
    return this.signingCertificate.run();
  }
}
