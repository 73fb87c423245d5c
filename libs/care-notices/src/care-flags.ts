import { AgreementRegistry, type PendingDecision, PolicyDecisions, type RecordedDecision } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { localDateOf, mayIssueCareFlags, noticeTimes, type SchoolHours } from '@lantern/care-rules';
import { DisclosureLog } from '@lantern/disclosures';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { disclosureUnder, type ElementRef, type Population, type Principal, PURPOSES, releasedFields, Role } from '@lantern/governance';
import { IdentityDirectory } from '@lantern/identity-service';
import { type CurrentEnrolment, RecordsReadModel } from '@lantern/records';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { CARE_FLAG_CONTRACT, careFlagContentHash, type CareFlag } from './care-flag';
import type { ChildIdentity, ChildResolution } from './child-resolution';
import { closeNotices, schoolCalendarOf } from './notice-store';

const STUDENT_CONTRACT = 'edfi.student';
/** What every notice shows: the student's name and the school's id for them. Nothing else about the child. */
const NOTICE_ELEMENTS: readonly ElementRef[] = ['studentUniqueId', 'firstName', 'lastSurname'].map((element) => ({ domain: STUDENT_CONTRACT, element }));
const AGENCY_TYPE: ElementRef = { domain: CARE_FLAG_CONTRACT, element: 'agencyType' };
const ENROLLED_AT_RECIPIENT: Population = { kind: 'enrolled-at-recipient' };

/**
 * The receiving district as the policy decision point sees a notice: a push, so no client of
 * the district is calling; the hub's delivery service asks on the district's behalf (ADR 0009).
 */
export const CARE_INBOX_CLIENT = 'hub:care-inbox';
function inboxOf(organizationId: string, role: Role): Principal {
  return { clientId: CARE_INBOX_CLIENT, role, organizationId, authenticatedBy: 'certificate' };
}

export const FLAG_STATUS_CODES = ['delivered', 'not-delivered', 'no-current-enrolment', 'identity-review', 'identity-unknown', 'revoked'] as const;
export type FlagStatusCode = (typeof FLAG_STATUS_CODES)[number];

const STATUS_MESSAGES: Record<FlagStatusCode, string> = {
  delivered: 'The school(s) of current enrolment have the notice.',
  'not-delivered': 'No notice was sent: no data-sharing agreement in force lets this agency send Handle with Care notices to the school(s) of current enrolment.',
  'no-current-enrolment': 'no current enrolment found',
  'identity-review': 'The child could not be identified with certainty; a data steward will review the match. Nothing was disclosed.',
  'identity-unknown': 'No child is known by this local person id; send the child’s first name, last name and birth date. Nothing was disclosed.',
  revoked: 'The flag was revoked; its notices have left the schools’ inboxes.',
};

/** What the issuer sees of one notice: when and how far it got, never which school or what the school holds. */
export interface NoticeDelivery {
  noticeId: string;
  status: 'delivered' | 'acknowledged' | 'escalated' | 'revoked' | 'corrected' | 'expired';
  issuedAt: string;
  dueBy: string;
  expiresAt: string;
  acknowledgedAt: string | null;
  escalatedAt: string | null;
  closedAt: string | null;
}

/** One of an agency's flags as the agency sent it, less the child's names and birth date (the hub keeps none of them), and where it stands. */
export interface FlagSummary {
  agencyId: string;
  flagId: string;
  version: number;
  status: FlagStatusCode;
  localPersonId: string;
  agencyType: string | null;
  eventDate: string;
  expiresOn: string | null;
  receivedAt: string;
  updatedAt: string;
}

export interface FlagStatus extends FlagSummary {
  message: string;
  notices: NoticeDelivery[];
}

/** A page of an agency's flags, newest first. */
export interface FlagList {
  page: number;
  pageSize: number;
  /** Flags matching the filter, over all pages. */
  total: number;
  flags: FlagSummary[];
}

const SUMMARY_COLUMNS = `id, agency_id, flag_id, version, status, local_person_id, agency_type, to_char(event_date, 'YYYY-MM-DD') AS event_date,
  to_char(expires_on, 'YYYY-MM-DD') AS expires_on, received_at, updated_at`;

interface SummaryRow {
  id: string;
  agency_id: string;
  flag_id: string;
  version: number;
  status: FlagStatusCode;
  local_person_id: string;
  agency_type: string | null;
  event_date: string;
  expires_on: string | null;
  received_at: Date;
  updated_at: Date;
}

