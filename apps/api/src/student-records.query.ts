import { Injectable } from '@nestjs/common';
import { ContractRegistry } from '@lantern/contracts';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { RecordStore, type StoredVersion } from '@lantern/ingest';
import { HubConnections } from './hub-connections';

const STUDENT_CONTRACT = 'edfi.student';

@Injectable()
export class StudentRecordsQuery {
  private readonly store: RecordStore;
  private readonly registry = ContractRegistry.default();

  constructor(connections: HubConnections) {
    this.store = new RecordStore(connections.dataSource);
  }

  async current(studentUniqueId: string): Promise<{ studentUniqueId: string; versions: StoredVersion[] }> {
    const naturalKey = this.registry.naturalKey(STUDENT_CONTRACT, { studentUniqueId });
    const versions = await this.store.currentVersions(STUDENT_CONTRACT, naturalKey);
    if (versions.length === 0) throw new LanternError(LanternErrorCode.RecordNotFound, 'No current student record with that studentUniqueId.');
    return { studentUniqueId, versions };
  }
}
