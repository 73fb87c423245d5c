import { AuditChainVerifier, AuditLog } from '@lantern/audit';
import { LanternErrorCode } from '@lantern/errors';
import { activeVersion, type CohortCriteria, currentVersion, Role, versionState, type AgreementTerms, type Principal } from '@lantern/governance';
import { randomUUID } from 'node:crypto';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { AgreementRegistry } from './agreement-registry';
import { PolicyDecisions } from './policy-decisions';

const EDUCATION = 'sea-state-education';
const WELFARE = 'agency-child-welfare';
const DISTRICT = 'lea-255901';
const terms = (overrides: Partial<AgreementTerms> = {}): AgreementTerms => ({
  title: 'Handle with Care notices',
  parties: [
    { organizationId: WELFARE, roles: ['contributor'] },
    { organizationId: EDUCATION, roles: ['contributor', 'approver'] },
    { organizationId: DISTRICT, roles: ['recipient'] },
  ],
  purpose: { code: 'handle-with-care', description: 'Tell a school a child may need extra care, without any reason' },
  legalBases: [{ kind: 'state-statute', citation: 'W. Va. Code 49-5-101' }],
  elements: [{ domain: 'edfi.student', element: 'firstName', granularity: 'as-recorded' }],
  population: { kind: 'enrolled-at-recipient' },
  linkagePermitted: false,
  outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 },
  effectiveDate: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  destroyBy: '2027-01-01T00:00:00.000Z',
  ...overrides,
});
const district: Principal = { clientId: 'lea-255901-sis', role: Role.District, organizationId: DISTRICT, authenticatedBy: 'certificate' };
const careNotice = {
  principal: district,
  purpose: 'handle-with-care',
  requestedElements: [{ domain: 'edfi.student', element: 'firstName' }],
  population: { kind: 'enrolled-at-recipient' as const },
};

