import { AuditChainVerifier, AuditLog } from '@lantern/audit';
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { disclosureUnder, Role, type AgreementTerms, type Principal } from '@lantern/governance';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { DisclosureLog } from './disclosure-log';

const EDUCATION = 'sea-state-education';
const UNIVERSITY = 'univ-policy-lab';
const CITY = 'city-youth-services';
const terms = (recipient: string): AgreementTerms => ({
  title: `Attendance study for ${recipient}`,
  parties: [
    { organizationId: EDUCATION, roles: ['contributor'] },
    { organizationId: recipient, roles: ['recipient'] },
  ],
  purpose: { code: 'research', description: 'Which supports keep chronically absent students in school' },
  legalBases: [{ kind: 'ferpa-studies' }],
  elements: [
    { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
    { domain: 'edfi.studentSchoolAttendanceEvent', element: 'attendanceEventCategoryDescriptor', granularity: 'as-recorded' },
  ],
  population: { kind: 'statewide' },
  linkagePermitted: true,
  outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
  effectiveDate: '2026-01-01T00:00:00.000Z',
  expiresAt: '2030-01-01T00:00:00.000Z',
  destroyBy: '2030-06-01T00:00:00.000Z',
});
const principalOf = (organizationId: string): Principal => ({ clientId: `${organizationId}-client`, role: Role.Researcher, organizationId, authenticatedBy: 'client-secret' });
const BIRTH_YEAR = { domain: 'edfi.student', element: 'birthDate' };

describe('record of disclosures in PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let auditLog: AuditLog;
  let decisions: PolicyDecisions;
  let disclosures: DisclosureLog;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    auditLog = new AuditLog(dataSource);
    const registry = new AgreementRegistry(dataSource, auditLog, () => new Date('2025-12-01T00:00:00Z'));
    decisions = new PolicyDecisions(registry, auditLog, pino({ level: 'silent' }));
    disclosures = new DisclosureLog(dataSource, auditLog);
    for (const recipient of [UNIVERSITY, CITY]) {
      const { id } = await registry.draft(terms(recipient), 'steward-1');
      await registry.approve(id, 1, EDUCATION, 'steward-1');
    }
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function disclose(organizationId: string, students: string[], at: string) {
    const principal = principalOf(organizationId);
    const decision = await decisions.decide({ principal, purpose: 'research', requestedElements: [BIRTH_YEAR], population: { kind: 'statewide' }, at: new Date(at) });
    const disclosure = disclosureUnder(decision, { principal, students, at: new Date(at) });
    return { ...(await disclosures.record(disclosure)), decision };
  }

  it('answers per student what a parent may inspect, and per organisation what it received', async () => {
    const first = await disclose(UNIVERSITY, ['SID-0001', 'SID-0002'], '2026-02-01T00:00:00Z');
    const second = await disclose(CITY, ['SID-0002'], '2026-02-02T00:00:00Z');
    const third = await disclose(UNIVERSITY, ['SID-0003'], '2026-02-03T00:00:00Z');

    const aboutSecondStudent = await disclosures.forStudent('SID-0002');
    expect(aboutSecondStudent.map((entry) => entry.id)).toEqual([second.id, first.id]);
    expect(aboutSecondStudent[1]).toEqual({
      id: first.id,
      disclosedAt: '2026-02-01T00:00:00.000Z',
      recipient: { organizationId: UNIVERSITY, clientId: `${UNIVERSITY}-client` },
      purpose: { code: 'research', description: 'Which supports keep chronically absent students in school' },
      agreement: { id: first.decision.agreementId, version: 1, title: `Attendance study for ${UNIVERSITY}`, legalBases: [{ kind: 'ferpa-studies' }] },
      decisionId: first.decision.decisionId,
      elements: [{ ...BIRTH_YEAR, granularity: 'year' }],
      studentCount: 2,
    });
    expect(await disclosures.forStudent('SID-9999')).toEqual([]);

    expect((await disclosures.forOrganization(UNIVERSITY, { limit: 10 })).map((entry) => entry.id)).toEqual([third.id, first.id]);
    expect((await disclosures.forOrganization(UNIVERSITY, { limit: 1, beforeId: third.id })).map((entry) => entry.id)).toEqual([first.id]);
    expect((await disclosures.forOrganization(CITY, { limit: 10 })).map((entry) => entry.id)).toEqual([second.id]);
  });

  it('audits each disclosure with counts and ids, never the students', async () => {
    const { id, decision } = await disclose(UNIVERSITY, ['SID-0100', 'SID-0101', 'SID-0102'], '2026-03-01T00:00:00Z');
    const [entry] = await dataSource.query(`SELECT actor, details FROM audit_entry WHERE kind = 'disclosure' AND details ->> 'disclosureId' = $1`, [id]);
    expect(entry).toEqual({
      actor: `${UNIVERSITY}-client`,
      details: {
        disclosureId: id,
        decisionId: decision.decisionId,
        recipientOrganizationId: UNIVERSITY,
        purpose: 'research',
        agreementVersion: 1,
        elements: ['edfi.student.birthDate'],
        studentCount: 3,
      },
    });
    expect(JSON.stringify(entry)).not.toContain('SID-01');
  });

  it('records nothing, not even the audit entry, when the transaction it joined rolls back', async () => {
    const principal = principalOf(UNIVERSITY);
    const decision = await decisions.decide({ principal, purpose: 'research', requestedElements: [BIRTH_YEAR], population: { kind: 'statewide' } });
    const [{ count: auditedBefore }] = await dataSource.query(`SELECT count(*)::int AS count FROM audit_entry`);
    await expect(
      dataSource.transaction(async (manager) => {
        await disclosures.record(disclosureUnder(decision, { principal, students: ['SID-0200'], at: new Date() }), manager);
        throw new Error('the read failed after all');
      }),
    ).rejects.toThrow('the read failed after all');
    expect(await disclosures.forStudent('SID-0200')).toEqual([]);
    const [{ count: auditedAfter }] = await dataSource.query(`SELECT count(*)::int AS count FROM audit_entry`);
    expect(auditedAfter).toBe(auditedBefore);
  });

  it('keeps disclosures as history: no update or delete, not even by the owner', async () => {
    await expect(database.owner.query(`DELETE FROM disclosure_student`)).rejects.toThrow('disclosure_student keeps history: DELETE refused');
    await expect(database.owner.query(`UPDATE disclosure SET purpose = 'other'`)).rejects.toThrow('disclosure keeps history: UPDATE refused');
    await expect(dataSource.query(`DELETE FROM disclosure_student`)).rejects.toThrow('permission denied');
    expect(await new AuditChainVerifier(dataSource).verify()).toMatchObject({ intact: true });
  });
});
