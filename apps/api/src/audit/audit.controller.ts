import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { AUDIT_KINDS } from '@lantern/audit';
import { Role, type Principal } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { ListAuditEntriesCommand } from './audit.commands';
import { auditSchema } from './audit.schemas';
import { RecentAuditEntriesQuery, VerifyAuditChainUseCase } from './audit.use-cases';

/** The audit log's hash chain (ADR 0006), for stewards. */
@ApiTags('audit (stewards)')
@Controller('audit')
@Authenticated({ roles: [Role.Steward] })
export class AuditController {
  constructor(
    private readonly verifyAuditChain: VerifyAuditChainUseCase,
    private readonly recentEntries: RecentAuditEntriesQuery,
  ) {}

  @Get('entries')
  @ApiOperation({ summary: 'Recent audit entries, newest first, 50 a page: when, what kind, who acted, the entry id and hash; never an entry’s subject or details, which may name a child' })
  @ApiQuery({ name: 'page', type: Number, required: false, description: '1 (the newest) to 10000', example: 1 })
  @ApiQuery({ name: 'kind', enum: AUDIT_KINDS, required: false, description: 'Only entries of this kind' })
  @ApiOkResponse({ schema: auditSchema('AuditEntriesPage') })
  @ApiBadRequestResponse({ description: 'page out of range, or not a kind of entry' })
  entries(@QueryParameters() query: Record<string, string>) {
    return this.recentEntries.run(ListAuditEntriesCommand.from(query));
  }

  @Post('verification')
  @HttpCode(200)
  @ApiOperation({ summary: 'Walk the audit chain from its first entry as `lantern audit verify` does: intact, or where it first breaks; the run is itself audited' })
  @ApiOkResponse({ schema: auditSchema('AuditVerification') })
  verify(@CurrentPrincipal() steward: Principal) {
    return this.verifyAuditChain.run(steward);
  }
}
