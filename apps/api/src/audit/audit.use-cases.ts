import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_CHECKPOINT_TOPIC,
  AUDIT_KINDS,
  AuditChainVerifier,
  AuditEntries,
  AuditLog,
  checkpointExpectation,
  checkpointKeyId,
  latestCheckpoint,
  signedCheckpointsAmong,
  type AuditCheckpoint,
} from '@lantern/audit';
import type { Principal } from '@lantern/governance';
import { readTopicToEnd } from '@lantern/kafka';
import type { KeyObject } from 'node:crypto';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN, HubConnections } from '../hub-connections';
import { AUDIT_PAGE_SIZE, type ListAuditEntriesCommand } from './audit.commands';

/** A steward waits for the answer: a broker that does not give the topic's end by then is reported, not waited for. */
const CHECKPOINT_READ_TIMEOUT_MS = 15_000;

/**
 * Verifies the whole chain, then records that the steward did and what it found (after the
 * walk, so the answer covers the entries before this one). With the checkpoint key's public half
 * configured, the chain must also still hold every checkpoint on the topic that key signed, as
 * `lantern audit verify --checkpoints` requires; the answer names the latest and whether the log holds it.
 */
@Injectable()
export class VerifyAuditChainUseCase {
  private readonly checkpointKey: KeyObject | undefined;
  private readonly checkpointTopic: string;

  constructor(
    private readonly verifier: AuditChainVerifier,
    private readonly auditLog: AuditLog,
    private readonly connections: HubConnections,
    @Inject(API_SETTINGS_TOKEN) settings: ApiSettings,
  ) {
    this.checkpointKey = settings.LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM;
    this.checkpointTopic = settings.LANTERN_TOPIC_PREFIX + AUDIT_CHECKPOINT_TOPIC;
  }

  async run(steward: Principal) {
    const signed = this.checkpointKey ? await this.signedCheckpoints(this.checkpointKey) : undefined;
    const verdict = await this.verifier.verify(signed?.checkpoints.map(checkpointExpectation) ?? []);
    const verifiedAt = new Date().toISOString();
    const checkpoints = signed && this.checkpointKey ? await this.checkpointReport(signed, this.checkpointKey) : null;
    const answer = verdict.intact
      ? { intact: true, entriesChecked: verdict.entries, head: verdict.head, firstBreak: null, checkpoints, verifiedAt }
      : { intact: false, entriesChecked: verdict.entriesBeforeBreak, head: null, firstBreak: verdict.firstBreak, checkpoints, verifiedAt };
    await this.auditLog.append({
      kind: 'audit-verification',
      actor: steward.clientId,
      details: {
        intact: answer.intact,
        entriesChecked: answer.entriesChecked,
        headId: answer.head?.id ?? null,
        firstBreak: answer.firstBreak,
        checkpoints: checkpoints && { signed: checkpoints.signed, latestSeq: checkpoints.latest?.seq ?? null, held: checkpoints.latest?.held ?? null, problems: checkpoints.problems.length },
        at: verifiedAt,
      },
    });
    return answer;
  }

  private async signedCheckpoints(publicKey: KeyObject): Promise<{ checkpoints: AuditCheckpoint[]; problems: string[] }> {
    try {
      const messages = await readTopicToEnd(this.connections.kafka, this.checkpointTopic, 'lantern-api-audit-verify', CHECKPOINT_READ_TIMEOUT_MS);
      return signedCheckpointsAmong(messages, publicKey, this.checkpointTopic);
    } catch (error) {
      return { checkpoints: [], problems: [`could not read ${this.checkpointTopic}: ${(error as Error).message}`] };
    }
  }

  private async checkpointReport({ checkpoints, problems }: { checkpoints: AuditCheckpoint[]; problems: string[] }, publicKey: KeyObject) {
    const latest = latestCheckpoint(checkpoints);
    return {
      topic: this.checkpointTopic,
      keyId: checkpointKeyId(publicKey),
      signed: checkpoints.length,
      latest: latest ? { ...latest, held: await this.verifier.contains({ id: latest.seq, hash: latest.hash }) } : null,
      problems,
    };
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
