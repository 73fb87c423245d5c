import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { partyInRole, type Principal, Role } from '@lantern/governance';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ProjectSubmission } from './extract-specification';

export interface ResearchProject extends ProjectSubmission {
  id: string;
  organizationId: string;
  submittedBy: string;
  submittedAt: string;
}

interface ProjectRow {
  id: string;
  organization_id: string;
  submitted_by: string;
  submitted_at: Date;
  agreement_id: string;
  title: string;
  questions: string[];
  institution: string;
  team_members: ProjectSubmission['teamMembers'];
  irb_reference: string;
}

const PROJECT_COLUMNS = 'id, organization_id, submitted_by, submitted_at, agreement_id, title, questions, institution, team_members, irb_reference';
const NOT_FOUND = 'No research project with that id.';

/**
 * Research projects: each belongs to the researcher's organisation and works under one
 * agreement naming that organisation as a recipient. Its pseudonym secret is made here and
 * never read back by anything but the extract build.
 */
export class ResearchProjects {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agreements: AgreementRegistry,
    private readonly auditLog: AuditLog,
  ) {}

  async submit(submission: ProjectSubmission, researcher: Principal): Promise<ResearchProject> {
    const agreement = await this.agreements.find(submission.agreementId);
    const recipient = agreement?.versions.some((version) => partyInRole(version.terms, researcher.organizationId, 'recipient'));
    // The same answer for an agreement that does not exist and one that does not name the caller.
    if (!recipient) throw new LanternError(LanternErrorCode.InvalidRequest, 'agreementId: no agreement names your organisation as a recipient');
    return this.dataSource.transaction(async (manager) => {
      const [row]: ProjectRow[] = await manager.query(
        `INSERT INTO research_project (id, organization_id, submitted_by, agreement_id, title, questions, institution, team_members, irb_reference, pseudonym_secret)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${PROJECT_COLUMNS}`,
        [
          randomUUID(),
          researcher.organizationId,
          researcher.clientId,
          submission.agreementId,
          submission.title,
          JSON.stringify(submission.questions),
          submission.institution,
          JSON.stringify(submission.teamMembers),
          submission.irbReference,
          randomBytes(32),
        ],
      );
      await this.auditLog.append(
        { kind: 'research-project', actor: researcher.clientId, subject: `project:${row.id}`, details: { event: 'submitted', agreementId: submission.agreementId } },
        manager,
      );
      return toProject(row);
    });
  }

  /** Stewards see every project; a researcher its organisation's. */
  async list(viewer: Principal): Promise<ResearchProject[]> {
    const rows: ProjectRow[] = await this.dataSource.query(`SELECT ${PROJECT_COLUMNS} FROM research_project WHERE $1::text IS NULL OR organization_id = $1 ORDER BY submitted_at, id`, [
      viewer.role === Role.Steward ? null : viewer.organizationId,
    ]);
    return rows.map(toProject);
  }

  /** A project the viewer may see; any other, like one that does not exist, is not found. */
  async get(id: string, viewer: Principal): Promise<ResearchProject> {
    const rows: ProjectRow[] = /^[0-9a-f-]{36}$/i.test(id) ? await this.dataSource.query(`SELECT ${PROJECT_COLUMNS} FROM research_project WHERE id = $1`, [id]) : [];
    const [row] = rows;
    if (!row || (viewer.role !== Role.Steward && row.organization_id !== viewer.organizationId)) throw new LanternError(LanternErrorCode.RecordNotFound, NOT_FOUND);
    return toProject(row);
  }

  /** Only for building the project's extracts: its agreement and the secret its pseudonyms are keyed with. */
  async forBuild(projectId: string): Promise<{ agreementId: string; pseudonymSecret: Buffer }> {
    const [row]: Array<{ agreement_id: string; pseudonym_secret: Buffer }> = await this.dataSource.query(`SELECT agreement_id, pseudonym_secret FROM research_project WHERE id = $1`, [
      projectId,
    ]);
    if (!row) throw new LanternError(LanternErrorCode.RecordNotFound, NOT_FOUND);
    return { agreementId: row.agreement_id, pseudonymSecret: row.pseudonym_secret };
  }
}

function toProject(row: ProjectRow): ResearchProject {
  return {
    id: row.id,
    organizationId: row.organization_id,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at.toISOString(),
    agreementId: row.agreement_id,
    title: row.title,
    questions: row.questions,
    institution: row.institution,
    teamMembers: row.team_members,
    irbReference: row.irb_reference,
  };
}
