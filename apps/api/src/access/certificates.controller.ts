import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, parseCertificateRequest, parseRevocationReason } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { accessSchema } from './access.schemas';
import { ClientCertificatesQuery, IssueCertificateUseCase, RevokeCertificateUseCase } from './access.use-cases';

const NO_SUCH_CLIENT = { description: 'No client has that clientId' };

@ApiTags('access (stewards)')
@Controller()
@Authenticated({ roles: [Role.Steward] })
export class CertificatesController {
  constructor(
    private readonly issueCertificate: IssueCertificateUseCase,
    private readonly certificates: ClientCertificatesQuery,
    private readonly revokeCertificate: RevokeCertificateUseCase,
  ) {}

  @Post('clients/:clientId/certificates')
  @ApiOperation({ summary: 'Issue a client certificate from the hub CA, for a CSR (csrPem) or a generated key returned as PKCS#12 (pkcs12Password)' })
  @ApiBody({ schema: accessSchema('CertificateRequest') })
  @ApiCreatedResponse({ schema: accessSchema('IssuedClientCertificate') })
  @ApiBadRequestResponse({ description: 'Not exactly one of csrPem and pkcs12Password, a CSR that does not parse or whose key is too weak, validityDays out of range, or a disabled client' })
  @ApiNotFoundResponse(NO_SUCH_CLIENT)
  issue(@Param('clientId') clientId: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.issueCertificate.run(clientId, parseCertificateRequest(body), steward);
  }

  @Get('clients/:clientId/certificates')
  @ApiOperation({ summary: 'Certificates issued to a client, with their revocation status' })
  @ApiOkResponse({ schema: accessSchema('ClientCertificates') })
  @ApiNotFoundResponse(NO_SUCH_CLIENT)
  list(@Param('clientId') clientId: string) {
    return this.certificates.run(clientId);
  }

  @Post('certificates/:serialNumber/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a client certificate: it is refused from the next request on' })
  @ApiBody({ schema: accessSchema('CertificateRevocation'), required: false })
  @ApiOkResponse({ schema: accessSchema('ClientCertificate') })
  @ApiBadRequestResponse({ description: 'A reason that is not one of RFC 5280’s' })
  @ApiNotFoundResponse({ description: 'No certificate has that serial number' })
  revoke(@Param('serialNumber') serialNumber: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.revokeCertificate.run(serialNumber, parseRevocationReason(body), steward);
  }
}
