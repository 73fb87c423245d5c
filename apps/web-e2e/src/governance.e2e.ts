import { expect, type Locator, type Page, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';
import { GOVERNANCE_DISCLOSURE } from './governance-fixture';

// The steward's governance pages: an agreement drafted in the browser through its lifecycle, the
// record of disclosures, and the audit chain verified; and a school told the pages are not for it.

const TITLE = 'Counsellor caseload study (browser test)';
const RESEARCHER = CONSOLE_PEOPLE.researcher.organizationId;
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** USWDS draws its own checkboxes and radio buttons over the hidden inputs: a person clicks the label. */
async function tick(scope: Page | Locator, name: string) {
  await scope.locator('label', { hasText: name }).click();
  await expect(scope.getByLabel(name)).toBeChecked();
}

async function checkDecision(page: Page, purpose: string) {
  await page.getByLabel('Recipient organization').selectOption(RESEARCHER);
  await page.getByLabel('Purpose code').fill(purpose);
  await page.getByRole('button', { name: 'Check the decision' }).click();
  return page.getByTestId('policy-decision');
}

test('a steward drafts an agreement, approves it, checks a policy decision, suspends and reinstates it', async ({ page }) => {
  // A whole agreement's life in one test, with three accessibility scans: more than the default 30 s on a busy machine.
  test.slow();
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/agreements');
  await expect(page.getByRole('heading', { level: 1, name: 'Data-sharing agreements' })).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.getByRole('link', { name: 'Draft a new agreement' }).click();
  await expect(page).toHaveURL('/console/agreements/new');
  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('Purpose code').fill('research');
  await page.getByLabel('What the data is for').fill('How counsellor caseloads relate to course completion');
  await tick(page, 'FERPA studies exception (34 CFR 99.31(a)(6))');
  const firstParty = page.getByRole('group', { name: 'Party 1' });
  await firstParty.getByLabel('Organization ID').fill(CONSOLE_PEOPLE.steward.organizationId);
  await tick(firstParty, 'Contributor');
  await page.getByRole('button', { name: 'Add a party' }).click();
  const secondParty = page.getByRole('group', { name: 'Party 2' });
  await secondParty.getByLabel('Organization ID').fill(RESEARCHER);
  await tick(secondParty, 'Recipient');
  const element = page.getByRole('group', { name: 'Element 1' });
  await element.getByLabel('Contract').fill('edfi.student');
  await element.getByLabel('Field').fill('birthDate');
  await element.getByLabel('Released as').selectOption({ label: 'Year only' });
  await page.getByLabel('Districts').fill('255901');
  await page.getByLabel('Effective', { exact: true }).fill(dayFromToday(-1));
  await page.getByLabel('Expires', { exact: true }).fill(dayFromToday(365));
  await page.getByLabel('Data destroyed by').fill(dayFromToday(400));
  // USWDS draws the checkbox on its label; the input itself is off-screen.
  await page.getByText("Link the project's extracts", { exact: false }).click();
  await expect(page.getByLabel("Link the project's extracts", { exact: false })).toBeChecked();
  await expectNoAccessibilityViolations(page);
  await page.getByRole('button', { name: 'Save the draft' }).click();

  await expect(page).toHaveURL(/\/console\/agreements\/[0-9a-f-]{36}$/);
  const agreementUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 2, name: TITLE })).toBeVisible();
  await expect(page.getByTestId('agreement-status')).toContainText('Draft: version 1');
  await expect(page.getByText(`Awaiting approval from ${CONSOLE_PEOPLE.steward.organizationId}.`)).toBeVisible();
  await page.getByRole('button', { name: `Record approval by ${CONSOLE_PEOPLE.steward.organizationId}` }).click();
  await expect(page.getByTestId('agreement-status')).toContainText('Active: version 1');
  await expect(page.getByText("extracts linked: one pseudonym per student across the project's record-level extracts", { exact: false })).toBeVisible();

  await page.getByRole('link', { name: 'All agreements' }).click();
  await page.getByLabel('Title, purpose or organization').fill('caseload');
  await expect(page.getByText('1 agreement matches.')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(TITLE.replace(/[()]/g, '\\$&')) });
  await expect(row).toContainText('Active');
  await expect(row).toContainText(RESEARCHER);
  await row.getByRole('link', { name: TITLE }).click();
  await expect(page).toHaveURL(agreementUrl);

  const allowed = await checkDecision(page, 'research');
  await expect(allowed.getByRole('heading', { name: 'Allowed' })).toBeVisible();
  await expect(allowed).toContainText('v1 permits purpose research under ferpa-studies');
  await expect(allowed).toContainText('edfi.student.birthDate: Year only');
  const denied = await checkDecision(page, 'enrolled-student-records');
  await expect(denied.getByRole('heading', { name: 'Denied' })).toBeVisible();
  await expect(denied).toContainText("purpose enrolled-student-records is not the agreement's purpose research");
  await expectNoAccessibilityViolations(page);

  await page.getByRole('button', { name: 'Suspend' }).click();
  await expect(page.getByText('Suspending stops every disclosure under this agreement')).toBeVisible();
  await page.getByRole('textbox', { name: 'Reason' }).fill('Browser test: the lab’s security review is overdue');
  await page.getByRole('button', { name: 'Confirm: suspend' }).click();
  await expect(page.getByTestId('agreement-status')).toContainText('Suspended');
  const lifecycle = page.getByRole('table', { name: 'Lifecycle' });
  await expect(lifecycle.getByRole('row', { name: /Suspended .* Browser test: the lab’s security review is overdue/ })).toBeVisible();
  const whileSuspended = await checkDecision(page, 'research');
  await expect(whileSuspended.getByRole('heading', { name: 'Denied' })).toBeVisible();
  await expect(whileSuspended).toContainText('v1 is suspended');

  await page.getByRole('button', { name: 'Reinstate' }).click();
  await page.getByRole('textbox', { name: 'Reason' }).fill('Browser test: the review is done');
  await page.getByRole('button', { name: 'Confirm: reinstate' }).click();
  await expect(page.getByTestId('agreement-status')).toContainText('Active: version 1');
  await expect(lifecycle.getByRole('row', { name: /Reinstated/ })).toBeVisible();
  await expect((await checkDecision(page, 'research')).getByRole('heading', { name: 'Allowed' })).toBeVisible();
});

