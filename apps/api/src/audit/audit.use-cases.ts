import { Injectable } from '@nestjs/common';
import { AUDIT_KINDS, AuditChainVerifier, AuditEntries, AuditLog } from '@lantern/audit';
import type { Principal } from '@lantern/governance';
import { HubConnections } from '../hub-connections';
import { AUDIT_PAGE_SIZE, type ListAuditEntriesCommand } from './audit.commands';

/**
 * Verifies the whole chain, then records that the steward did and what it found (after the
 * walk, so the answer covers the entries before this one).
 */
@Injectable()
export class VerifyAuditChainUseCase {
  constructor(
    private readonly verifier: AuditChainVerifier,
    private readonly auditLog: AuditLog,
  ) {}

  async run(steward: Principal) {
    const verdict = await this.verifier.verify();
    const verifiedAt = new Date().toISOString();
    const answer = verdict.intact
      ? { intact: true, entriesChecked: verdict.entries, head: verdict.head, firstBreak: null, verifiedAt }
      : { intact: false, entriesChecked: verdict.entriesBeforeBreak, head: null, firstBreak: verdict.firstBreak, verifiedAt };
    await this.auditLog.append({
      kind: 'audit-verification',
      actor: steward.clientId,
      details: { intact: answer.intact, entriesChecked: answer.entriesChecked, headId: answer.head?.id ?? null, firstBreak: answer.firstBreak, at: verifiedAt },
    });
    return answer;
  }
}

/** A page of recent entries, with the kinds a steward can filter by. The entries hold no child's data, so reading them is not itself audited. */
@Injectable()
export class RecentAuditEntriesQuery {
  private readonly entries: AuditEntries;

  constructor(connections: HubConnections) {
    this.entries = new AuditEntries(connections.dataSource);
  }

  async run(command: ListAuditEntriesCommand) {
    return { ...(await this.entries.recent({ kind: command.kind, page: command.page, pageSize: AUDIT_PAGE_SIZE })), kind: command.kind ?? null, kinds: AUDIT_KINDS };
  }
}
