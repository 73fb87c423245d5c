import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { Role, type Principal } from '@lantern/governance';
import { auditSchema } from './audit.schemas';
import { VerifyAuditChainUseCase } from './audit.use-cases';

/** The audit log's hash chain (ADR 0006), for stewards. */
@ApiTags('audit (stewards)')
@Controller('audit')
@Authenticated({ roles: [Role.Steward] })
export class AuditController {
  constructor(private readonly verifyAuditChain: VerifyAuditChainUseCase) {}

  @Post('verification')
  @HttpCode(200)
  @ApiOperation({ summary: 'Walk the audit chain from its first entry as `lantern audit verify` does: intact, or where it first breaks; the run is itself audited' })
  @ApiOkResponse({ schema: auditSchema('AuditVerification') })
  verify(@CurrentPrincipal() steward: Principal) {
    return this.verifyAuditChain.run(steward);
  }
}
