import { LanternErrorCode } from '@lantern/errors';
import { approvedAgreement, CHILD_WELFARE, researchTerms, REVIEW_BOARD, STATE_EDUCATION, stewardAt, UNIVERSITY } from '../testing/agreements';
import type { Agreement } from './agreement';
import { amendAgreement, approveVersion, draftAgreement, reinstateAgreement, suspendAgreement, terminateAgreement } from './agreement-lifecycle';
import { activeVersion, currentVersion, versionState } from './agreement-status';

const at = (instant: string) => new Date(instant);
const statusOf = (agreement: Agreement, version: number, instant: string) => versionState(agreement, agreement.versions[version - 1], at(instant)).status;

describe('agreement lifecycle', () => {
  it('stays a draft until every contributor and approver has approved, naming who is missing', () => {
    let { agreement } = draftAgreement('dsa-1', researchTerms(), stewardAt('2025-12-01T00:00:00Z'));
    expect(versionState(agreement, agreement.versions[0], at('2026-02-01T00:00:00Z'))).toMatchObject({
      status: 'draft',
      awaitingApprovals: [STATE_EDUCATION, CHILD_WELFARE, REVIEW_BOARD],
      appliesFrom: null,
    });
    agreement = approveVersion(agreement, 1, STATE_EDUCATION, stewardAt('2025-12-02T00:00:00Z')).agreement;
    agreement = approveVersion(agreement, 1, CHILD_WELFARE, stewardAt('2025-12-03T00:00:00Z')).agreement;
    expect(versionState(agreement, agreement.versions[0], at('2026-02-01T00:00:00Z'))).toMatchObject({ status: 'draft', awaitingApprovals: [REVIEW_BOARD] });
    agreement = approveVersion(agreement, 1, REVIEW_BOARD, stewardAt('2025-12-04T00:00:00Z')).agreement;
    expect(statusOf(agreement, 1, '2026-02-01T00:00:00Z')).toBe('active');
  });

  it('applies from its effective date, or from the last approval when that comes later', () => {
    const early = approvedAgreement('dsa-1', researchTerms(), '2025-12-15T00:00:00Z');
    expect(statusOf(early, 1, '2025-12-31T23:59:59Z')).toBe('draft');
    expect(versionState(early, early.versions[0], at('2025-12-31T00:00:00Z')).appliesFrom).toBe('2026-01-01T00:00:00.000Z');
    expect(statusOf(early, 1, '2026-01-01T00:00:00Z')).toBe('active');
    const late = approvedAgreement('dsa-2', researchTerms(), '2026-03-01T00:00:00Z');
    expect(statusOf(late, 1, '2026-02-01T00:00:00Z')).toBe('draft');
    expect(statusOf(late, 1, '2026-03-01T00:00:00Z')).toBe('active');
  });

  it('expires at expiresAt', () => {
    const agreement = approvedAgreement('dsa-1');
    expect(statusOf(agreement, 1, '2026-12-31T23:59:59.999Z')).toBe('active');
    expect(statusOf(agreement, 1, '2027-01-01T00:00:00Z')).toBe('expired');
  });

  it('keeps a version in force until its amendment is approved, then marks it superseded without changing it', () => {
    const original = approvedAgreement('dsa-1');
    const wider = researchTerms({ elements: [...researchTerms().elements, { domain: 'edfi.student', element: 'hispanicLatinoEthnicity', granularity: 'as-recorded' }] });
    const amendment = amendAgreement(original, wider, stewardAt('2026-02-01T00:00:00Z'));
    let { agreement } = amendment;
    expect(amendment.change).toMatchObject({ kind: 'amended', version: { version: 2, approvals: [] } });
    expect(agreement.versions[0]).toBe(original.versions[0]);
    expect(activeVersion(agreement, at('2026-02-02T00:00:00Z'))?.version).toBe(1);
    expect(statusOf(agreement, 2, '2026-02-02T00:00:00Z')).toBe('draft');

    for (const organizationId of [STATE_EDUCATION, CHILD_WELFARE, REVIEW_BOARD]) {
      agreement = approveVersion(agreement, 2, organizationId, stewardAt('2026-02-10T00:00:00Z')).agreement;
    }
    expect(activeVersion(agreement, at('2026-02-10T00:00:00Z'))?.version).toBe(2);
    expect(statusOf(agreement, 1, '2026-02-10T00:00:00Z')).toBe('superseded');
    // History is kept: at an earlier moment version 1 was the one in force.
    expect(activeVersion(agreement, at('2026-02-09T00:00:00Z'))?.version).toBe(1);
  });

  it('suspends and reinstates the agreement as a whole, remembering when', () => {
    let { agreement } = suspendAgreement(approvedAgreement('dsa-1'), 'breach under investigation', stewardAt('2026-03-01T00:00:00Z'));
    expect(statusOf(agreement, 1, '2026-03-02T00:00:00Z')).toBe('suspended');
    expect(currentVersion(agreement, at('2026-03-02T00:00:00Z')).version).toBe(1);
    agreement = reinstateAgreement(agreement, 'investigation closed', stewardAt('2026-04-01T00:00:00Z')).agreement;
    expect(statusOf(agreement, 1, '2026-03-15T00:00:00Z')).toBe('suspended');
    expect(statusOf(agreement, 1, '2026-04-02T00:00:00Z')).toBe('active');
  });

  it('terminates for good', () => {
    const { agreement, change } = terminateAgreement(approvedAgreement('dsa-1'), 'project ended', stewardAt('2026-05-01T00:00:00Z'));
    expect(change).toEqual({ kind: 'terminated', event: { kind: 'terminated', at: '2026-05-01T00:00:00.000Z', by: 'steward-console', reason: 'project ended' } });
    expect(statusOf(agreement, 1, '2026-05-02T00:00:00Z')).toBe('terminated');
    const later = stewardAt('2026-06-01T00:00:00Z');
    expect(() => amendAgreement(agreement, researchTerms(), later)).toThrow(expect.objectContaining({ code: LanternErrorCode.Conflict }));
    expect(() => reinstateAgreement(agreement, 'oops', later)).toThrow('terminated');
    expect(() => suspendAgreement(agreement, 'again', later)).toThrow('terminated');
    expect(() => terminateAgreement(agreement, 'again', later)).toThrow('already terminated');
  });

  describe('refuses', () => {
    const draft = () => draftAgreement('dsa-1', researchTerms(), stewardAt('2025-12-01T00:00:00Z')).agreement;
    const when = stewardAt('2025-12-02T00:00:00Z');

    it('an approval from an organisation that is only a recipient', () => {
      expect(() => approveVersion(draft(), 1, UNIVERSITY, when)).toThrow(expect.objectContaining({ code: LanternErrorCode.InvalidRequest }));
    });

    it('a second approval from the same organisation', () => {
      const once = approveVersion(draft(), 1, STATE_EDUCATION, when).agreement;
      expect(() => approveVersion(once, 1, STATE_EDUCATION, when)).toThrow(expect.objectContaining({ code: LanternErrorCode.Conflict }));
    });

    it('an approval of a version that has been amended, or does not exist', () => {
      const amended = amendAgreement(draft(), researchTerms({ title: 'Renamed' }), when).agreement;
      expect(() => approveVersion(amended, 1, STATE_EDUCATION, when)).toThrow('approve version 2');
      expect(() => approveVersion(amended, 3, STATE_EDUCATION, when)).toThrow(expect.objectContaining({ code: LanternErrorCode.RecordNotFound }));
    });

    it('an approval of an expired version', () => {
      expect(() => approveVersion(draft(), 1, STATE_EDUCATION, stewardAt('2027-02-01T00:00:00Z'))).toThrow('expired');
    });

    it('suspending twice, or reinstating what is not suspended', () => {
      const suspended = suspendAgreement(draft(), 'pause', when).agreement;
      expect(() => suspendAgreement(suspended, 'pause', when)).toThrow('already suspended');
      expect(() => reinstateAgreement(draft(), 'resume', when)).toThrow('not suspended');
    });

    it("research terms below the state's disclosure floor, when drafted, amended or approved", () => {
      const floor = 11;
      const lax = researchTerms({ outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 } });
      expect(() => draftAgreement('dsa-3', lax, when, floor)).toThrow(
        "agreement terms: outputRules.k 1 is below the state's disclosure floor of 11; outputRules.minimumCellSize 1 is below the state's disclosure floor of 11",
      );
      expect(() => amendAgreement(draft(), lax, when, floor)).toThrow(expect.objectContaining({ code: LanternErrorCode.InvalidRequest }));
      // Drafted before the floor was raised: no approval brings it into force.
      const earlier = draftAgreement('dsa-4', lax, when).agreement;
      expect(() => approveVersion(earlier, 1, STATE_EDUCATION, when, floor)).toThrow('below the state');
      expect(() => draftAgreement('dsa-5', researchTerms({ outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 } }), when, floor)).not.toThrow();
    });

    it('inconsistent terms in a draft or an amendment', () => {
      const backwards = researchTerms({ expiresAt: '2025-06-01T00:00:00.000Z' });
      expect(() => draftAgreement('dsa-2', backwards, when)).toThrow('expiresAt must be after effectiveDate');
      expect(() => amendAgreement(draft(), backwards, when)).toThrow(expect.objectContaining({ code: LanternErrorCode.InvalidRequest }));
    });
  });
});
