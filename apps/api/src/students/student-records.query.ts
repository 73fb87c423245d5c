import { Injectable } from '@nestjs/common';
import { ScopedRecordReader } from '@lantern/access';
import { PolicyDecisions, type RecordedDecision } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { ContractRegistry } from '@lantern/contracts';
import { DisclosureLog } from '@lantern/disclosures';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { disclosureUnder, type ElementRef, type Granularity, type Principal, PURPOSES, releasedFields, Role } from '@lantern/governance';
import { IdentityDirectory } from '@lantern/identity-service';
import type { StoredVersion } from '@lantern/records';
import { HubConnections } from '../hub-connections';

const STUDENT_CONTRACT = 'edfi.student';

/** GET /k12/students/:studentUniqueId: the student, and the elements asked for (when none are named: what the caller's agreement allows). */
export class StudentRecordsCommand {
  private constructor(
    readonly studentUniqueId: string,
    readonly elements: readonly ElementRef[] | undefined,
  ) {}

  static from(studentUniqueId: string, query: Record<string, string | undefined>, registry: ContractRegistry): StudentRecordsCommand {
    if (query.elements === undefined) return new StudentRecordsCommand(studentUniqueId, undefined);
    const known = registry.recordElements(STUDENT_CONTRACT);
    const named = query.elements.split(',').map((element) => element.trim());
    if (named.some((element) => !known.includes(element))) {
      throw new LanternError(LanternErrorCode.InvalidRequest, `elements must be a comma-separated list of ${STUDENT_CONTRACT} elements: ${known.join(', ')}`);
    }
    return new StudentRecordsCommand(
      studentUniqueId,
      [...new Set(named)].map((element) => ({ domain: STUDENT_CONTRACT, element })),
    );
  }
}

export interface StudentRecords {
  studentUniqueId: string;
  versions: StoredVersion[];
  /** What was released and under which agreement; absent for a steward, who reads as the hub's custodian. */
  release?: { agreement: { id: string; version: number }; elements: Array<ElementRef & { granularity: Granularity }>; disclosureId: string };
}

/**
 * A student's current records. Schools and districts read under a data-sharing agreement: the
 * policy decision point must allow the elements for their enrolled students (else 403, the
 * same for every student), the scope must hold the student (else the 404 a student who does
 * not exist gets), only the allowed elements leave, generalised as agreed, and each read is
 * in the record of disclosures. Stewards read everything as the hub's custodian, audited.
 */
@Injectable()
export class StudentRecordsQuery {
  private readonly registry = ContractRegistry.default();
  private readonly identities: IdentityDirectory;

  constructor(
    private readonly connections: HubConnections,
    private readonly policy: PolicyDecisions,
    private readonly disclosures: DisclosureLog,
    private readonly auditLog: AuditLog,
  ) {
    this.identities = new IdentityDirectory(connections.dataSource);
  }

  /** The request as the route receives it: the student and the `elements` query (checked against the contract). */
  run(studentUniqueId: string, query: Record<string, string | undefined>, principal: Principal): Promise<StudentRecords> {
    return this.current(StudentRecordsCommand.from(studentUniqueId, query, this.registry), principal);
  }

  async current(command: StudentRecordsCommand, principal: Principal): Promise<StudentRecords> {
    const decision = principal.role === Role.Steward ? undefined : await this.allowedRelease(command, principal);
    const naturalKey = this.registry.naturalKey(STUDENT_CONTRACT, { studentUniqueId: command.studentUniqueId });
    const versions = await ScopedRecordReader.for(principal, this.connections.dataSource).current(STUDENT_CONTRACT, naturalKey);
    if (versions.length === 0) throw new LanternError(LanternErrorCode.RecordNotFound, 'No current student record with that studentUniqueId.');
    const sids = await this.sidsOf(versions);
    if (!decision) {
      await this.auditLog.append({ kind: 'record-read', actor: principal.clientId, subject: `contract:${STUDENT_CONTRACT}`, details: { sids, versions: versions.length } });
      return { studentUniqueId: command.studentUniqueId, versions };
    }
    const { id: disclosureId } = await this.disclosures.record(disclosureUnder(decision, { principal, students: sids, at: new Date() }));
    const elements = decision.elements ?? [];
    return {
      studentUniqueId: command.studentUniqueId,
      versions: versions.map((version) => ({ ...version, record: releasedFields(STUDENT_CONTRACT, version.record as Record<string, unknown>, elements) })),
      release: { agreement: { id: decision.agreementId as string, version: decision.agreementVersion as number }, elements, disclosureId },
    };
  }

  /** Decided before any record is read, so a refusal cannot depend on, or tell, whether the student exists. */
  private async allowedRelease(command: StudentRecordsCommand, principal: Principal): Promise<RecordedDecision> {
    const question = { principal, purpose: PURPOSES.enrolledStudentRecords, population: { kind: 'enrolled-at-recipient' } as const };
    const agreements = await this.policy.agreementsFor(question);
    const permitted = command.elements ?? (await this.policy.permittedElements(question, STUDENT_CONTRACT, agreements));
    // Nothing permitted: ask for every element, so the refusal explains why.
    const requestedElements = permitted.length > 0 ? permitted : this.registry.recordElements(STUDENT_CONTRACT).map((element) => ({ domain: STUDENT_CONTRACT, element }));
    const decision = await this.policy.decide({ ...question, requestedElements }, undefined, agreements);
    if (decision.decision === 'deny') {
      throw new LanternError(LanternErrorCode.Forbidden, `No data-sharing agreement allows this read (decision ${decision.decisionId}): ${decision.reasons.join('; ')}`);
    }
    return decision;
  }

  /** The SIDs the record of disclosures names; a stored student without one cannot be released (ingest resolves every one). */
  private async sidsOf(versions: readonly StoredVersion[]): Promise<string[]> {
    const sids = new Set<string>();
    for (const version of versions) {
      const entry = await this.identities.crosswalk(version.sourceSystem, (version.record as { studentUniqueId: string }).studentUniqueId);
      if (!entry) throw new Error(`a stored ${STUDENT_CONTRACT} record from ${version.sourceSystem} has no SID; refusing to release it unrecorded`);
      sids.add(entry.sid);
    }
    return [...sids];
  }
}
