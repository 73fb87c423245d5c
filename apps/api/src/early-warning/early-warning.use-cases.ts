import { Inject, Injectable } from '@nestjs/common';
import { PolicyDecisions, type RecordedDecision } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import { assessStudent, EARLY_WARNING_ELEMENTS, schoolYearOf, schoolYearStart, watchListCsv, watchListOf, watchListPage, type WatchListEntry } from '@lantern/early-warning';
import { type DistrictThresholds, ThresholdStore, WatchListRecords } from '@lantern/early-warning-store';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { disclosureUnder, type Principal, PURPOSES, Role } from '@lantern/governance';
import { RecordsReadModel } from '@lantern/records';
import { HubConnections } from '../hub-connections';
import type { SetThresholdsCommand, WatchListCommand } from './early-warning.commands';
import { WATCH_LIST_DAY, type WatchListDay } from './watch-list-day';

/** A student on the watch list as the API shows it: the ids a school knows them by (never the SID), the flags and each indicator's finding. */
function shown(entry: WatchListEntry) {
  const [attendance, behaviour, coursePerformance] = entry.findings;
  return { studentUniqueId: entry.studentUniqueId, firstName: entry.firstName, lastSurname: entry.lastSurname, flags: entry.flags, attendance, behaviour, coursePerformance };
}

export type WatchListAnswer = Awaited<ReturnType<WatchListQuery['json']>>;
export interface WatchListCsvAnswer {
  csv: string;
  filename: string;
}

/**
 * A school's early-warning watch list. The caller must be the school itself or its district
 * (else 403, the same whether or not the school exists), an agreement in force must name the
 * caller (or a school's district) as a recipient for the early-warning purpose and every element
 * the list uses (else 403 naming the decision, whose reasons a steward reads in the audit log), and only children currently enrolled there are
 * judged. Each view, and each CSV export (the school's own staff only), is one entry in the
 * record of disclosures naming every student it shows.
 */
@Injectable()
export class WatchListQuery {
  private readonly thresholds: ThresholdStore;
  private readonly records: WatchListRecords;
  private readonly readModel: RecordsReadModel;

  constructor(
    connections: HubConnections,
    private readonly policy: PolicyDecisions,
    private readonly disclosures: DisclosureLog,
    @Inject(WATCH_LIST_DAY) private readonly today: WatchListDay,
  ) {
    this.thresholds = new ThresholdStore(connections.dataSource);
    this.records = new WatchListRecords(connections.dataSource);
    this.readModel = new RecordsReadModel(connections.dataSource);
  }

  async run(command: WatchListCommand, principal: Principal): Promise<WatchListAnswer | WatchListCsvAnswer> {
    return command.format === 'csv' ? this.csv(command, principal) : this.json(command, principal);
  }

  async json(command: WatchListCommand, principal: Principal) {
    const { districtId, decision, thresholds, assessments, asOf } = await this.assessed(command, principal);
    const page = watchListPage(assessments, { indicator: command.indicator, page: command.page, pageSize: command.pageSize });
    const disclosureId = await this.recordView(decision, principal, page.students);
    return {
      schoolId: command.schoolId,
      districtId,
      asOf,
      schoolYear: schoolYearOf(asOf),
      schoolYearStart: schoolYearStart(schoolYearOf(asOf)),
      indicator: command.indicator ?? null,
      thresholds,
      release: { agreement: { id: decision.agreementId as string, version: decision.agreementVersion as number }, disclosureId },
      total: page.total,
      page: page.page,
      pageSize: page.pageSize,
      students: page.students.map(shown),
    };
  }

  private async csv(command: WatchListCommand, principal: Principal): Promise<WatchListCsvAnswer> {
    if (principal.role !== Role.School) throw new LanternError(LanternErrorCode.Forbidden, "The watch list's CSV export is for the school's own staff.");
    const { decision, assessments, asOf } = await this.assessed(command, principal);
    const students = watchListOf(assessments, command.indicator);
    await this.recordView(decision, principal, students);
    return { csv: watchListCsv(students), filename: `watch-list-${command.schoolId}-${asOf}${command.indicator ? `-${command.indicator}` : ''}` };
  }

