import { Module } from '@nestjs/common';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import { HubConnections } from '../hub-connections';
import { DisclosuresController } from './disclosures.controller';
import { OrganizationDisclosuresQuery, StudentDisclosuresQuery } from './disclosures.queries';

/** The record of disclosures: stewards read it; every disclosing module writes to it through the exported log. */
@Module({
  controllers: [DisclosuresController],
  providers: [
    { provide: DisclosureLog, useFactory: (connections: HubConnections, auditLog: AuditLog) => new DisclosureLog(connections.dataSource, auditLog), inject: [HubConnections, AuditLog] },
    StudentDisclosuresQuery,
    OrganizationDisclosuresQuery,
  ],
  exports: [DisclosureLog],
})
export class DisclosuresModule {}
