import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { Role, type Principal } from '@lantern/governance';
import { ApproveExtractCommand, EncryptedDownloadCommand, RefuseExtractCommand, SubmitExtractRequestCommand, SubmitProjectCommand } from './extracts.commands';
import { extractsSchema } from './extracts.schemas';
import {
  ApproveExtractUseCase,
  DownloadPackageUseCase,
  EncryptionCertificatesQuery,
  ExtractRequestQueries,
  PreviewExtractRequestUseCase,
  ProjectQueries,
  RefuseExtractUseCase,
  SigningCertificateQuery,
  SubmitExtractRequestUseCase,
  SubmitProjectUseCase,
} from './extracts.use-cases';

const RESEARCHERS = { roles: [Role.Researcher] };
const STEWARDS = { roles: [Role.Steward] };
const RESEARCHERS_AND_STEWARDS = { roles: [Role.Researcher, Role.Steward] };
const EXTRACT_REQUEST = { schema: extractsSchema('ExtractRequest') };
const NO_SUCH_REQUEST = { description: 'No extract request with this id (or another organisation’s)' };
const NOT_AWAITING_REVIEW = { description: 'The request is not awaiting review, or the agreement does not allow it (the reasons named)' };
const PACKAGE_REFUSED = { description: 'The agreement no longer allows this extract: the reasons named' };
const NOT_BUILT = { description: 'The extract is not built (yet, or any more)' };
const TAR = { description: 'The package: data files, data dictionary, disclosure report and the signed manifest', schema: { type: 'string', format: 'binary' } } as const;

/** Research projects and their de-identified extracts: researchers ask, stewards review against the agreement, the hub builds. */
@ApiTags('research extracts')
@Controller('research')
export class ExtractsController {
  constructor(
    private readonly submitProject: SubmitProjectUseCase,
    private readonly projects: ProjectQueries,
    private readonly submitRequest: SubmitExtractRequestUseCase,
    private readonly previewRequest: PreviewExtractRequestUseCase,
    private readonly requests: ExtractRequestQueries,
    private readonly approveRequest: ApproveExtractUseCase,
    private readonly refuseRequest: RefuseExtractUseCase,
    private readonly downloadPackage: DownloadPackageUseCase,
    private readonly signingCertificate: SigningCertificateQuery,
    private readonly encryptionCertificates: EncryptionCertificatesQuery,
  ) {}

  @Post('projects')
  @Authenticated(RESEARCHERS)
  @ApiOperation({ summary: 'Submit a research project under an agreement naming your organisation as a recipient' })
  @ApiBody({ schema: extractsSchema('ResearchProjectSubmission') })
  @ApiCreatedResponse({ schema: extractsSchema('ResearchProject') })
  @ApiBadRequestResponse({ description: 'Not a project as described, or no agreement names your organisation as a recipient' })
  submit(@Body() body: unknown, @CurrentPrincipal() researcher: Principal) {
    return this.submitProject.run(SubmitProjectCommand.from(body), researcher);
  }

