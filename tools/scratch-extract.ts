import { HubCertificateAuthority } from '@lantern/access';
import { ExtractBuilder, parseExtractSpecification } from '@lantern/extracts';
import { createHubDataSource } from '@lantern/persistence';
import { randomBytes } from 'node:crypto';
const ELEMENTS = [
  { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
  { domain: 'edfi.student', element: 'birthSexDescriptor', granularity: 'as-recorded' },
  { domain: 'edfi.studentEducationOrganizationAssociation', element: 'races', granularity: 'as-recorded' },
  { domain: 'edfi.studentSchoolAssociation', element: 'schoolReference', granularity: 'as-recorded' },
  { domain: 'edfi.studentSchoolAssociation', element: 'entryGradeLevelDescriptor', granularity: 'as-recorded' },
  { domain: 'edfi.studentSchoolAssociation', element: 'entryDate', granularity: 'year-month' },
  { domain: 'edfi.studentAssessment', element: 'scoreResults', granularity: 'as-recorded' },
  { domain: 'edfi.studentAssessment', element: 'administrationDate', granularity: 'year-month' },
] as const;
async function main() {
  const ds = createHubDataSource('postgres://postgres@127.0.0.1:5432/' + (process.env.SCRATCH_DB ?? 'extract_scratch'), [], { poolSize: 2 });
  await ds.initialize();
  const t = Date.now();
  await new ExtractBuilder(ds, HubCertificateAuthority.ephemeral()).build({ requestId: 'x', projectId: 'x', agreement: { id: 'x', version: 1 },
    specification: parseExtractSpecification({ cohort: { districts: [255910, 255911, 255912, 255913] }, elements: ELEMENTS.map((e) => `${e.domain}.${e.element}`), timeSpan: { from: '2025-07-01', to: '2026-06-30' }, tables: [{ rows: 'edfi.studentSchoolAssociation.schoolReference', columns: 'edfi.student.birthSexDescriptor' }] }),
    approvedElements: ELEMENTS, outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 }, pseudonymSecret: randomBytes(32) }, '/tmp/scratch-pkg-' + Date.now(), async (u) => console.error(u.phase, ((Date.now() - t) / 1000).toFixed(1)));
  console.error('total', (Date.now() - t) / 1000);
  await ds.destroy();
}
main();