function toSummary(row: SummaryRow): FlagSummary {
  return {
    agencyId: row.agency_id,
    flagId: row.flag_id,
    version: row.version,
    status: row.status,
    localPersonId: row.local_person_id,
    agencyType: row.agency_type,
    eventDate: row.event_date,
    expiresOn: row.expires_on,
    receivedAt: row.received_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Who issued a flag: the agency, the client or source system to audit, and whose local person ids it uses. */
export interface FlagIssuer {
  agencyId: string;
  actor: string;
  sourceSystem: string;
}

export interface CareNoticeTiming {
  escalateAfterMinutes: number;
  schoolDays: number;
  hours?: SchoolHours;
}

interface FlagRow {
  id: string;
  version: number;
  content_hash: string;
  status: FlagStatusCode;
}

interface Delivery {
  enrolment: CurrentEnrolment & { districtId: string };
  decision: RecordedDecision;
  student: Record<string, unknown>;
}

/**
 * The agency side of Handle with Care: issue (or correct) a flag, revoke it, see its status.
 * A flag becomes one notice per school of current enrolment whose district has an agreement
 * in force with the agency (purpose handle-with-care); each notice is a disclosure in the
 * record of disclosures, and the flag, decisions and notices are written in one transaction.
 */
export class CareFlags {
  private readonly agreements: AgreementRegistry;
  private readonly directory: IdentityDirectory;
  private readonly records: RecordsReadModel;

  constructor(
    private readonly dataSource: DataSource,
    private readonly children: ChildResolution,
    private readonly policy: PolicyDecisions,
    private readonly disclosures: DisclosureLog,
    private readonly auditLog: AuditLog,
    private readonly timing: CareNoticeTiming,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.agreements = new AgreementRegistry(dataSource, auditLog);
    this.directory = new IdentityDirectory(dataSource);
    this.records = new RecordsReadModel(dataSource);
  }

  /**
   * Issues the flag, or corrects the one with the same agency and flagId: the earlier
   * version's notices are withdrawn and the corrected flag is delivered afresh. Sending the
   * same content again changes nothing once notices exist (Kafka redelivers; clients retry).
   * An agency without a Handle with Care agreement in force is refused before anything is
   * looked up or stored: the same refusal whoever the child is, so flags cannot probe who is
   * known or enrolled, nor make SIDs or steward reviews.
   */
  async issue(flag: CareFlag, issuer: FlagIssuer): Promise<FlagStatus> {
    if (flag.agency.agencyId !== issuer.agencyId) throw new LanternError(LanternErrorCode.Forbidden, 'An agency issues flags under its own agencyId only.');
    if (!mayIssueCareFlags(await this.agreements.forParty(issuer.agencyId), issuer.agencyId, this.now())) {
      throw new LanternError(LanternErrorCode.Forbidden, 'No Handle with Care agreement in force names this agency as a contributor: the flag was not accepted and nothing was looked up.');
    }
    const contentHash = careFlagContentHash(flag);
    const existing = await this.flagRow(this.dataSource.manager, issuer.agencyId, flag.flagId);
    if (existing?.status === 'revoked') throw new LanternError(LanternErrorCode.Conflict, 'This flag was revoked; issue a new flag with a new flagId.');
    if (existing && existing.content_hash === contentHash && (await this.hasNotices(existing.id))) return this.statusOf(issuer.agencyId, flag.flagId);

    const child = await this.children.resolve(flag, issuer.sourceSystem);
    await this.deliverTo(child, flag, issuer, contentHash);
    return this.statusOf(issuer.agencyId, flag.flagId);
  }

  /**
   * Flags held back for an identity review that a steward has since decided: delivered now, as
   * if just issued (same version), so an ambiguous match delays a notice but never loses it.
   * Run by the periodic sweep; returns how many flags were looked at again.
   */
  async deliverAfterReviews(): Promise<number> {
    const held: Array<{
      agency_id: string;
      flag_id: string;
      content_hash: string;
      source_system: string;
      local_person_id: string;
      agency_type: string | null;
      event_date: string;
      expires_on: string | null;
    }> = await this.dataSource.query(
      `SELECT f.agency_id, f.flag_id, f.content_hash, f.source_system, f.local_person_id, f.agency_type,
                to_char(f.event_date, 'YYYY-MM-DD') AS event_date, to_char(f.expires_on, 'YYYY-MM-DD') AS expires_on
           FROM care_flag f
          WHERE f.status = 'identity-review'`,
    );
    let decided = 0;
    for (const row of held) {
      if (await this.directory.underReview(row.source_system, row.local_person_id)) continue;
      decided += 1;
      // The stored flag carries no names: the crosswalk entry the review settled is what identifies the child now.
      const flag: CareFlag = {
        agency: { agencyId: row.agency_id },
        flagId: row.flag_id,
        person: { localPersonId: row.local_person_id },
        eventDate: row.event_date,
        ...(row.agency_type === null ? {} : { agencyType: row.agency_type }),
        ...(row.expires_on === null ? {} : { expiresOn: row.expires_on }),
      };
      const issuer: FlagIssuer = { agencyId: row.agency_id, actor: 'system', sourceSystem: row.source_system };
      await this.deliverTo(await this.children.resolve(flag, row.source_system), flag, issuer, row.content_hash);
    }
    return decided;
  }

  /**
   * Decides and delivers a flag for the child as resolved: one notice per school of current
   * enrolment that an agreement in force allows, all in one transaction with the flag's row,
   * the decisions and the audit entry.
   */
  private async deliverTo(child: ChildIdentity, flag: CareFlag, issuer: FlagIssuer, contentHash: string): Promise<void> {
    const at = this.now();
    const sid = 'sid' in child ? child.sid : null;
    const enrolments = sid ? await this.enrolmentsOf(sid, at) : [];
    // Decided before the transaction (a transaction waiting on the pool for the agreement reads
    // would let concurrent flags exhaust it) and audited inside it, with the notices they allow.
    const deliveries: Delivery[] = [];
    const decisions: PendingDecision[] = [];
    for (const question of sid ? await this.questionsFor(flag, issuer, enrolments) : []) {
      const pending = await this.policy.evaluate({ ...question.ask, at }, question.agreements);
      decisions.push(pending);
      const { decision } = pending;
      if (decision.decision === 'allow') deliveries.push(...question.enrolments.map((enrolment) => ({ enrolment, decision, student: enrolment.student })));
    }

    const status = await this.dataSource.transaction(async (manager) => {
      // One issue of a flag at a time, even the first (no row to lock yet): of two identical
      // issues at the same moment, the second finds the first's notices and changes nothing.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`care-flag:${issuer.agencyId}:${flag.flagId}`]);
      const locked = await this.flagRow(manager, issuer.agencyId, flag.flagId, true);
      if (locked && locked.content_hash === contentHash && (await this.hasNotices(locked.id, manager))) return undefined;
      const id = locked?.id ?? randomUUID();
      // Only a change of content is a new version; re-evaluating an undelivered flag is not.
      const version = !locked ? 1 : locked.content_hash === contentHash ? locked.version : locked.version + 1;
      const withdrawn = locked ? await closeNotices(manager, { flag: id }, 'corrected', at) : [];
      const statusCode: FlagStatusCode =
        'unresolved' in child ? child.unresolved : enrolments.length === 0 ? 'no-current-enrolment' : deliveries.length === 0 ? 'not-delivered' : 'delivered';
      await manager.query(
        `INSERT INTO care_flag (id, agency_id, flag_id, version, content_hash, source_system, local_person_id, agency_type, event_date, expires_on, sid, status, received_by, received_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
         ON CONFLICT (agency_id, flag_id) DO UPDATE SET version = EXCLUDED.version, content_hash = EXCLUDED.content_hash, source_system = EXCLUDED.source_system,
           local_person_id = EXCLUDED.local_person_id, agency_type = EXCLUDED.agency_type, event_date = EXCLUDED.event_date, expires_on = EXCLUDED.expires_on,
           sid = EXCLUDED.sid, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`,
        [
          id,
          issuer.agencyId,
          flag.flagId,
          version,
          contentHash,
          issuer.sourceSystem,
          flag.person.localPersonId,
          flag.agencyType ?? null,
          flag.eventDate,
          flag.expiresOn ?? null,
          sid,
          statusCode,
          issuer.actor,
          at,
        ],
      );
      const noticeIds: string[] = [];
      for (const delivery of deliveries) noticeIds.push(await this.deliver(manager, { id, version, flag, sid: sid as string, at }, delivery));
      for (const pending of decisions) await this.policy.record(pending, manager);
      await this.auditLog.append(
        {
          kind: 'care-flag-received',
          actor: issuer.actor,
          subject: `care-flag:${id}`,
          details: {
            agencyId: issuer.agencyId,
            flagId: flag.flagId,
            version,
            status: statusCode,
            sid,
            noticeIds,
            withdrawnNoticeIds: withdrawn.map((notice) => notice.id),
            decisionIds: [...new Set(deliveries.map((delivery) => delivery.decision.decisionId))],
          },
        },
        manager,
      );
      return { statusCode, version, notices: noticeIds.length };
    });
    // Ids, codes and counts only: never the child's name or the school.
    if (status) this.logger.info({ agencyId: issuer.agencyId, flagId: flag.flagId, version: status.version, status: status.statusCode, notices: status.notices }, 'care flag received');
  }

  /** Withdraws every notice of the flag; the flag and the audit trail stay. Revoking twice is harmless. */
  async revoke(agencyId: string, flagId: string, actor: string): Promise<FlagStatus> {
    const at = this.now();
    await this.dataSource.transaction(async (manager) => {
      const flag = await this.flagRow(manager, agencyId, flagId, true);
      if (!flag) throw new LanternError(LanternErrorCode.RecordNotFound, 'This agency has no flag with that flagId.');
      if (flag.status === 'revoked') return;
      const withdrawn = await closeNotices(manager, { flag: flag.id }, 'revoked', at);
      await manager.query(`UPDATE care_flag SET status = 'revoked', updated_at = $2 WHERE id = $1`, [flag.id, at]);
      await this.auditLog.append(
        { kind: 'care-flag-revoked', actor, subject: `care-flag:${flag.id}`, details: { agencyId, flagId, version: flag.version, withdrawnNoticeIds: withdrawn.map((notice) => notice.id) } },
        manager,
      );
    });
    this.logger.info({ agencyId, flagId }, 'care flag revoked');
    return this.statusOf(agencyId, flagId);
  }

  /** The flags the agency issued (over HTTP or Kafka), newest first; another agency's are not its to see. */
  async issuedBy(agencyId: string, query: { status?: FlagStatusCode; page: number; pageSize: number }): Promise<FlagList> {
    const filter = [agencyId, query.status ?? null];
    const where = `WHERE agency_id = $1 AND ($2::text IS NULL OR status = $2)`;
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM care_flag ${where}`, filter);
    const rows: SummaryRow[] = await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS} FROM care_flag ${where} ORDER BY received_at DESC, flag_id LIMIT $3 OFFSET $4`, [
      ...filter,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    ]);
    return { page: query.page, pageSize: query.pageSize, total, flags: rows.map(toSummary) };
  }

  /** The issuer's view: the flag's status and each notice's delivery and acknowledgement, nothing of the school's. */
  async statusOf(agencyId: string, flagId: string): Promise<FlagStatus> {
    const [flag]: SummaryRow[] = await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS} FROM care_flag WHERE agency_id = $1 AND flag_id = $2`, [agencyId, flagId]);
    if (!flag) throw new LanternError(LanternErrorCode.RecordNotFound, 'This agency has no flag with that flagId.');
    const rows: Array<Record<string, Date | string | null>> = await this.dataSource.query(
      `SELECT id, issued_at, due_by, expires_at, acknowledged_at, escalated_at, closed_at, closed_because FROM care_notice WHERE flag = $1 ORDER BY id`,
      [flag.id],
    );
    const iso = (value: Date | string | null) => (value instanceof Date ? value.toISOString() : null);
    const notices = rows.map((row): NoticeDelivery => ({
      noticeId: String(row.id),
      status: (row.closed_because as NoticeDelivery['status'] | null) ?? (row.acknowledged_at ? 'acknowledged' : row.escalated_at ? 'escalated' : 'delivered'),
      issuedAt: iso(row.issued_at) as string,
      dueBy: iso(row.due_by) as string,
      expiresAt: iso(row.expires_at) as string,
      acknowledgedAt: iso(row.acknowledged_at),
      escalatedAt: iso(row.escalated_at),
      closedAt: iso(row.closed_at),
    }));
    return { ...toSummary(flag), message: STATUS_MESSAGES[flag.status], notices };
  }

  /** One notice for one school: times from the school's calendar, the disclosure, the notice, the outbox event. */
  private async deliver(manager: EntityManager, flag: { id: string; version: number; flag: CareFlag; sid: string; at: Date }, { enrolment, decision, student }: Delivery): Promise<string> {
    const calendar = await schoolCalendarOf(manager, [enrolment.schoolId, enrolment.districtId]);
    const times = noticeTimes({
      issuedAt: flag.at,
      calendar,
      hours: this.timing.hours,
      escalateAfterMinutes: this.timing.escalateAfterMinutes,
      schoolDays: decision.careNoticeSchoolDays ?? this.timing.schoolDays,
      expiresOn: flag.flag.expiresOn,
    });
    const { id: disclosureId } = await this.disclosures.record(
      disclosureUnder(decision, { principal: inboxOf(enrolment.schoolId, Role.School), students: [flag.sid], at: flag.at }),
      manager,
    );
    const released = releasedFields(STUDENT_CONTRACT, student, decision.elements ?? []);
    const agencyType = decision.elements?.some((element) => element.domain === AGENCY_TYPE.domain && element.element === AGENCY_TYPE.element) ? (flag.flag.agencyType ?? null) : null;
    const [{ id }]: Array<{ id: string }> = await manager.query(
      `INSERT INTO care_notice (flag, flag_version, sid, school_id, district_id, student_unique_id, first_name, last_surname, agency_type, issued_at, due_by, escalate_at, expires_at, decision_id, disclosure_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        flag.id,
        flag.version,
        flag.sid,
        enrolment.schoolId,
        enrolment.districtId,
        released.studentUniqueId ?? null,
        released.firstName ?? null,
        released.lastSurname ?? null,
        agencyType,
        flag.at,
        times.dueBy,
        times.escalateAt,
        times.expiresAt,
        decision.decisionId,
        disclosureId,
      ],
    );
    await manager.query(`INSERT INTO care_notice_event (notice_id, organization_id, type) VALUES ($1, $2, 'issued')`, [id, enrolment.schoolId]);
    return String(id);
  }

  /** The child's current enrolments, each with the student record (names) the school's own studentUniqueId names. */
  private async enrolmentsOf(sid: string, at: Date): Promise<Array<CurrentEnrolment & { student: Record<string, unknown> }>> {
    const students = (await this.records.currentRecordsOf(sid)).filter((version) => version.contractId === STUDENT_CONTRACT);
    const enrolments = await this.records.currentEnrolmentsOf(sid, localDateOf(at));
    // The names the enrolling school's own source sent; else another source's record of the same child and id.
    const studentOf = (enrolment: CurrentEnrolment) => {
      const sameId = students.filter((version) => String((version.record as { studentUniqueId?: unknown }).studentUniqueId) === enrolment.studentUniqueId);
      return (sameId.find((version) => version.sourceSystem === enrolment.sourceSystem) ?? sameId[0])?.record ?? {};
    };
    return enrolments.map((enrolment) => ({ ...enrolment, student: studentOf(enrolment) as Record<string, unknown> }));
  }

  /**
   * One policy question per district of current enrolment. A school whose School record names
   * no district cannot be matched to an agreement, so it gets no notice (default deny).
   */
  private async questionsFor(flag: CareFlag, issuer: FlagIssuer, enrolments: Array<CurrentEnrolment & { student: Record<string, unknown> }>) {
    const byDistrict = new Map<string, Array<CurrentEnrolment & { districtId: string; student: Record<string, unknown> }>>();
    for (const enrolment of enrolments) {
      if (enrolment.districtId === null) continue;
      byDistrict.set(enrolment.districtId, [...(byDistrict.get(enrolment.districtId) ?? []), { ...enrolment, districtId: enrolment.districtId }]);
    }
    const questions = [];
    for (const [districtId, inDistrict] of byDistrict) {
      const base = { principal: inboxOf(districtId, Role.District), purpose: PURPOSES.handleWithCare, population: ENROLLED_AT_RECIPIENT, contributor: issuer.agencyId };
      const agreements = await this.policy.agreementsFor(base);
      // The agency's type goes only where the agreement names the element; otherwise it is not even asked for.
      const agencyTypeAllowed =
        flag.agencyType !== undefined && (await this.policy.permittedElements(base, CARE_FLAG_CONTRACT, agreements)).some((element) => element.element === AGENCY_TYPE.element);
      questions.push({ ask: { ...base, requestedElements: agencyTypeAllowed ? [...NOTICE_ELEMENTS, AGENCY_TYPE] : NOTICE_ELEMENTS }, agreements, enrolments: inDistrict });
    }
    return questions;
  }

  private async flagRow(manager: EntityManager, agencyId: string, flagId: string, forUpdate = false): Promise<FlagRow | undefined> {
    const [row]: FlagRow[] = await manager.query(`SELECT id, version, content_hash, status FROM care_flag WHERE agency_id = $1 AND flag_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`, [
      agencyId,
      flagId,
    ]);
    return row;
  }

  private async hasNotices(flagId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM care_notice WHERE flag = $1 LIMIT 1`, [flagId]);
    return rows.length > 0;
  }
}
