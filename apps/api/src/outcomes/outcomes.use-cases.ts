import { Injectable } from '@nestjs/common';
import { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { IndicatorStore, OutcomesReleaseError } from '@lantern/outcomes-store';
import { HubConnections } from '../hub-connections';
import type { RequestOutcomesRunCommand } from './outcomes.commands';

/**
 * Stewards ask for outcomes runs (a worker computes them: ADR 0011), look at what each computed,
 * and release one per school year to the public. Requests and releases are audited.
 */
@Injectable()
export class OutcomesStewardshipUseCases {
  private readonly store: IndicatorStore;

  constructor(
    connections: HubConnections,
    private readonly audit: AuditLog,
  ) {
    this.store = new IndicatorStore(connections.dataSource);
  }

  async requestRun(command: RequestOutcomesRunCommand, steward: string) {
    const { requestId } = await this.store.requestRun(command.schoolYear, steward);
    await this.audit.append({ kind: 'outcomes-run-requested', actor: steward, subject: `outcomes:${command.schoolYear}`, details: { requestId, schoolYear: command.schoolYear } });
    return { requestId, schoolYear: command.schoolYear, status: 'pending' };
  }

  async request(requestId: string) {
    const request = await this.store.request(requestId);
    if (!request) throw new LanternError(LanternErrorCode.RecordNotFound, 'No outcomes run request with that id.');
    return request;
  }

  runs(schoolYear: number | undefined) {
    return this.store.runs(schoolYear);
  }

  async release(runId: string, steward: string) {
    try {
      return await this.store.release(runId, steward, this.audit);
    } catch (error) {
      if (error instanceof OutcomesReleaseError) throw new LanternError(LanternErrorCode.RecordNotFound, 'No outcomes run with that id.');
      throw error;
    }
  }
}
