import { expect, type Page, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CARE_CHILD } from './care-fixture';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';

// One flag's life, in order: the agency issues and corrects it, the school acknowledges its
// notice, another school cannot reach that notice, and the agency sees the acknowledgement and revokes it.
test.describe.configure({ mode: 'serial' });

const FLAG_ID = 'HWC-E2E-0001';
const AGENCY_CHILD_ID = 'DCFS-55102';
const CHILD_NAME = `${CARE_CHILD.firstName} ${CARE_CHILD.lastSurname}`;
const SCHOOL_ID = CONSOLE_PEOPLE.school.organizationId;
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** The notice the school acknowledged, for the other school to try. */
let noticeId = '';

/** A call from the page itself, with the session's cookie, and with its CSRF token only when `withCsrfToken`. */
async function callFromPage(page: Page, method: 'GET' | 'POST', path: string, withCsrfToken: boolean): Promise<{ status: number; body: string }> {
  return page.evaluate(
    async ({ method, path, withCsrfToken }) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (withCsrfToken) headers['X-CSRF-Token'] = ((await (await fetch('/auth/session')).json()) as { csrfToken: string }).csrfToken;
      const response = await fetch(path, { method, headers });
      return { status: response.status, body: await response.text() };
    },
    { method, path, withCsrfToken },
  );
}

test('an agency issues a Handle with Care flag, finds it in its list, and corrects it', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.agency, '/console/care-flags');
  await expect(page.getByRole('heading', { level: 1, name: 'Handle with Care flags' })).toBeVisible();
  await expect(page.getByText('Your agency has issued no flags yet.')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.getByLabel('Flag id').fill(FLAG_ID);
  await page.getByLabel('Kind of agency').selectOption({ label: 'Child protective services' });
  await page.getByLabel(/id for the child/).fill(AGENCY_CHILD_ID);
  await page.getByLabel('First name').fill(CARE_CHILD.firstName);
  await page.getByLabel('Last name').fill(CARE_CHILD.lastSurname);
  await page.getByLabel('Birth date').fill(CARE_CHILD.birthDate);
  await page.getByLabel('Day your agency met the child').fill(dayFromToday(-2));
  await page.getByRole('button', { name: 'Issue flag' }).click();

  await expect(page.getByText(`Flag ${FLAG_ID} was issued. Status: Delivered.`)).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(FLAG_ID) });
  await expect(row.getByRole('cell')).toContainText(['Delivered', AGENCY_CHILD_ID]);
  // A new, empty form for the next flag.
  await expect(page.getByLabel('Flag id')).toHaveValue('');

  await row.getByRole('link', { name: FLAG_ID }).click();
  await expect(page).toHaveURL(`/console/care-flags/${FLAG_ID}`);
  await expect(page.getByRole('heading', { level: 1, name: `Flag ${FLAG_ID}` })).toBeVisible();
  const notices = page.getByRole('table', { name: 'Notices of this flag, with their delivery and acknowledgement' });
  await expect(notices.getByRole('row')).toHaveCount(2);
  await expect(notices.getByRole('cell', { name: 'Delivered, not yet acknowledged' })).toBeVisible();
  // The agency learns delivery, never the school or the child's record.
  await expect(page.getByText(SCHOOL_ID)).toHaveCount(0);
  await expect(page.getByText(CARE_CHILD.studentUniqueId)).toHaveCount(0);

  // The correction keeps the flag's id and what the hub kept; the names are not needed again.
  await expect(page.getByLabel(/id for the child/)).toHaveValue(AGENCY_CHILD_ID);
  await page.getByLabel('Last day the notice stays in the school’s inbox').fill(dayFromToday(6));
  await page.getByRole('button', { name: 'Send correction' }).click();
  await expect(page.getByText('The correction was sent. Status: Delivered.')).toBeVisible();
  await expect(notices.getByRole('cell', { name: 'Replaced by a correction' })).toBeVisible();
  await expect(notices.getByRole('cell', { name: 'Delivered, not yet acknowledged' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'Each correction adds one' })).toContainText('2');
  await expectNoAccessibilityViolations(page);
});

