import { PolicyDecisions, type RecordedDecision } from '@lantern/agreements';
import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import {
  activeVersion,
  type Agreement,
  currentVersion,
  disclosureUnder,
  elementKey,
  type ElementRef,
  type Granularity,
  type OutputRules,
  type Principal,
  PURPOSES,
  Role,
} from '@lantern/governance';
import { RecordsReadModel } from '@lantern/records';
import type { DataSource, EntityManager } from 'typeorm';
import { readReleasedStudents } from './extract-builder';
import { type ExtractSpecification, requestScope } from './extract-specification';
import { type ResearchProject, ResearchProjects } from './research-projects';

/** `destroyed`: the package was removed at its agreement's destroyBy; nothing can be downloaded. */
export type ExtractStatus = 'submitted' | 'refused' | 'approved' | 'building' | 'ready' | 'failed' | 'destroyed';

/** The steward's review: the policy decision on the request as approved (or refused) and why. */
export interface ExtractReview {
  decision: 'allow' | 'deny' | 'refused-by-steward';
  reasons: string[];
  decisionId?: string;
  agreementVersion?: number;
  outputRules?: OutputRules;
  reviewedBy: string;
  reviewedAt: string;
}

export interface BuildProgress {
  phase: string;
  cohort?: number;
  rowsWritten: number;
  updatedAt: string;
}

export interface ExtractRequest {
  id: string;
  projectId: string;
  status: ExtractStatus;
  requestedBy: string;
  requestedAt: string;
  specification: ExtractSpecification;
  review: ExtractReview | null;
  approvedElements: Array<ElementRef & { granularity: Granularity }> | null;
  progress: BuildProgress | null;
  failure: string | null;
  attempts: number;
  package: { sha256: string; builtAt: string } | null;
}

interface RequestRow {
  id: string;
  project_id: string;
  status: ExtractStatus;
  requested_by: string;
  requested_at: Date;
  specification: ExtractSpecification;
  review: ExtractReview | null;
  approved_elements: ExtractRequest['approvedElements'];
  progress: BuildProgress | null;
  failure: string | null;
  attempts: number;
  package_path: string | null;
  package_sha256: string | null;
  built_at: Date | null;
}

const NOT_FOUND = 'No extract request with that id.';

/**
 * Extract requests from submission to download. A steward's approval is a policy decision
 * on the request (narrowed, if the steward narrows it) under the project's own agreement;
 * each download is decided again, so nothing leaves after the agreement stops being in
 * force, and each download is in the record of disclosures.
 */
