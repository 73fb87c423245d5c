import { Injectable } from '@nestjs/common';
import { ScopedRecordReader } from '@lantern/access';
import type { StoredVersion } from '@lantern/persistence';
import { ContractRegistry } from '@lantern/contracts';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { Principal } from '@lantern/governance';
import { HubConnections } from './hub-connections';

const STUDENT_CONTRACT = 'edfi.student';

@Injectable()
export class StudentRecordsQuery {
  private readonly registry = ContractRegistry.default();

  constructor(private readonly connections: HubConnections) {}

  /** A student outside the caller's scope gets the very answer a student who does not exist gets. */
  async current(studentUniqueId: string, principal: Principal): Promise<{ studentUniqueId: string; versions: StoredVersion[] }> {
    const naturalKey = this.registry.naturalKey(STUDENT_CONTRACT, { studentUniqueId });
    const versions = await ScopedRecordReader.for(principal, this.connections.dataSource).current(STUDENT_CONTRACT, naturalKey);
    if (versions.length === 0) throw new LanternError(LanternErrorCode.RecordNotFound, 'No current student record with that studentUniqueId.');
    return { studentUniqueId, versions };
  }
}