test('the school sees the notice, only what the API gives, and acknowledges it', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.school, '/console/inbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Handle with Care notices' })).toBeVisible();
  // The corrected notice only: the first version's left the inbox.
  const link = page.getByRole('link', { name: `Notice for ${CHILD_NAME}` });
  await expect(link).toHaveCount(1);
  await expect(page.getByRole('row', { name: new RegExp(CHILD_NAME) }).getByRole('cell')).toContainText([CARE_CHILD.studentUniqueId, SCHOOL_ID, 'Not yet']);
  await expectNoAccessibilityViolations(page);

  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Handle with Care notice' })).toBeVisible();
  noticeId = new URL(page.url()).pathname.split('/').pop() ?? '';
  expect(noticeId).toMatch(/^\d+$/);
  const facts = page.getByRole('definition');
  await expect(facts.nth(0)).toHaveText('Handle with Care');
  await expect(facts.nth(1)).toHaveText(CHILD_NAME);
  await expect(facts.nth(2)).toHaveText(CARE_CHILD.studentUniqueId);
  await expect(facts.nth(3)).toHaveText(SCHOOL_ID);
  await expect(facts.nth(4)).toHaveText('Child protective services');
  // Nothing else about the child: no birth date, no agency's id for her.
  await expect(page.getByText(AGENCY_CHILD_ID)).toHaveCount(0);
  await expect(page.getByText(CARE_CHILD.birthDate)).toHaveCount(0);

  await page.getByRole('button', { name: 'Acknowledge notice' }).click();
  await expect(page.getByText(new RegExp(`^You acknowledged the notice for ${CHILD_NAME} on .+\\. The district contact will not be alerted about it\\.$`))).toBeVisible();
  await expect(page.getByRole('button', { name: 'Acknowledge notice' })).toHaveCount(0);
  await expectNoAccessibilityViolations(page);

  // Acknowledged stays acknowledged, in Spanish too.
  await page.reload();
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Aviso Handle with Care' })).toBeVisible();
  await expect(page.getByText(/^Este aviso se confirmó el .+\.$/)).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test('another school sees no notice and cannot reach the first school’s, by address or by the API', async ({ page }) => {
  expect(noticeId).not.toBe('');
  await signInAs(page, CONSOLE_PEOPLE.otherSchool, '/console/inbox');
  await expect(page.getByText('There are no open notices for your organization.')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.goto(`/console/inbox/${noticeId}`);
  await expect(page.getByText('Your organization has no open notice with this id. It may have been withdrawn or have expired.')).toBeVisible();
  await expect(page.getByText(CHILD_NAME)).toHaveCount(0);

  const inbox = await callFromPage(page, 'GET', '/care/inbox', false);
  expect(JSON.parse(inbox.body)).toEqual({ organizationId: CONSOLE_PEOPLE.otherSchool.organizationId, notices: [] });
  const acknowledge = await callFromPage(page, 'POST', `/care/notices/${noticeId}/acknowledge`, true);
  expect(acknowledge.status).toBe(404);
  expect(acknowledge.body).not.toContain(CARE_CHILD.lastSurname);

  // The agency's page is not for a school.
  await page.goto('/console/care-flags');
  await expect(page.getByRole('alert')).toHaveText('This page is not for your role (School). The pages you can use are listed beside it.');
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Handle with Care notices' })).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test('the district contact sees the notices of its schools, acknowledged ones too', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.district, '/console/inbox');
  const row = page.getByRole('row', { name: new RegExp(CHILD_NAME) });
  await expect(row.getByRole('cell')).toContainText([CARE_CHILD.studentUniqueId, SCHOOL_ID]);
  await expect(row.getByRole('cell').last()).not.toHaveText('Not yet');
});

test('the agency sees the acknowledgement, a change without the CSRF token is refused, and it revokes the flag after confirming', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.agency, `/console/care-flags/${FLAG_ID}`);
  const notices = page.getByRole('table', { name: 'Notices of this flag, with their delivery and acknowledgement' });
  await expect(notices.getByRole('cell', { name: 'Acknowledged', exact: true })).toBeVisible();

  // The session's cookie alone does not change anything.
  expect((await callFromPage(page, 'POST', `/care/flags/${FLAG_ID}/revoke`, false)).status).toBe(403);
  await page.reload();
  await expect(notices.getByRole('cell', { name: 'Acknowledged', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Revoke flag' }).click();
  await expect(page.getByRole('alert')).toContainText(`Revoke flag ${FLAG_ID}? Its notices leave the schools’ inboxes at once`);
  // Cancel changes nothing; confirming revokes.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Revoke flag' }).click();
  await page.getByRole('button', { name: `Yes, revoke flag ${FLAG_ID}` }).click();
  await expect(page.getByText(`Flag ${FLAG_ID} was revoked. Its notices have left the schools’ inboxes.`)).toBeVisible();
  await expect(notices.getByRole('cell', { name: 'Withdrawn (flag revoked)' })).toBeVisible();
  await expect(page.getByText('A revoked flag cannot be corrected. Issue a new flag with a new flag id.')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.goto('/console/care-flags?status=revoked');
  await expect(
    page
      .getByRole('row', { name: new RegExp(FLAG_ID) })
      .getByRole('cell')
      .first(),
  ).toHaveText('Revoked');
});

test('after the revocation the school’s inbox is empty again', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.school, '/console/inbox');
  await expect(page.getByText('There are no open notices for your organization.')).toBeVisible();
  await page.goto(`/console/inbox/${noticeId}`);
  await expect(page.getByText('Your organization has no open notice with this id. It may have been withdrawn or have expired.')).toBeVisible();
});