export class ExtractRequests {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ResearchProjects,
    private readonly agreements: AgreementRegistry,
    private readonly policy: PolicyDecisions,
    private readonly disclosures: DisclosureLog,
    private readonly auditLog: AuditLog,
  ) {}

  async submit(projectId: string, specification: ExtractSpecification, researcher: Principal): Promise<ExtractRequest> {
    const project = await this.projects.get(projectId, researcher);
    return this.dataSource.transaction(async (manager) => {
      const [row]: RequestRow[] = await manager.query(`INSERT INTO extract_request (project_id, requested_by, specification, status) VALUES ($1, $2, $3, 'submitted') RETURNING *`, [
        project.id,
        researcher.clientId,
        JSON.stringify(specification),
      ]);
      await this.audit(manager, researcher, row.id, { event: 'submitted', projectId: project.id, elements: specification.elements.map(elementKey) });
      return toRequest(row);
    });
  }

  async list(viewer: Principal): Promise<ExtractRequest[]> {
    const rows: RequestRow[] = await this.dataSource.query(
      `SELECT r.* FROM extract_request r JOIN research_project p ON p.id = r.project_id
        WHERE $1::text IS NULL OR p.organization_id = $1 ORDER BY r.id`,
      [viewer.role === Role.Steward ? null : viewer.organizationId],
    );
    return rows.map(toRequest);
  }

  /** A request the viewer may see (a steward, or its project's organisation); any other is not found. */
  async get(id: string, viewer: Principal): Promise<ExtractRequest & { agreement: AgreementDates }> {
    const { row, project } = await this.load(this.dataSource.manager, id, viewer);
    return { ...toRequest(row), agreement: await this.agreementDates(project) };
  }

  /**
   * What the policy decision point would say of a draft under the project's agreement, for the
   * researcher to read before submitting: nothing is stored but the decision's audit entry.
   */
  async previewDraft(projectId: string, specification: ExtractSpecification, researcher: Principal): Promise<RecordedDecision> {
    const project = await this.projects.get(projectId, researcher);
    return this.decide(project, researcher.clientId, specification);
  }

  /** What the policy decision point says of the request as it stands, for the steward to read before deciding. */
  async preview(id: string, steward: Principal): Promise<RecordedDecision> {
    const { row, project } = await this.load(this.dataSource.manager, id, steward);
    return this.decide(project, row.requested_by, row.specification);
  }

  /**
   * Approves the request, or the narrower set of elements the steward names. Refused with the
   * policy decision point's reasons when the agreement does not allow it.
   */
  async approve(id: string, narrowedTo: ElementRef[] | undefined, steward: Principal): Promise<ExtractRequest> {
    const { row, project } = await this.load(this.dataSource.manager, id, steward);
    assertAwaitingReview(row);
    const requested = new Set(row.specification.elements.map(elementKey));
    const elements = narrowedTo ?? row.specification.elements;
    const added = elements.map(elementKey).filter((key) => !requested.has(key));
    if (added.length > 0) throw new LanternError(LanternErrorCode.InvalidRequest, `a steward may narrow a request, not widen it: ${added.join(', ')} was not requested`);
    // Decided (and audited) on its own, so a refusal stays in the audit log.
    const decision = await this.decide(project, row.requested_by, { cohort: row.specification.cohort, elements });
    if (decision.decision === 'deny')
      throw new LanternError(LanternErrorCode.Conflict, `the project's agreement does not allow this extract (decision ${decision.decisionId}): ${decision.reasons.join('; ')}`);
    const review: ExtractReview = {
      decision: 'allow',
      reasons: decision.reasons,
      decisionId: decision.decisionId,
      agreementVersion: decision.agreementVersion,
      outputRules: decision.outputRules,
      reviewedBy: steward.clientId,
      reviewedAt: new Date().toISOString(),
    };
    return this.dataSource.transaction(async (manager) => {
      assertAwaitingReview((await this.load(manager, id, steward, 'FOR UPDATE')).row);
      const [[updated]]: [RequestRow[], number] = await manager.query(
        `UPDATE extract_request SET status = 'approved', review = $2, reviewed_by = $3, reviewed_at = now(), approved_elements = $4, decision_id = $5
          WHERE id = $1 RETURNING *`,
        [row.id, JSON.stringify(review), steward.clientId, JSON.stringify(decision.elements), decision.decisionId],
      );
      await this.audit(manager, steward, row.id, { event: 'approved', decisionId: decision.decisionId, narrowed: narrowedTo !== undefined, elements: elements.map(elementKey) });
      return toRequest(updated);
    });
  }

  async refuse(id: string, reason: string, steward: Principal): Promise<ExtractRequest> {
    return this.dataSource.transaction(async (manager) => {
      const { row } = await this.load(manager, id, steward, 'FOR UPDATE');
      assertAwaitingReview(row);
      const review: ExtractReview = { decision: 'refused-by-steward', reasons: [reason], reviewedBy: steward.clientId, reviewedAt: new Date().toISOString() };
      const [[updated]]: [RequestRow[], number] = await manager.query(
        `UPDATE extract_request SET status = 'refused', review = $2, reviewed_by = $3, reviewed_at = now() WHERE id = $1 RETURNING *`,
        [row.id, JSON.stringify(review), steward.clientId],
      );
      await this.audit(manager, steward, row.id, { event: 'refused' });
      return toRequest(updated);
    });
  }

  /**
   * Lets a researcher of the project's organisation take the built package while the
   * agreement allows it: decided now, and recorded as a disclosure of every student in it
   * (a package that releases nobody discloses nothing, so it is downloaded unrecorded).
   */
  async releasePackage(id: string, researcher: Principal): Promise<{ packagePath: string; sha256: string; disclosureId: string | null }> {
    const { row, project } = await this.load(this.dataSource.manager, id, researcher);
    if (row.status !== 'ready' || !row.package_path || !row.package_sha256)
      throw new LanternError(LanternErrorCode.Conflict, `the extract is ${row.status}; only a built extract can be downloaded`);
    const decision = await this.decide(project, researcher.clientId, {
      cohort: row.specification.cohort,
      elements: (row.approved_elements ?? []).map(({ domain, element }) => ({ domain, element })),
    });
    if (decision.decision === 'deny')
      throw new LanternError(LanternErrorCode.Forbidden, `the project's agreement no longer allows this extract (decision ${decision.decisionId}): ${decision.reasons.join('; ')}`);
    const students = await readReleasedStudents(row.package_path);
    const disclosure = students.length > 0 ? await this.disclosures.record(disclosureUnder(decision, { principal: researcher, students, at: new Date() })) : null;
    return { packagePath: row.package_path, sha256: row.package_sha256, disclosureId: disclosure?.id ?? null };
  }

  /** Decided on the request's own cohort and elements: the project's agreement must cover both, and the linkage they need. */
  private async decide(project: ResearchProject, clientId: string, request: Pick<ExtractSpecification, 'cohort' | 'elements'>): Promise<RecordedDecision> {
    const { population, sources } = requestScope(request);
    return this.policy.decide({
      principal: { clientId, role: Role.Researcher, organizationId: project.organizationId, authenticatedBy: 'client-secret' },
      purpose: PURPOSES.research,
      requestedElements: request.elements,
      population,
      sources,
      // A school lies in an agreement's district only as the hub's own School records say.
      ...(request.cohort.schools ? { districtOfSchool: await new RecordsReadModel(this.dataSource.manager).schoolDistricts() } : {}),
      agreementId: project.agreementId,
    });
  }

  private async load(manager: EntityManager, id: string, viewer: Principal, lock = ''): Promise<{ row: RequestRow; project: ResearchProject }> {
    const rows: RequestRow[] = /^[1-9]\d{0,17}$/.test(id) ? await manager.query(`SELECT * FROM extract_request WHERE id = $1 ${lock}`, [id]) : [];
    const [row] = rows;
    if (!row) throw new LanternError(LanternErrorCode.RecordNotFound, NOT_FOUND);
    const project = await this.projects.get(row.project_id, viewer).catch(() => {
      throw new LanternError(LanternErrorCode.RecordNotFound, NOT_FOUND);
    });
    return { row, project };
  }

  private async agreementDates(project: ResearchProject): Promise<AgreementDates> {
    return agreementDatesOf(project.agreementId, await this.agreements.find(project.agreementId), new Date());
  }

  private audit(manager: EntityManager, actor: Principal, requestId: string, details: Record<string, unknown>) {
    return this.auditLog.append({ kind: 'extract-request', actor: actor.clientId, subject: `extract-request:${requestId}`, details }, manager);
  }
}