  @Get('projects')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'Research projects (researchers: their organisation’s)' })
  @ApiOkResponse({ schema: extractsSchema('ResearchProjects') })
  listProjects(@CurrentPrincipal() viewer: Principal) {
    return this.projects.list(viewer);
  }

  @Get('projects/:id')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'One research project (404 for another organisation’s)' })
  @ApiOkResponse({ schema: extractsSchema('ResearchProject') })
  @ApiNotFoundResponse({ description: 'No project with this id (or another organisation’s)' })
  getProject(@Param('id') id: string, @CurrentPrincipal() viewer: Principal) {
    return this.projects.get(id, viewer);
  }

  @Post('projects/:id/extract-requests')
  @Authenticated(RESEARCHERS)
  @ApiOperation({ summary: 'Request an extract: cohort criteria, elements across domains, time span, optional tables' })
  @ApiBody({ schema: extractsSchema('ExtractSpecification') })
  @ApiCreatedResponse(EXTRACT_REQUEST)
  @ApiBadRequestResponse({ description: 'A specification the hub cannot build: each problem named' })
  @ApiNotFoundResponse({ description: 'No project with this id (or another organisation’s)' })
  request(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() researcher: Principal) {
    return this.submitRequest.run(SubmitExtractRequestCommand.from(id, body), researcher);
  }

  @Post('projects/:id/extract-requests/policy-preview')
  @HttpCode(200)
  @Authenticated(RESEARCHERS)
  @ApiOperation({ summary: 'What the project’s agreement would allow of a draft request, with the reasons; nothing is stored (the decision is audited)' })
  @ApiBody({ schema: extractsSchema('ExtractSpecification') })
  @ApiOkResponse({ schema: extractsSchema('ExtractPolicyReview') })
  @ApiBadRequestResponse({ description: 'A specification the hub cannot build: each problem named' })
  @ApiNotFoundResponse({ description: 'No project with this id (or another organisation’s)' })
  preview(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() researcher: Principal) {
    return this.previewRequest.run(SubmitExtractRequestCommand.from(id, body), researcher);
  }

  @Get('extract-requests')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'Extract requests with status and build progress (researchers: their organisation’s)' })
  @ApiOkResponse({ schema: extractsSchema('ExtractRequests') })
  listRequests(@CurrentPrincipal() viewer: Principal) {
    return this.requests.list(viewer);
  }

  @Get('extract-requests/:id')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'One extract request: review, build progress or failure, and the agreement’s expiry and destruction dates' })
  @ApiOkResponse({ schema: extractsSchema('ExtractRequestWithAgreement') })
  @ApiNotFoundResponse(NO_SUCH_REQUEST)
  getRequest(@Param('id') id: string, @CurrentPrincipal() viewer: Principal) {
    return this.requests.get(id, viewer);
  }

  @Get('extract-requests/:id/policy-review')
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'What the project’s agreement allows of the request as submitted, with the reasons (audited as a policy decision)' })
  @ApiOkResponse({ schema: extractsSchema('ExtractPolicyReview') })
  @ApiNotFoundResponse(NO_SUCH_REQUEST)
  policyReview(@Param('id') id: string, @CurrentPrincipal() steward: Principal) {
    return this.requests.policyReview(id, steward);
  }

  @Post('extract-requests/:id/approve')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Approve, optionally narrowed to fewer elements; refused (409) with the reasons when the agreement does not allow it' })
  @ApiBody({ schema: extractsSchema('ExtractApproval'), required: false })
  @ApiOkResponse(EXTRACT_REQUEST)
  @ApiBadRequestResponse({ description: 'elements malformed, or naming one that was not requested' })
  @ApiNotFoundResponse(NO_SUCH_REQUEST)
  @ApiConflictResponse(NOT_AWAITING_REVIEW)
  approve(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.approveRequest.run(ApproveExtractCommand.from(id, body), steward);
  }

  @Post('extract-requests/:id/refuse')
  @HttpCode(200)
  @Authenticated(STEWARDS)
  @ApiOperation({ summary: 'Refuse a request, with the reason the researcher will read' })
  @ApiBody({ schema: extractsSchema('ExtractRefusal') })
  @ApiOkResponse(EXTRACT_REQUEST)
  @ApiBadRequestResponse({ description: 'No reason, or one longer than 2000 characters' })
  @ApiNotFoundResponse(NO_SUCH_REQUEST)
  @ApiConflictResponse(NOT_AWAITING_REVIEW)
  refuse(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.refuseRequest.run(RefuseExtractCommand.from(id, body), steward);
  }

  @Get('extract-requests/:id/package')
  @Authenticated(RESEARCHERS)
  @ApiOperation({ summary: 'Download the package (tar) while the agreement is in force; each download is in the record of disclosures' })
  @ApiProduces('application/x-tar')
  @ApiOkResponse({ content: { 'application/x-tar': { schema: TAR.schema, example: '(tar bytes)' } }, description: TAR.description })
  @ApiForbiddenResponse(PACKAGE_REFUSED)
  @ApiNotFoundResponse(NO_SUCH_REQUEST)
  @ApiConflictResponse(NOT_BUILT)
  download(@Param('id') id: string, @CurrentPrincipal() researcher: Principal) {
    return this.downloadPackage.run(id, researcher);
  }

  @Post('extract-requests/:id/package/encrypted')
  @HttpCode(200)
  @Authenticated(RESEARCHERS)
  @ApiOperation({
    summary:
      'Download the package encrypted to a hub-issued RSA certificate (CMS EnvelopedData; `openssl cms -decrypt`): a client, one of its own; a person, one of their organisation’s researcher clients’ (GET /research/encryption-certificates). A disclosure like any download',
  })
  @ApiBody({ schema: extractsSchema('EncryptedDownload') })
  @ApiProduces('application/pkcs7-mime')
  @ApiOkResponse({
    content: { 'application/pkcs7-mime': { schema: TAR.schema, example: '(CMS EnvelopedData bytes)' } },
    description: `${TAR.description}, as a tar encrypted to the certificate`,
  })
  @ApiBadRequestResponse({
    description: 'certificatePem is not a current certificate the hub issued to your client (a person: to a researcher client of your organisation); nothing is released or recorded',
  })
  @ApiForbiddenResponse(PACKAGE_REFUSED)
  @ApiNotFoundResponse(NO_SUCH_REQUEST)
  @ApiConflictResponse(NOT_BUILT)
  downloadEncrypted(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() researcher: Principal) {
    return this.downloadPackage.runEncrypted(EncryptedDownloadCommand.from(id, body), researcher);
  }

  @Get('encryption-certificates')
  @Authenticated(RESEARCHERS)
  @ApiOperation({
    summary:
      'The current hub-issued certificates you may have a package encrypted to (a client: its own; a person: their organisation’s researcher clients’): who holds each and how to tell it, never a key',
  })
  @ApiOkResponse({ schema: extractsSchema('EncryptionCertificates') })
  listEncryptionCertificates(@CurrentPrincipal() researcher: Principal) {
    return this.encryptionCertificates.list(researcher);
  }

  @Get('signing-certificate')
  @Authenticated(RESEARCHERS_AND_STEWARDS)
  @ApiOperation({ summary: 'The hub CA certificate, the trust anchor for `lantern extract verify --ca` (it issued the certificate packages are signed with)' })
  @ApiOkResponse({ schema: extractsSchema('SigningCertificate') })
  certificate() {
    return this.signingCertificate.run();
  }
}
