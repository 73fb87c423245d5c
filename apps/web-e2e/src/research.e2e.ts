import { type Browser, expect, type Page, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
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

/** A POSIX tar archive: "ustar" at offset 257 of its first header. */
function isTar(bytes: Buffer): boolean {
  return bytes.length >= 512 && bytes.subarray(257, 262).toString('latin1') === 'ustar';
}

test('a researcher submits a project and an extract request checked against the agreement, a steward approves it, and the researcher downloads the built package', async ({ browser }) => {
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
  const path = await download.path();
  expect(isTar(await readFile(path))).toBe(true);
  await expectNoAccessibilityViolations(researcher);

  // In Spanish.
  await researcher.getByRole('button', { name: 'Español' }).click();
  await expect(researcher.getByRole('heading', { level: 1, name: `Solicitud de extracto ${requestId}` })).toBeVisible();
  await expect(researcher.getByRole('link', { name: 'Descargar el paquete (tar)' })).toBeVisible();
  await expectNoAccessibilityViolations(researcher);

  // A person of another organisation gets nothing by the request's address.
  const other = await signedIn(browser, CONSOLE_PEOPLE.agency, `/console/extracts/${requestId}`);
  await expect(other.getByRole('alert')).toContainText('This page is not for your role');
  await expect(other.getByText('Download the package (tar)')).toHaveCount(0);
  expect((await other.request.get(`/research/extract-requests/${requestId}`)).status()).toBe(403);
  expect((await other.request.get(`/research/extract-requests/${requestId}/package`)).status()).toBe(403);
});
