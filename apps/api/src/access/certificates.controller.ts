import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, parseCertificateRequest, parseRevocationReason } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { ClientCertificatesQuery, IssueCertificateUseCase, RevokeCertificateUseCase } from './access.use-cases';

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
  issue(@Param('clientId') clientId: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.issueCertificate.run(clientId, parseCertificateRequest(body), steward);
  }

  @Get('clients/:clientId/certificates')
  @ApiOperation({ summary: 'Certificates issued to a client, with their revocation status' })
  list(@Param('clientId') clientId: string) {
    return this.certificates.run(clientId);
  }

  @Post('certificates/:serialNumber/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a client certificate: it is refused from the next request on' })
  revoke(@Param('serialNumber') serialNumber: string, @Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.revokeCertificate.run(serialNumber, parseRevocationReason(body), steward);
  }
}