test('a steward reads the record of disclosures by organisation and by student', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/disclosures');
  await expect(page.getByRole('heading', { level: 1, name: 'Record of disclosures' })).toBeVisible();
  await page.getByLabel('Organization ID').fill(GOVERNANCE_DISCLOSURE.organizationId);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Disclosures received by ${GOVERNANCE_DISCLOSURE.organizationId}` })).toBeVisible();
  const table = page.getByRole('table', { name: 'Disclosures, newest first' });
  await expect(table.getByRole('row')).toHaveCount(2);
  const row = table.getByRole('row').nth(1);
  await expect(row).toContainText(`${GOVERNANCE_DISCLOSURE.organizationId} (${GOVERNANCE_DISCLOSURE.clientId})`);
  await expect(row).toContainText('edfi.student.birthDate (Year only)');
  await expect(row.getByRole('link', { name: `${GOVERNANCE_DISCLOSURE.agreementTitle}, version 1` })).toBeVisible();
  await expect(row.getByRole('cell').last()).toHaveText('2');
  await expect(page.getByRole('button', { name: 'Older' })).toBeDisabled();
  await expectNoAccessibilityViolations(page);

  await tick(page, 'Of one student’s records');
  await page.getByLabel('Student ID (SID)').fill(GOVERNANCE_DISCLOSURE.students[0]);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Disclosures of student ${GOVERNANCE_DISCLOSURE.students[0]}` })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2);
  await page.getByLabel('Student ID (SID)').fill('E2E-NEVER-DISCLOSED');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('No disclosures of this student’s records are recorded.')).toBeVisible();
});

test('a steward verifies the audit chain and sees it intact, in English and Spanish', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await page.getByRole('button', { name: 'Verify now' }).click();
  const result = page.getByTestId('audit-verification');
  await expect(result.getByRole('heading', { name: 'The audit chain is intact' })).toBeVisible();
  const checked = Number((await result.getByRole('definition').first().textContent())?.replace(/\D/g, ''));
  expect(checked).toBeGreaterThan(0);
  await expectNoAccessibilityViolations(page);

  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registro de auditoría' })).toBeVisible();
  await page.getByRole('button', { name: 'Verificar ahora' }).click();
  await expect(result.getByRole('heading', { name: 'La cadena de auditoría está intacta' })).toBeVisible();
  // This run checks the entry the first run added, and more.
  expect(Number((await result.getByRole('definition').first().textContent())?.replace(/\D/g, ''))).toBeGreaterThan(checked);
  await expectNoAccessibilityViolations(page);
});

test('a school is told the governance pages are not for its role', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.school, '/console/agreements');
  for (const path of ['/console/agreements', '/console/disclosures', '/console/audit']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveText('This page is not for your role (School). The pages you can use are listed beside it.');
    await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Agreements' })).toHaveCount(0);
  }
  await expectNoAccessibilityViolations(page);
});
