import { HubCertificateAuthority } from '@lantern/access';
import { ExtractBuilder, parseExtractSpecification, tarDirectory } from '@lantern/extracts';
import { createMigratedTestDatabase, type MigratedTestDatabase, seedLinkedPopulation } from '@lantern/test-environment';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runLantern } from '../testing/run-lantern';

describe('lantern extract verify', () => {
  let database: MigratedTestDatabase;
  let workspace: string;
  let directory: string;
  let archive: string;
  let caFile: string;
  const hub = HubCertificateAuthority.ephemeral();

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    const { districts } = await seedLinkedPopulation(database.dataSource, 120);
    workspace = await mkdtemp(path.join(tmpdir(), 'lantern-verify-'));
    directory = path.join(workspace, 'package');
    await new ExtractBuilder(database.dataSource, hub).build(
      {
        requestId: '7',
        projectId: '00000000-0000-4000-8000-000000000007',
        agreement: { id: '00000000-0000-4000-8000-000000000001', version: 1 },
        specification: parseExtractSpecification({
          cohort: { districts },
          elements: ['edfi.student.birthDate', 'edfi.studentAssessment.scoreResults'],
          timeSpan: { from: '2025-07-01', to: '2026-06-30' },
        }),
        approvedElements: [
          { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
          { domain: 'edfi.studentAssessment', element: 'scoreResults', granularity: 'as-recorded' },
        ],
        outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
        pseudonymSecret: randomBytes(32),
      },
      directory,
      async () => undefined,
    );
    archive = path.join(workspace, 'package.tar');
    await pipeline(Readable.from(tarDirectory(directory)), createWriteStream(archive));
    caFile = path.join(workspace, 'hub.pem');
    await writeFile(caFile, hub.certificatePem);
  });

  afterAll(async () => {
    await database?.drop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('verifies a downloaded archive and an unpacked directory against the hub certificate, exit 0', async () => {
    for (const location of [archive, directory]) {
      const run = await runLantern(['extract', 'verify', location, '--ca', caFile]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain(`package ${location} verified: 5 files match the signed manifest (extract request 7, 120 people`);
    }
  });

  it('names the altered file and the untrusted signer, exit 1', async () => {
    await appendFile(path.join(directory, 'persons.csv'), 'PXXXXXXXXXXXXXXXXXXXX,2014\r\n');
    const other = path.join(workspace, 'other.pem');
    await writeFile(other, HubCertificateAuthority.ephemeral().certificatePem);
    const run = await runLantern(['extract', 'verify', directory, '--ca', other]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`package ${directory} FAILED verification:`);
    expect(run.stderr).toContain('  - persons.csv: its SHA-256 does not match the manifest (the file was altered)');
    expect(run.stderr).toContain('is not the trusted hub certificate authority nor issued by it');
  });

  it('explains bad arguments with exit 2 and a missing package with exit 1', async () => {
    expect(await runLantern(['extract', 'verify'])).toMatchObject({ code: 2, stderr: expect.stringContaining('give exactly one package') });
    expect(await runLantern(['extract', 'verify', path.join(workspace, 'nothing.tar')])).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file or directory') });
  });
});