describe('agreement registry and policy decisions in PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let clock: Date;
  let registry: AgreementRegistry;
  let decisions: PolicyDecisions;
  let logged: Array<Record<string, unknown>>;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
  });

  beforeEach(() => {
    clock = new Date('2025-12-01T00:00:00Z');
    const auditLog = new AuditLog(dataSource);
    registry = new AgreementRegistry(dataSource, auditLog, () => clock);
    logged = [];
    decisions = new PolicyDecisions(registry, auditLog, pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) }));
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function approvedByAll(overrides: Partial<AgreementTerms> = {}) {
    const { id } = await registry.draft(terms(overrides), 'steward-1');
    await registry.approve(id, 1, WELFARE, 'steward-1');
    return registry.approve(id, 1, EDUCATION, 'steward-1');
  }

  const auditEntriesFor = (id: string): Promise<Array<{ actor: string; details: Record<string, unknown> }>> =>
    dataSource.query(`SELECT actor, details FROM audit_entry WHERE kind = 'agreement-change' AND subject = $1 ORDER BY id`, [`agreement:${id}`]);

  it('drafts, collects every approval and becomes active on its effective date, auditing each change', async () => {
    const { id } = await registry.draft(terms(), 'steward-1');
    await registry.approve(id, 1, WELFARE, 'steward-2');
    clock = new Date('2025-12-10T00:00:00Z');
    const approved = await registry.approve(id, 1, EDUCATION, 'steward-1');
    expect(versionState(approved, approved.versions[0], clock)).toMatchObject({ status: 'draft', awaitingApprovals: [], appliesFrom: '2026-01-01T00:00:00.000Z' });
    const stored = (await registry.find(id))!;
    expect(stored).toEqual(approved);
    expect(activeVersion(stored, new Date('2026-01-01T00:00:00Z'))?.version).toBe(1);
    expect(await auditEntriesFor(id)).toEqual([
      { actor: 'steward-1', details: { change: 'drafted', version: 1, statusBefore: null, statusAfter: 'draft' } },
      { actor: 'steward-2', details: { change: 'approved', version: 1, organizationId: WELFARE, statusBefore: 'draft', statusAfter: 'draft' } },
      { actor: 'steward-1', details: { change: 'approved', version: 1, organizationId: EDUCATION, statusBefore: 'draft', statusAfter: 'draft' } },
    ]);
  });

  it('keeps every version when amended; the amendment applies once approved and the original is still readable', async () => {
    const { id } = await approvedByAll();
    clock = new Date('2026-02-01T00:00:00Z');
    const wider = terms({ elements: [...terms().elements, { domain: 'edfi.student', element: 'lastSurname', granularity: 'as-recorded' }] });
    await registry.amend(id, wider, 'steward-1');
    let stored = (await registry.find(id))!;
    expect(stored.versions.map((version) => version.version)).toEqual([1, 2]);
    expect(stored.versions[0].terms).toEqual(terms());
    expect(currentVersion(stored, clock).version).toBe(1);

    await registry.approve(id, 2, WELFARE, 'steward-1');
    stored = await registry.approve(id, 2, EDUCATION, 'steward-1');
    expect(currentVersion(stored, clock).version).toBe(2);
    expect(versionState(stored, stored.versions[0], clock).status).toBe('superseded');
    expect(stored.versions[0].approvals.map((approval) => approval.organizationId)).toEqual([WELFARE, EDUCATION]);
    // The trigger refuses even the owner; the services' login has no UPDATE on it at all.
    await expect(database.owner.query(`UPDATE agreement_version SET terms = '{}' WHERE agreement_id = $1`, [id])).rejects.toThrow('keeps history: UPDATE refused');
    await expect(dataSource.query(`UPDATE agreement_version SET terms = '{}' WHERE agreement_id = $1`, [id])).rejects.toThrow('permission denied');
  });

  it('refuses impossible changes with the right error and changes nothing', async () => {
    const { id } = await approvedByAll();
    await expect(registry.approve(id, 1, WELFARE, 'steward-1')).rejects.toMatchObject({ code: LanternErrorCode.Conflict });
    await expect(registry.approve(id, 1, DISTRICT, 'steward-1')).rejects.toMatchObject({ code: LanternErrorCode.InvalidRequest });
    await expect(registry.suspend('00000000-0000-4000-8000-000000000000', 'x', 'steward-1')).rejects.toMatchObject({ code: LanternErrorCode.RecordNotFound });
    await expect(registry.suspend('not-a-uuid', 'x', 'steward-1')).rejects.toMatchObject({ code: LanternErrorCode.RecordNotFound });
    expect(await auditEntriesFor(id)).toHaveLength(3);
  });

  it('serialises concurrent approvals of one agreement', async () => {
    const { id } = await registry.draft(terms(), 'steward-1');
    const outcomes = await Promise.allSettled([WELFARE, EDUCATION, WELFARE, EDUCATION].map((organizationId) => registry.approve(id, 1, organizationId, 'steward-1')));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome as PromiseRejectedResult).reason.code)).toEqual([
      LanternErrorCode.Conflict,
      LanternErrorCode.Conflict,
    ]);
    expect((await registry.find(id))!.versions[0].approvals).toHaveLength(2);
  });

  it('finds agreements by party and by recipient', async () => {
    const { id } = await approvedByAll({ title: 'Findable' });
    expect((await registry.forParty(WELFARE)).map((agreement) => agreement.id)).toContain(id);
    expect((await registry.forRecipient(DISTRICT)).map((agreement) => agreement.id)).toContain(id);
    expect((await registry.forRecipient(WELFARE)).map((agreement) => agreement.id)).not.toContain(id);
    expect(await registry.forParty('nobody')).toEqual([]);
  });

  describe('policy decisions', () => {
    // Each test's district is a recipient of its own agreement only.
    let districtNumber = 0;
    const newDistrict = (): Principal => ({ ...district, organizationId: `lea-${++districtNumber}` });
    const recipientOnly = (principal: Principal, overrides: Partial<AgreementTerms> = {}): Partial<AgreementTerms> => ({
      parties: [...terms().parties.filter((party) => party.organizationId !== DISTRICT), { organizationId: principal.organizationId, roles: ['recipient'] }],
      ...overrides,
    });
    const MARCH = new Date('2026-03-01T00:00:00Z');

    it('allows under an active agreement, logging and auditing the decision under one id with no personal data', async () => {
      const principal = newDistrict();
      const { id } = await approvedByAll(recipientOnly(principal));
      const decision = await decisions.decide({ ...careNotice, principal, at: MARCH });
      expect(decision).toMatchObject({ decision: 'allow', agreementId: id, agreementVersion: 1 });
      expect(logged).toEqual([
        expect.objectContaining({
          msg: 'policy decision',
          decisionId: decision.decisionId,
          decision: 'allow',
          agreementId: id,
          clientId: principal.clientId,
          elements: ['edfi.student.firstName'],
        }),
      ]);
      const [audited] = await dataSource.query(`SELECT actor, subject, details FROM audit_entry WHERE kind = 'policy-decision' AND details ->> 'decisionId' = $1`, [decision.decisionId]);
      expect(audited).toMatchObject({ actor: principal.clientId, subject: `agreement:${id}`, details: { decision: 'allow', agreementVersion: 1, purpose: 'handle-with-care' } });
    });

    it('denies by default, and audits the denial too', async () => {
      const decision = await decisions.decide({ ...careNotice, principal: newDistrict(), at: MARCH });
      expect(decision).toMatchObject({ decision: 'deny', reasons: [expect.stringMatching(/^no agreement names organisation lea-\d+ as a recipient$/)] });
      const audited = await dataSource.query(`SELECT 1 FROM audit_entry WHERE kind = 'policy-decision' AND details ->> 'decisionId' = $1`, [decision.decisionId]);
      expect(audited).toHaveLength(1);
    });

    it.each([
      [
        'not yet approved',
        (overrides: Partial<AgreementTerms>) => registry.draft(terms(overrides), 'steward-1'),
        /v1 is a draft awaiting approval from agency-child-welfare, sea-state-education$/,
      ],
      [
        'not yet in effect',
        (overrides: Partial<AgreementTerms>) => approvedByAll({ ...overrides, effectiveDate: '2026-06-01T00:00:00.000Z' }),
        /v1 is not in effect until 2026-06-01T00:00:00.000Z$/,
      ],
      [
        'expired',
        (overrides: Partial<AgreementTerms>) => approvedByAll({ ...overrides, expiresAt: '2026-02-01T00:00:00.000Z', destroyBy: '2026-02-01T00:00:00.000Z' }),
        /v1 expired at 2026-02-01T00:00:00.000Z$/,
      ],
      ['suspended', async (overrides: Partial<AgreementTerms>) => registry.suspend((await approvedByAll(overrides)).id, 'complaint', 'steward-1'), /v1 is suspended$/],
      ['terminated', async (overrides: Partial<AgreementTerms>) => registry.terminate((await approvedByAll(overrides)).id, 'ended', 'steward-1'), /v1 is terminated$/],
    ])('denies under an agreement that is %s, saying why', async (_state, arrange, reason) => {
      const principal = newDistrict();
      const agreement = await arrange(recipientOnly(principal));
      const decision = await decisions.decide({ ...careNotice, principal, at: MARCH });
      expect(decision).toMatchObject({ decision: 'deny', reasons: [expect.stringMatching(reason)] });
      expect(decision.reasons[0]).toContain(agreement.id);
    });

    it('applies a reinstated agreement again', async () => {
      const principal = newDistrict();
      const { id } = await approvedByAll(recipientOnly(principal));
      clock = new Date('2026-02-01T00:00:00Z');
      await registry.suspend(id, 'complaint', 'steward-1');
      expect((await decisions.decide({ ...careNotice, principal, at: new Date('2026-02-02T00:00:00Z') })).decision).toBe('deny');
      clock = new Date('2026-02-15T00:00:00Z');
      await registry.reinstate(id, 'resolved', 'steward-1');
      expect((await decisions.decide({ ...careNotice, principal, at: MARCH })).decision).toBe('allow');
    });
  });

  it('keeps an agreement stored with a bare research-cohort label readable and governable, allowing no extract until amended to criteria', async () => {
    const university: Principal = { clientId: 'univ-extracts', role: Role.Researcher, organizationId: 'univ-policy-lab', authenticatedBy: 'client-secret' };
    const cohort: CohortCriteria = { sectors: ['k12'], districts: [255901] };
    const research = terms({
      title: 'Attendance study',
      parties: [
        { organizationId: EDUCATION, roles: ['contributor'] },
        { organizationId: university.organizationId, roles: ['recipient'] },
      ],
      purpose: { code: 'research', description: 'Attendance and mobility' },
      legalBases: [{ kind: 'ferpa-studies' }],
      elements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'year' }],
      outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
    });
    const labelled = { ...research, population: { kind: 'research-cohort' as const, cohortId: 'cohort-a' } };
    // Written as the registry wrote agreements before cohorts had criteria: its lifecycle now refuses the label.
    const id = randomUUID();
    await dataSource.query(`INSERT INTO agreement (id) VALUES ($1)`, [id]);
    await dataSource.query(`INSERT INTO agreement_version (agreement_id, version, terms, drafted_at, drafted_by) VALUES ($1, 1, $2, '2025-11-01T00:00:00Z', 'steward-1')`, [
      id,
      JSON.stringify(labelled),
    ]);
    await dataSource.query(`INSERT INTO agreement_approval (agreement_id, version, organization_id, approved_at, approved_by) VALUES ($1, 1, $2, '2025-11-15T00:00:00Z', 'steward-1')`, [
      id,
      EDUCATION,
    ]);

    const question = {
      principal: university,
      purpose: 'research',
      requestedElements: [{ domain: 'edfi.student', element: 'birthDate' }],
      population: { kind: 'cohort' as const, criteria: cohort },
      sources: ['k12'],
      agreementId: id,
      at: new Date('2026-03-01T00:00:00Z'),
    };
    expect((await registry.find(id))?.versions[0].terms.population).toEqual({ kind: 'research-cohort', cohortId: 'cohort-a' });
    expect(await decisions.decide(question)).toMatchObject({
      decision: 'deny',
      reasons: [`agreement ${id} v1: population research-cohort cohort-a is a label the hub cannot check: amend the agreement to define its cohort by criteria`],
    });
    await expect(registry.amend(id, labelled, 'steward-1')).rejects.toMatchObject({
      code: LanternErrorCode.InvalidRequest,
      detail: expect.stringContaining('bare label the hub cannot check'),
    });

    await registry.amend(id, { ...research, population: { kind: 'cohort', criteria: cohort } }, 'steward-1');
    await registry.approve(id, 2, EDUCATION, 'steward-1');
    expect(await decisions.decide(question)).toMatchObject({ decision: 'allow', agreementVersion: 2 });
    clock = new Date('2026-04-01T00:00:00Z');
    await registry.suspend(id, 'review', 'steward-1');
    expect(await decisions.decide({ ...question, at: new Date('2026-04-02T00:00:00Z') })).toMatchObject({ decision: 'deny', reasons: [`agreement ${id}: v2 is suspended`] });
  });

  it('leaves the audit chain intact after all of it', async () => {
    expect(await new AuditChainVerifier(dataSource).verify()).toMatchObject({ intact: true });
  });
});
