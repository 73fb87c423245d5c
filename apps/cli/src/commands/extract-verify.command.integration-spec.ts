import { HubCertificateAuthority } from '@lantern/access';
import { ExtractBuilder, parseExtractSpecification, tarDirectory } from '@lantern/extracts';
import { createMigratedTestDatabase, type MigratedTestDatabase, seedLinkedPopulation } from '@lantern/test-environment';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
  let signingCertificateFile: string;
  const hub = HubCertificateAuthority.ephemeral();
  const signingKey = hub.issueExtractSigningKey();

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    const { districts } = await seedLinkedPopulation(database.dataSource, 120);
    workspace = await mkdtemp(path.join(tmpdir(), 'lantern-verify-'));
    directory = path.join(workspace, 'package');
    await new ExtractBuilder(database.dataSource, signingKey).build(
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
    caFile = path.join(workspace, 'hub-ca.pem');
    await writeFile(caFile, hub.certificatePem);
    signingCertificateFile = path.join(workspace, 'hub-signing.pem');
    await writeFile(signingCertificateFile, signingKey.certificatePem);
  });

  afterAll(async () => {
    await database?.drop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });

  /** A copy of the package with a person added to persons.csv, the manifest updated to match and signed with `certificate`, as a forger would with openssl. */
  async function forgedPackage(name: string, certificate: string, key: string): Promise<string> {
    const forged = path.join(workspace, name);
    await cp(directory, forged, { recursive: true });
    await appendFile(path.join(forged, 'persons.csv'), 'PXXXXXXXXXXXXXXXXXXXX,2014\r\n');
    const persons = await readFile(path.join(forged, 'persons.csv'));
    const manifestFile = path.join(forged, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { files: Array<{ name: string; rows: number; bytes: number; sha256: string }> };
    const entry = manifest.files.find((file) => file.name === 'persons.csv')!;
    Object.assign(entry, { rows: entry.rows + 1, bytes: persons.length, sha256: createHash('sha256').update(persons).digest('hex') });
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
    openssl('smime', '-sign', '-binary', '-md', 'sha256', '-in', manifestFile, '-signer', certificate, '-inkey', key, '-outform', 'PEM', '-out', path.join(forged, 'manifest.json.p7s'));
    return forged;
  }

  it('verifies a downloaded archive and an unpacked directory against the hub CA or the signing certificate, exit 0', async () => {
    for (const location of [archive, directory]) {
      for (const anchor of [
        ['--ca', caFile],
        ['--signing-cert', signingCertificateFile],
      ]) {
        const run = await runLantern(['extract', 'verify', location, ...anchor]);
        expect(run).toMatchObject({ code: 0, stderr: '' });
        expect(run.stdout).toContain('signed by: CN=Lantern extract signing, O=Lantern');
        expect(run.stdout).toContain(`package ${location} verified: 5 files match the signed manifest (extract request 7, 120 people`);
      }
    }
  });

  it('refuses a package signed with another certificate the hub CA issued (a client certificate), exit 1', async () => {
    openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Lantern extract signing/O=Lantern', '-keyout', 'client.key', '-out', 'client.csr');
    const issued = hub.issueFromCsr(await readFile(path.join(workspace, 'client.csr'), 'utf8'), { clientId: 'lc_partner', organizationId: 'agency-1', role: 'agency' }, 30);
    await writeFile(path.join(workspace, 'client.pem'), issued.certificatePem);
    const forged = await forgedPackage('client-signed', 'client.pem', 'client.key');

    const run = await runLantern(['extract', 'verify', forged, '--ca', caFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`package ${forged} FAILED verification:`);
    expect(run.stderr).toContain(
      "  - the signer (CN=lc_partner, O=agency-1, OU=agency) is not the hub's extract signing certificate: its subject is not CN=Lantern extract signing, O=Lantern",
    );
    expect(run.stderr).toContain("is not the hub's extract signing certificate: its key usage is not digitalSignature alone");
    expect(await runLantern(['extract', 'verify', forged, '--signing-cert', signingCertificateFile])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is not the trusted signing certificate'),
    });
  });

  it('refuses a self-signed package without a trust anchor (exit 2) and against the hub CA (exit 1)', async () => {
    // The forger copies the subject and key usage of the hub's signing certificate.
    openssl(
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=Lantern extract signing/O=Lantern'],
      ...['-addext', 'keyUsage=critical,digitalSignature', '-addext', 'basicConstraints=critical,CA:FALSE', '-keyout', 'self.key', '-out', 'self.pem'],
    );
    const forged = await forgedPackage('self-signed', 'self.pem', 'self.key');

    const anchorless = await runLantern(['extract', 'verify', forged]);
    expect(anchorless.code).toBe(2);
    expect(anchorless.stdout).toBe('');
    expect(anchorless.stderr).toContain('lantern extract verify: give one trust anchor: --ca <hub CA certificate> or --signing-cert <hub extract signing certificate>');
    expect(await runLantern(['extract', 'verify', forged, '--ca', caFile])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('  - the signer (CN=Lantern extract signing, O=Lantern) was not issued by the trusted hub CA'),
    });
  });

  it('names the altered file and the untrusted signer, exit 1', async () => {
    const altered = path.join(workspace, 'altered');
    await cp(directory, altered, { recursive: true });
    await appendFile(path.join(altered, 'persons.csv'), 'PXXXXXXXXXXXXXXXXXXXX,2014\r\n');
    const other = path.join(workspace, 'other.pem');
    await writeFile(other, HubCertificateAuthority.ephemeral().certificatePem);
    const run = await runLantern(['extract', 'verify', altered, '--ca', other]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`package ${altered} FAILED verification:`);
    expect(run.stderr).toContain('  - persons.csv: its SHA-256 does not match the manifest (the file was altered)');
    expect(run.stderr).toContain('was not issued by the trusted hub CA');
  });

  it('explains bad arguments with exit 2 and a missing package with exit 1', async () => {
    expect(await runLantern(['extract', 'verify'])).toMatchObject({ code: 2, stderr: expect.stringContaining('give exactly one package') });
    expect(await runLantern(['extract', 'verify', archive, '--ca', caFile, '--signing-cert', signingCertificateFile])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give one trust anchor'),
    });
    expect(await runLantern(['extract', 'verify', path.join(workspace, 'nothing.tar'), '--ca', caFile])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no such file or directory'),
    });
  });
});
