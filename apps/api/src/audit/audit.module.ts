import { Module } from '@nestjs/common';
import { AuditChainVerifier } from '@lantern/audit';
import { HubConnections } from '../hub-connections';
import { AuditController } from './audit.controller';
import { VerifyAuditChainUseCase } from './audit.use-cases';

/** The audit log as stewards check it: the same chain verification `lantern audit verify` runs. */
@Module({
  controllers: [AuditController],
  providers: [
    { provide: AuditChainVerifier, useFactory: (connections: HubConnections) => new AuditChainVerifier(connections.dataSource), inject: [HubConnections] },
    VerifyAuditChainUseCase,
  ],
})
export class AuditModule {}