function assertAwaitingReview(row: RequestRow): void {
  if (row.status !== 'submitted') throw new LanternError(LanternErrorCode.Conflict, `the request is ${row.status}, not awaiting review`);
}

/** When the agreement behind a request stops allowing downloads, and when recipients must have destroyed what they took. */
export interface AgreementDates {
  id: string;
  inForce: boolean;
  expiresAt: string | null;
  destroyBy: string | null;
}

/** The dates as of `at`, from the version in force, else the one that speaks for the agreement: what researchers see and what the hub destroys packages by. */
export function agreementDatesOf(id: string, agreement: Agreement | undefined, at: Date): AgreementDates {
  if (!agreement) return { id, inForce: false, expiresAt: null, destroyBy: null };
  const active = activeVersion(agreement, at);
  const { terms } = active ?? currentVersion(agreement, at);
  return { id: agreement.id, inForce: active !== undefined, expiresAt: terms.expiresAt, destroyBy: terms.destroyBy };
}

export function toRequest(row: RequestRow): ExtractRequest {
  return {
    id: String(row.id),
    projectId: row.project_id,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    specification: row.specification,
    review: row.review,
    approvedElements: row.approved_elements,
    progress: row.progress,
    failure: row.failure,
    attempts: row.attempts,
    package: row.package_sha256 && row.built_at ? { sha256: row.package_sha256, builtAt: row.built_at.toISOString() } : null,
  };
}

export type { RequestRow };
