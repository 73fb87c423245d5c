import { AgreementStore, versionKey } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { type AgreementTerms, elementKey, type Disclosure, type ElementRef, type Granularity, type LegalBasis } from '@lantern/governance';
import type { DataSource, EntityManager } from 'typeorm';

/** A disclosure as a steward (or, through one, a parent) reads it. */
export interface DisclosureEntry {
  id: string;
  disclosedAt: string;
  recipient: { organizationId: string; clientId: string };
  /** The legitimate interest: the purpose code and the agreement's own words for it. */
  purpose: { code: string; description: string };
  agreement: { id: string; version: number; title: string; legalBases: LegalBasis[] };
  decisionId: string;
  elements: Array<ElementRef & { granularity: Granularity }>;
  studentCount: number;
}

export interface DisclosurePage {
  /** Entries with a smaller id only (newest first); for paging. */
  beforeId?: string;
  limit: number;
}

interface DisclosureRow {
  id: string;
  disclosed_at: Date;
  recipient_organization_id: string;
  recipient_client_id: string;
  purpose: string;
  agreement_id: string;
  agreement_version: number;
  decision_id: string;
  elements: DisclosureEntry['elements'];
  student_count: number;
}

const ENTRY_COLUMNS = `
  d.id, d.disclosed_at, d.recipient_organization_id, d.recipient_client_id, d.purpose,
  d.agreement_id, d.agreement_version, d.decision_id, d.elements,
  (SELECT count(*)::int FROM disclosure_student s WHERE s.disclosure_id = d.id) AS student_count`;

/**
 * The record of disclosures (FERPA 34 CFR 99.32), kept in PostgreSQL beside the audit log:
 * each disclosure and its audit entry are written in one transaction, so neither exists
 * without the other.
 */
export class DisclosureLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
  ) {}

  /** Pass the caller's transaction manager to record the disclosure with the read that made it. */
  async record(disclosure: Disclosure, manager?: EntityManager): Promise<{ id: string }> {
    return manager ? this.write(manager, disclosure) : this.dataSource.transaction((own) => this.write(own, disclosure));
  }

  /** The disclosures of this student's records, newest first (every one, or one page): what a parent may inspect. */
  async forStudent(sid: string, page?: DisclosurePage): Promise<DisclosureEntry[]> {
    const rows: DisclosureRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS}
         FROM disclosure_student ds JOIN disclosure d ON d.id = ds.disclosure_id
        WHERE ds.sid = $1 AND ($2::bigint IS NULL OR d.id < $2::bigint)
        ORDER BY d.id DESC LIMIT $3`,
      [sid, page?.beforeId ?? null, page?.limit ?? null],
    );
    return this.withAgreementTerms(rows);
  }

  /** Disclosures an organisation received, newest first. */
  async forOrganization(organizationId: string, page: DisclosurePage): Promise<DisclosureEntry[]> {
    const rows: DisclosureRow[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS}
         FROM disclosure d
        WHERE d.recipient_organization_id = $1 AND ($2::bigint IS NULL OR d.id < $2::bigint)
        ORDER BY d.id DESC LIMIT $3`,
      [organizationId, page.beforeId ?? null, page.limit],
    );
    return this.withAgreementTerms(rows);
  }

  /** Each entry with the purpose, title and legal bases of the agreement version it was made under (the agreements library's). */
  private async withAgreementTerms(rows: DisclosureRow[]): Promise<DisclosureEntry[]> {
    const terms = await new AgreementStore().termsOf(
      this.dataSource,
      rows.map((row) => ({ agreementId: row.agreement_id, version: row.agreement_version })),
    );
    return rows.map((row) => toEntry(row, terms.get(versionKey(row.agreement_id, row.agreement_version))!));
  }

  private async write(manager: EntityManager, disclosure: Disclosure): Promise<{ id: string }> {
    const [{ id }]: Array<{ id: string }> = await manager.query(
      `INSERT INTO disclosure (disclosed_at, recipient_organization_id, recipient_client_id, purpose, agreement_id, agreement_version, decision_id, elements)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        disclosure.disclosedAt,
        disclosure.recipient.organizationId,
        disclosure.recipient.clientId,
        disclosure.purpose,
        disclosure.agreement.id,
        disclosure.agreement.version,
        disclosure.decisionId,
        JSON.stringify(disclosure.elements),
      ],
    );
    await manager.query(`INSERT INTO disclosure_student (sid, disclosure_id) SELECT unnest($1::text[]), $2`, [disclosure.students, id]);
    // Counts and ids only: the students' SIDs stay in the record of disclosures.
    await this.auditLog.append(
      {
        kind: 'disclosure',
        actor: disclosure.recipient.clientId,
        subject: `agreement:${disclosure.agreement.id}`,
        details: {
          disclosureId: String(id),
          decisionId: disclosure.decisionId,
          recipientOrganizationId: disclosure.recipient.organizationId,
          purpose: disclosure.purpose,
          agreementVersion: disclosure.agreement.version,
          elements: disclosure.elements.map(elementKey),
          studentCount: disclosure.students.length,
        },
      },
      manager,
    );
    return { id: String(id) };
  }
}

function toEntry(row: DisclosureRow, terms: AgreementTerms): DisclosureEntry {
  return {
    id: String(row.id),
    disclosedAt: row.disclosed_at.toISOString(),
    recipient: { organizationId: row.recipient_organization_id, clientId: row.recipient_client_id },
    purpose: { code: row.purpose, description: terms.purpose.description },
    agreement: { id: row.agreement_id, version: row.agreement_version, title: terms.title, legalBases: terms.legalBases },
    decisionId: row.decision_id,
    elements: row.elements,
    studentCount: row.student_count,
  };
}
