import { type Browser, expect, type Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, type ConsolePerson, signInAs } from './console-fixture';
import { RESEARCH } from './research-fixture';

/** Each person in a browser context of their own, so the researcher's and the steward's sessions stay apart. */
async function signedIn(browser: Browser, person: ConsolePerson, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, person, path);
  return page;
}

/** Ticks a USWDS checkbox (the input is drawn by its label, which takes the click) and checks it took. */
async function tick(page: Page, name: string): Promise<void> {
  await page.locator('label.usa-checkbox__label', { hasText: name }).click();
  await expect(page.getByRole('checkbox', { name, exact: true })).toBeChecked();
}

/** What the steward hands a researcher client's keeper: its certificate, issued from a CSR, and the private key that never left them. */
interface ClientCertificate {
  readonly clientId: string;
  readonly serialNumber: string;
  readonly certificateFile: string;
  readonly keyFile: string;
}

/** A researcher client of the researcher's organisation, registered by the steward through the API with a certificate from an openssl CSR. */
async function researcherClientWithCertificate(steward: Page, directory: string, name: string): Promise<ClientCertificate> {
  const { csrfToken } = (await (await steward.request.get('/auth/session')).json()) as { csrfToken: string };
  const headers = { 'X-CSRF-Token': csrfToken };
  const registered = await steward.request.post('/clients', { headers, data: { role: 'researcher', organizationId: CONSOLE_PEOPLE.researcher.organizationId, displayName: name } });
  expect(registered.status()).toBe(201);
  const { clientId } = ((await registered.json()) as { registration: { clientId: string } }).registration;
  const [keyFile, csrFile, certificateFile] = ['key.pem', 'request.csr', 'cert.pem'].map((file) => path.join(directory, `${clientId}-${file}`));
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${clientId}`, '-keyout', keyFile, '-out', csrFile], { stdio: 'ignore' });
  const issued = await steward.request.post(`/clients/${clientId}/certificates`, { headers, data: { csrPem: await readFile(csrFile, 'utf8'), validityDays: 30 } });
  expect(issued.status()).toBe(201);
  const { certificatePem, certificate } = (await issued.json()) as { certificatePem: string; certificate: { serialNumber: string } };
  await writeFile(certificateFile, certificatePem);
  return { clientId, serialNumber: certificate.serialNumber, certificateFile, keyFile };
}

/** A POSIX tar archive: "ustar" at offset 257 of its first header. */
function isTar(bytes: Buffer): boolean {
  return bytes.length >= 512 && bytes.subarray(257, 262).toString('latin1') === 'ustar';
}

test('a researcher submits a project and an extract request checked against the agreement, a steward approves it, and the researcher downloads the built package, plain and encrypted to a certificate of their organisation', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const researcher = await signedIn(browser, CONSOLE_PEOPLE.researcher, '/console/projects');
  await expect(researcher.getByRole('heading', { level: 1, name: 'Research projects' })).toBeVisible();
  await expect(researcher.getByText('Your organization has no research projects yet.')).toBeVisible();
  await researcher.getByLabel('Project title').fill('First year of high school');
  await researcher.getByLabel('Research questions').fill('Which ninth graders stay on track?');
  await researcher.getByLabel('Institution').fill('Policy Lab University');
  await researcher.getByLabel('Principal investigator').fill('Dr. Ada Park');
  await researcher.getByLabel('Their role on the team').fill('Principal investigator');
  await researcher.getByLabel('IRB reference').fill('IRB-2026-0113');
  await researcher.getByLabel('Agreement the project works under').selectOption({ label: RESEARCH.agreementTitle });
  await researcher.getByRole('button', { name: 'Submit the project' }).click();
  await expect(researcher.getByRole('status').filter({ hasText: 'The project “First year of high school” was submitted.' })).toBeVisible();
  await researcher.getByRole('link', { name: 'First year of high school' }).click();

  // The builder offers the agreement's elements, cohort and school years.
  await expect(researcher.getByRole('heading', { level: 2, name: 'Request an extract' })).toBeVisible();
  await expect(researcher.getByText('No extract has been requested for this project yet.')).toBeVisible();
  await tick(researcher, 'edfi.student.birthDate — year');
  await tick(researcher, 'edfi.student.birthSexDescriptor — as-recorded');
  await tick(researcher, `District ${RESEARCH.district}`);
  const check = researcher.getByRole('button', { name: 'Check with the agreement' });
  const submit = researcher.getByRole('button', { name: 'Submit the request' });
  await check.click();
  // The agreement's cohort is limited to its school years: a request naming none is outside it, and cannot be submitted.
  const decision = researcher.getByRole('status').filter({ hasText: 'The agreement' });
  await expect(decision.getByRole('heading', { name: 'The agreement does not allow this request' })).toBeVisible();
  await expect(decision).toContainText('the request must name school years within them');
  await expect(submit).toBeDisabled();
  await tick(researcher, '2025–26');
  await expect(researcher.getByText('Check the request with the agreement before submitting it.')).toBeVisible();
  await check.click();
  await expect(decision.getByRole('heading', { name: 'The agreement allows this request' })).toBeVisible();
  await expect(decision).toContainText('edfi.student.birthDate — year');
  await expectNoAccessibilityViolations(researcher);
  await submit.click();

  await expect(researcher).toHaveURL(/\/console\/extracts\/\d+$/);
  const requestId = researcher.url().split('/').pop()!;
  await expect(researcher.getByRole('heading', { level: 1, name: `Extract request ${requestId}` })).toBeVisible();
  await expect(researcher.getByText('Awaiting review')).toBeVisible();

  // The steward finds it among the requests awaiting review, reads the policy review and approves it.
  const steward = await signedIn(browser, CONSOLE_PEOPLE.steward, '/console/extracts');
  await steward.getByRole('link', { name: `Request ${requestId}` }).click();
  await expect(steward.getByRole('heading', { level: 2, name: 'Policy review' })).toBeVisible();
  await expect(steward.getByRole('heading', { name: 'The agreement allows this request' })).toBeVisible();
  await expectNoAccessibilityViolations(steward);
  await steward.getByRole('button', { name: 'Approve the request' }).click();
  await expect(steward.getByRole('heading', { level: 2, name: 'Policy review' })).toHaveCount(0);
  await expect(steward.getByText('Ready to download').or(steward.getByText('Building')).or(steward.getByText('Approved, waiting to be built'))).toBeVisible();

  // The researcher's page follows the build to the end without a reload.
  await expect(researcher.getByRole('link', { name: 'Download the package (tar)' })).toBeVisible({ timeout: 90_000 });
  await expect(researcher.getByText('Ready to download')).toBeVisible();
  const [download] = await Promise.all([researcher.waitForEvent('download'), researcher.getByRole('link', { name: 'Download the package (tar)' }).click()]);
  expect(download.suggestedFilename()).toBe(`lantern-extract-${requestId}.tar`);
  const plain = await readFile(await download.path());
  expect(isTar(plain)).toBe(true);
  await expectNoAccessibilityViolations(researcher);

  // Encrypted to a certificate of one of the organisation's researcher clients: the researcher chooses it and gives its file.
  await expect(researcher.getByText('Your organization has no current certificate of a researcher client to encrypt to.')).toBeVisible();
  const keys = await mkdtemp(path.join(tmpdir(), 'lantern-e2e-research-'));
  try {
    const laptop = await researcherClientWithCertificate(steward, keys, 'Policy Lab laptop');
    const server = await researcherClientWithCertificate(steward, keys, 'Policy Lab analysis server');
    await researcher.reload();
    const certificates = researcher.getByRole('group', { name: 'Certificate to encrypt to' });
    await expect(certificates.getByRole('radio')).toHaveCount(2);
    await certificates.getByText(`Policy Lab analysis server (${server.clientId})`).click();
    await expect(certificates.getByRole('radio', { name: new RegExp(server.serialNumber) })).toBeChecked();
    // Another certificate's file is not the one chosen.
    await researcher.getByLabel('The chosen certificate’s file (PEM)').setInputFiles(laptop.certificateFile);
    await researcher.getByRole('button', { name: 'Download encrypted' }).click();
    await expect(researcher.getByRole('alert')).toContainText(`That file is not the certificate with serial ${server.serialNumber}`);
    await researcher.getByLabel('The chosen certificate’s file (PEM)').setInputFiles(server.certificateFile);
    const [encrypted] = await Promise.all([researcher.waitForEvent('download'), researcher.getByRole('button', { name: 'Download encrypted' }).click()]);
    expect(encrypted.suggestedFilename()).toBe(`lantern-extract-${requestId}.tar.p7m`);
    await expect(
      researcher.getByText(`openssl cms -decrypt -binary -inform DER -in lantern-extract-${requestId}.tar.p7m -inkey key.pem -out lantern-extract-${requestId}.tar`),
    ).toBeVisible();
    // DER CMS: a SEQUENCE whose content type is enveloped-data (1.2.840.113549.1.7.3), which only the server's key opens, to the same tar.
    const envelopedFile = await encrypted.path();
    const enveloped = await readFile(envelopedFile);
    expect(enveloped[0]).toBe(0x30);
    expect(enveloped.subarray(0, 32).includes(Buffer.from('06092a864886f70d010703', 'hex'))).toBe(true);
    const opened = path.join(keys, 'opened.tar');
    execFileSync('openssl', ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', envelopedFile, '-inkey', server.keyFile, '-out', opened]);
    expect((await readFile(opened)).equals(plain)).toBe(true);
    expect(() => execFileSync('openssl', ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', envelopedFile, '-inkey', laptop.keyFile, '-out', opened], { stdio: 'ignore' })).toThrow();
  } finally {
    await rm(keys, { recursive: true, force: true });
  }
  await expectNoAccessibilityViolations(researcher);

  // In Spanish.
  await researcher.getByRole('button', { name: 'Español' }).click();
  await expect(researcher.getByRole('heading', { level: 1, name: `Solicitud de extracto ${requestId}` })).toBeVisible();
  await expect(researcher.getByRole('link', { name: 'Descargar el paquete (tar)' })).toBeVisible();
  await expect(researcher.getByRole('button', { name: 'Descargar cifrado' })).toBeVisible();
  await expectNoAccessibilityViolations(researcher);

  // A person of another organisation gets nothing by the request's address.
  const other = await signedIn(browser, CONSOLE_PEOPLE.agency, `/console/extracts/${requestId}`);
  await expect(other.getByRole('alert')).toContainText('This page is not for your role');
  await expect(other.getByText('Download the package (tar)')).toHaveCount(0);
  expect((await other.request.get(`/research/extract-requests/${requestId}`)).status()).toBe(403);
  expect((await other.request.get(`/research/extract-requests/${requestId}/package`)).status()).toBe(403);
});