  private async assessed(command: WatchListCommand, principal: Principal) {
    const districtId = await this.districtAllowedToSee(command.schoolId, principal);
    const decision = await this.allowingDecision(principal, districtId);
    const asOf = this.today();
    const thresholds = await this.thresholds.of(districtId);
    const students = await this.records.enrolledAt(command.schoolId, asOf);
    const assessments = students.map((student) => assessStudent(student, thresholds.thresholds, asOf));
    return { districtId, decision, thresholds, assessments, asOf };
  }

  /** The school's district, when the caller is the school itself or that district; else 403, telling nothing about the school. */
  private async districtAllowedToSee(schoolId: string, principal: Principal): Promise<string | null> {
    const districtId = (await this.readModel.schoolDistricts()).get(schoolId) ?? null;
    if (principal.role === Role.School && principal.organizationId === schoolId) return districtId;
    if (principal.role === Role.District && districtId !== null && principal.organizationId === districtId) return districtId;
    throw new LanternError(LanternErrorCode.Forbidden, 'A school sees only its own watch list, and a district only those of its schools.');
  }

  /** Under an agreement naming the caller; for a school, else one naming its district. Decided before any record is read. */
  private async allowingDecision(principal: Principal, districtId: string | null): Promise<RecordedDecision> {
    const question = { purpose: PURPOSES.earlyWarning, population: { kind: 'enrolled-at-recipient' } as const, requestedElements: EARLY_WARNING_ELEMENTS };
    const own = await this.policy.decide({ ...question, principal });
    if (own.decision === 'allow') return own;
    if (principal.role === Role.School && districtId !== null) {
      const throughDistrict = await this.policy.decide({ ...question, principal: { ...principal, organizationId: districtId } });
      if (throughDistrict.decision === 'allow') return throughDistrict;
    }
    // The reasons name the organisations asked about; they stay in the audit log under the decision id, so the refusal tells nothing about the school.
    throw new LanternError(
      LanternErrorCode.Forbidden,
      `No data-sharing agreement in force names your organisation${principal.role === Role.School ? ' or its district' : ''} as a recipient for purpose ${PURPOSES.earlyWarning} with the elements the watch list uses (decision ${own.decisionId}; a data steward can read the reasons in the audit log).`,
    );
  }

  /** One entry in the record of disclosures for the students shown; none when the view shows no student. */
  private async recordView(decision: RecordedDecision, principal: Principal, students: readonly WatchListEntry[]): Promise<string | null> {
    if (students.length === 0) return null;
    const { id } = await this.disclosures.record(disclosureUnder(decision, { principal, students: students.map((student) => student.sid), at: new Date() }));
    return id;
  }
}

/** A district's thresholds: the district itself, or a steward for any district. */
@Injectable()
export class DistrictThresholdsUseCases {
  private readonly store: ThresholdStore;

  constructor(
    connections: HubConnections,
    private readonly auditLog: AuditLog,
  ) {
    this.store = new ThresholdStore(connections.dataSource);
  }

  read(districtId: string, principal: Principal): Promise<DistrictThresholds> {
    assertMayManage(districtId, principal);
    return this.store.of(districtId);
  }

  set(command: SetThresholdsCommand, principal: Principal): Promise<DistrictThresholds> {
    assertMayManage(command.districtId, principal);
    return this.store.set(command.districtId, command.thresholds, principal.clientId, this.auditLog);
  }
}

function assertMayManage(districtId: string, principal: Principal): void {
  if (principal.role === Role.Steward || (principal.role === Role.District && principal.organizationId === districtId)) return;
  throw new LanternError(LanternErrorCode.Forbidden, "A district sets only its own early-warning thresholds (a steward, any district's).");
}
