import { Module } from '@nestjs/common';
import { AuditChainVerifier } from '@lantern/audit';
import { HubConnections } from '../hub-connections';
import { AuditController } from './audit.controller';
import { RecentAuditEntriesQuery, VerifyAuditChainUseCase } from './audit.use-cases';

/** The audit log as stewards check it: the same chain verification `lantern audit verify` runs, and its recent entries. */
@Module({
  controllers: [AuditController],
  providers: [
    { provide: AuditChainVerifier, useFactory: (connections: HubConnections) => new AuditChainVerifier(connections.dataSource), inject: [HubConnections] },
    VerifyAuditChainUseCase,
    RecentAuditEntriesQuery,
  ],
})
export class AuditModule {}
