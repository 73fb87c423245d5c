import type { INestApplication } from '@nestjs/common';
import { AuditChainVerifier, AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { inForceForAYear } from '../access/testing/agreement-fixtures';
import { createApi } from '../create-api';

const logger = createJsonLogger('agreements-api-test', 'error');
const EDUCATION = 'sea-state-education';
const WELFARE = 'agency-child-welfare';
const UNIVERSITY = 'univ-policy-lab';
const OUTSIDER = 'univ-elsewhere';

/** Terms in force from yesterday for a year, for a study by the university. */
const terms = (overrides: Record<string, unknown> = {}) => ({
  title: 'Foster care and school stability study',
  parties: [
    { organizationId: EDUCATION, roles: ['contributor'] },
    { organizationId: WELFARE, roles: ['contributor'] },
    { organizationId: UNIVERSITY, roles: ['recipient'] },
  ],
  purpose: { code: 'research', description: 'How placement changes relate to school moves' },
  legalBases: [{ kind: 'ferpa-studies' }],
  elements: [
    { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
    { domain: 'partner.childWelfarePlacement', element: 'episodeBeginDate', granularity: 'year-month' },
  ],
  population: { kind: 'cohort', criteria: { sectors: ['k12', 'partner'], districts: [255901], schoolYears: [2026] } },
  linkagePermitted: true,
  outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
  ...inForceForAYear(),
  ...overrides,
});

describe('agreements and disclosures API', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let steward: string;
  let welfareAgency: string;
  let researcher: string;
  let outsider: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest` }), logger);
    await app.init();
    steward = await bearerFor(app, dataSource, Role.Steward, EDUCATION);
    welfareAgency = await bearerFor(app, dataSource, Role.Agency, WELFARE);
    researcher = await bearerFor(app, dataSource, Role.Researcher, UNIVERSITY);
    outsider = await bearerFor(app, dataSource, Role.Researcher, OUTSIDER);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const http = () => request(app.getHttpServer());
  const draft = async (body: object = terms()) => (await http().post('/agreements').set('Authorization', steward).send(body).expect(201)).body;
  const approve = (id: string, version: number, organizationId: string) =>
    http().post(`/agreements/${id}/versions/${version}/approvals`).set('Authorization', steward).send({ organizationId });

  it('takes an agreement from draft through approvals, amendment, suspension and termination, keeping its history', async () => {
    const drafted = await draft();
    expect(drafted).toMatchObject({ status: 'draft', currentVersion: 1, versions: [{ version: 1, status: 'draft', awaitingApprovals: [EDUCATION, WELFARE] }] });
    const { id } = drafted;

    await approve(id, 1, EDUCATION).expect(201);
    const active = (await approve(id, 1, WELFARE).expect(201)).body;
    expect(active).toMatchObject({ status: 'active', versions: [{ status: 'active', awaitingApprovals: [], approvals: [{ organizationId: EDUCATION }, { organizationId: WELFARE }] }] });

    const narrower = terms({ elements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'year' }] });
    const amended = (await http().post(`/agreements/${id}/versions`).set('Authorization', steward).send(narrower).expect(201)).body;
    expect(amended).toMatchObject({
      status: 'active',
      currentVersion: 1,
      versions: [
        { version: 1, status: 'active' },
        { version: 2, status: 'draft' },
      ],
    });
    await approve(id, 1, EDUCATION).expect(409);
    await approve(id, 2, EDUCATION).expect(201);
    const replaced = (await approve(id, 2, WELFARE).expect(201)).body;
    expect(replaced).toMatchObject({
      status: 'active',
      currentVersion: 2,
      versions: [
        { version: 1, status: 'superseded' },
        { version: 2, status: 'active' },
      ],
    });
    expect(replaced.versions[0].terms.elements).toHaveLength(2);

    const suspended = (await http().post(`/agreements/${id}/suspend`).set('Authorization', steward).send({ reason: 'Breach report under review' }).expect(200)).body;
    expect(suspended).toMatchObject({ status: 'suspended', lifecycle: [{ kind: 'suspended', reason: 'Breach report under review' }] });
    await http().post(`/agreements/${id}/reinstate`).set('Authorization', steward).send({ reason: 'Review closed' }).expect(200);
    const terminated = (await http().post(`/agreements/${id}/terminate`).set('Authorization', steward).send({ reason: 'Study finished' }).expect(200)).body;
    expect(terminated.status).toBe('terminated');
    const refused = await http().post(`/agreements/${id}/versions`).set('Authorization', steward).send(terms()).expect(409);
    expect(refused.body).toMatchObject({ type: 'urn:lantern:problem:conflict', detail: 'the agreement is terminated; draft a new agreement instead' });

    const changes: Array<{ change: string }> = await dataSource.query(`SELECT details ->> 'change' AS change FROM audit_entry WHERE kind = 'agreement-change' AND subject = $1 ORDER BY id`, [
      `agreement:${id}`,
    ]);
    expect(changes.map((row) => row.change)).toEqual(['drafted', 'approved', 'approved', 'amended', 'approved', 'approved', 'suspended', 'reinstated', 'terminated']);
  });

  it('refuses invalid terms naming every problem, and unknown element domains', async () => {
    const invalid = await http()
      .post('/agreements')
      .set('Authorization', steward)
      .send(terms({ purpose: { code: 'research' }, destroyBy: 'soon' }))
      .expect(400);
    expect(invalid.body.detail).toContain('/purpose must have required property');
    expect(invalid.body.detail).toContain('/destroyBy must match format "date-time"');
    const unknown = await http()
      .post('/agreements')
      .set('Authorization', steward)
      .send(terms({ elements: [{ domain: 'edfi.nothing', element: 'x', granularity: 'year' }] }))
      .expect(400);
    expect(unknown.body.detail).toContain('unknown: edfi.nothing');
    const label = await http()
      .post('/agreements')
      .set('Authorization', steward)
      .send(terms({ population: { kind: 'research-cohort', cohortId: 'cohort-2026-foster' } }))
      .expect(400);
    expect(label.body.detail).toContain('population research-cohort cohort-2026-foster is a bare label the hub cannot check: define the cohort by criteria');
    await approve('00000000-0000-4000-8000-000000000000', 1, EDUCATION).expect(404);
    await http()
      .post(`/agreements/${(await draft()).id}/suspend`)
      .set('Authorization', steward)
      .send({})
      .expect(400);
  });

  it('lets a party read its agreements and answers everyone else as if they did not exist', async () => {
    const { id } = await draft(terms({ title: 'Visible to its parties' }));
    const listed = (await http().get('/agreements').set('Authorization', welfareAgency).expect(200)).body.agreements;
    expect(listed.map((agreement: { id: string }) => agreement.id)).toContain(id);
    expect((await http().get(`/agreements/${id}`).set('Authorization', researcher).expect(200)).body.id).toBe(id);

    expect((await http().get('/agreements').set('Authorization', outsider).expect(200)).body.agreements).toEqual([]);
    const hidden = await http().get(`/agreements/${id}`).set('Authorization', outsider).expect(404);
    const missing = await http().get('/agreements/00000000-0000-4000-8000-000000000000').set('Authorization', outsider).expect(404);
    const { errorId: _hiddenId, instance: _hiddenInstance, ...hiddenProblem } = hidden.body;
    const { errorId: _missingId, instance: _missingInstance, ...missingProblem } = missing.body;
    expect(hiddenProblem).toEqual(missingProblem);
    expect(JSON.stringify(hidden.body)).not.toContain(id);
  });

  it('shows a former party only the versions it was party to', async () => {
    const { id } = await draft();
    const withoutWelfare = terms({
      parties: [
        { organizationId: EDUCATION, roles: ['contributor'] },
        { organizationId: UNIVERSITY, roles: ['recipient'] },
      ],
    });
    await http().post(`/agreements/${id}/versions`).set('Authorization', steward).send(withoutWelfare).expect(201);
    const seen = (await http().get(`/agreements/${id}`).set('Authorization', welfareAgency).expect(200)).body;
    expect(seen.versions.map((version: { version: number }) => version.version)).toEqual([1]);
    const all = (await http().get(`/agreements/${id}`).set('Authorization', steward).expect(200)).body;
    expect(all.versions).toHaveLength(2);
  });

  it('lets only stewards change agreements or read the record of disclosures', async () => {
    const { id } = await draft();
    await http().post('/agreements').set('Authorization', researcher).send(terms()).expect(403);
    await http().post(`/agreements/${id}/suspend`).set('Authorization', welfareAgency).send({ reason: 'mine' }).expect(403);
    await http().get('/disclosures/students/SID-1').set('Authorization', researcher).expect(403);
    await http().get(`/disclosures/organizations/${UNIVERSITY}`).expect(401);
  });

  it('answers stewards with the disclosures of a student and of an organisation', async () => {
    const { id } = await draft();
    await approve(id, 1, EDUCATION).expect(201);
    await approve(id, 1, WELFARE).expect(201);
    const disclosures = new DisclosureLog(dataSource, new AuditLog(dataSource));
    const disclosure = (students: string[], disclosedAt: string) => ({
      recipient: { organizationId: UNIVERSITY, clientId: 'univ-extracts' },
      purpose: 'research',
      agreement: { id, version: 1 },
      decisionId: '2d7a9c1e-4b1f-4f6e-9a0e-1c2b3d4e5f60',
      students,
      elements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'year' as const }],
      disclosedAt,
    });
    const first = await disclosures.record(disclosure(['SID-0001', 'SID-0002'], '2026-02-01T00:00:00.000Z'));
    const second = await disclosures.record(disclosure(['SID-0002'], '2026-02-02T00:00:00.000Z'));

    const forStudent = (await http().get('/disclosures/students/SID-0002').set('Authorization', steward).expect(200)).body;
    expect(forStudent.disclosures.map((entry: { id: string }) => entry.id)).toEqual([second.id, first.id]);
    expect(forStudent.disclosures[1]).toMatchObject({ recipient: { organizationId: UNIVERSITY }, purpose: { code: 'research' }, agreement: { id, version: 1 }, studentCount: 2 });
    expect((await http().get('/disclosures/students/SID-0404').set('Authorization', steward).expect(200)).body.disclosures).toEqual([]);
    const studentPage = (await http().get('/disclosures/students/SID-0002').query({ limit: 1 }).set('Authorization', steward).expect(200)).body;
    expect(studentPage).toMatchObject({ disclosures: [{ id: second.id }], nextBeforeId: second.id });
    const studentNext = (await http().get('/disclosures/students/SID-0002').query({ limit: 1, beforeId: second.id }).set('Authorization', steward).expect(200)).body;
    expect(studentNext).toMatchObject({ disclosures: [{ id: first.id }], nextBeforeId: first.id });

    const page = (await http().get(`/disclosures/organizations/${UNIVERSITY}`).query({ limit: 1 }).set('Authorization', steward).expect(200)).body;
    expect(page).toMatchObject({ disclosures: [{ id: second.id }], nextBeforeId: second.id });
    const next = (await http().get(`/disclosures/organizations/${UNIVERSITY}`).query({ limit: 1, beforeId: page.nextBeforeId }).set('Authorization', steward).expect(200)).body;
    expect(next.disclosures.map((entry: { id: string }) => entry.id)).toEqual([first.id]);
    const invalid = await http().get(`/disclosures/organizations/${UNIVERSITY}`).query({ limit: 0 }).set('Authorization', steward).expect(400);
    expect(invalid.body.detail).toContain('limit must be');
  });

  it('tells a steward the decision an imagined request would get under one agreement, with reasons, and audits the check', async () => {
    const { id } = await draft();
    const check = (body: object) => http().post(`/agreements/${id}/policy-check`).set('Authorization', steward).send(body);
    const asked = { organizationId: UNIVERSITY, purpose: 'research', elements: [{ domain: 'edfi.student', element: 'birthDate' }] };
    const whileDraft = (await check(asked).expect(200)).body;
    expect(whileDraft).toEqual({ decision: 'deny', reasons: [`agreement ${id}: v1 is a draft awaiting approval from ${EDUCATION}, ${WELFARE}`] });
    await approve(id, 1, EDUCATION).expect(201);
    await approve(id, 1, WELFARE).expect(201);
    expect((await check(asked).expect(200)).body).toEqual({
      decision: 'allow',
      reasons: [`agreement ${id} v1 permits purpose research under ferpa-studies`],
      agreementVersion: 1,
      elements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'year' }],
    });
    const wrong = (await check({ organizationId: UNIVERSITY, purpose: 'enrolled-student-records', elements: [{ domain: 'edfi.student', element: 'firstName' }] }).expect(200)).body;
    expect(wrong.decision).toBe('deny');
    expect(wrong.reasons).toEqual([
      `agreement ${id} v1: purpose enrolled-student-records is not the agreement's purpose research`,
      `agreement ${id} v1: elements not permitted: edfi.student.firstName`,
    ]);
    expect((await check({ ...asked, organizationId: OUTSIDER }).expect(200)).body.reasons).toEqual([`no agreement names organisation ${OUTSIDER} as a recipient`]);
    expect((await check({ ...asked, elements: [{ domain: 'edfi.nothing', element: 'x' }] }).expect(400)).body.detail).toContain('elements[0].domain must be a contract id');
    await http().post('/agreements/00000000-0000-4000-8000-000000000000/policy-check').set('Authorization', steward).send(asked).expect(404);
    await http().post(`/agreements/${id}/policy-check`).set('Authorization', researcher).send(asked).expect(403);
    const [audited] = await dataSource.query(`SELECT actor, subject, details FROM audit_entry WHERE kind = 'policy-check' ORDER BY id DESC LIMIT 1`);
    expect(audited).toMatchObject({ subject: `agreement:${id}`, details: { organizationId: OUTSIDER, purpose: 'research', decision: 'deny' } });
  });

  it('leaves one intact audit chain behind all of it', async () => {
    expect(await new AuditChainVerifier(dataSource).verify()).toMatchObject({ intact: true });
  });
});
