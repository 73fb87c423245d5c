// Research-extract benchmark: seeds a synthetic linked population (not timed), then builds one
// record-level extract over all of it with the real builder, as the worker's extract builds do.
//   npm run bench:extract -- --people 1000000
// The last line is the summary docs/benchmarks.md quotes: rows written per second, the build's
// wall time, and this process's peak RSS (the builder streams, so it should not grow with people).
import { HubCertificateAuthority } from '@lantern/access';
import { ExtractBuilder, parseExtractSpecification } from '@lantern/extracts';
import { seedLinkedPopulation } from '@lantern/test-environment';
import { createHubDataSource } from '@lantern/persistence';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { provisionBenchDatabase } from './bench-database';

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000000' } } });
const PEOPLE = Number(values.people);
if (!Number.isInteger(PEOPLE) || PEOPLE < 1) throw new Error(`--people needs a whole number, got ${values.people}`);

const say = (line: string) => console.error(`[bench:extract] ${line}`);
const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

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
  const database = await provisionBenchDatabase(say);
  const packages = await mkdtemp(path.join(tmpdir(), 'lantern-extract-bench-'));
  try {
    const dataSource = createHubDataSource(database.url, [], { applicationName: 'bench-extract', poolSize: 2 });
    await dataSource.initialize();
    say(`seeding ${PEOPLE} linked people…`);
    const seeded = Date.now();
    const { districts } = await seedLinkedPopulation(dataSource, PEOPLE);
    say(`seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s; building the extract…`);
    const builder = new ExtractBuilder(dataSource, HubCertificateAuthority.ephemeral().issueExtractSigningKey());
    const started = Date.now();
    const { manifest } = await builder.build(
      {
        requestId: 'bench',
        projectId: 'bench',
        agreement: { id: 'bench', version: 1 },
        specification: parseExtractSpecification({
          cohort: { districts },
          elements: ELEMENTS.map((element) => `${element.domain}.${element.element}`),
          timeSpan: { from: '2025-07-01', to: '2026-06-30' },
          tables: [{ rows: 'edfi.studentSchoolAssociation.schoolReference', columns: 'edfi.student.birthSexDescriptor' }],
        }),
        approvedElements: ELEMENTS,
        outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
        pseudonymSecret: randomBytes(32),
      },
      path.join(packages, 'package'),
      async (update) => say(`${update.phase}: ${update.rowsWritten} rows (${((Date.now() - started) / 1000).toFixed(1)} s)`),
    );
    const seconds = (Date.now() - started) / 1000;
    const rows = manifest.files.reduce((sum, file) => sum + file.rows, 0);
    say(`cohort ${manifest.cohort}, released ${manifest.releasedPeople}; files: ${manifest.files.map((file) => `${file.name} ${file.rows}`).join(', ')}`);
    await dataSource.destroy();
    console.log(`extract: ${Math.round(rows / seconds)} rows/s, ${seconds.toFixed(1)} s for ${rows} rows, peak rss ${Math.round(peakRssMb())} MB`);
  } finally {
    await rm(packages, { recursive: true, force: true });
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
