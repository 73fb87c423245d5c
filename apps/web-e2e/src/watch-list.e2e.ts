import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';
import { WATCH_LIST_STUDENTS } from './watch-list-fixture';

// The early-warning watch list (issue 15, item 6b), seeded by watch-list-fixture.ts: three of
// Grand Bend High's students flagged on one indicator each, one on none, under an agreement
// naming the school and its district.

const nameOf = (student: { firstName: string; lastSurname: string }) => `${student.firstName} ${student.lastSurname}`;
const FLAGGED = [WATCH_LIST_STUDENTS.absent, WATCH_LIST_STUDENTS.failing, WATCH_LIST_STUDENTS.suspended];

test('the school sees its flagged students with the reason and the records behind each flag', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.school, '/console/watch-list');
  await expect(page.getByRole('heading', { level: 1, name: 'Early-warning watch list' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Flagged students and the reasons for each flag' });
  for (const student of FLAGGED) await expect(table.getByRole('rowheader', { name: nameOf(student) })).toBeVisible();
  await expect(page.getByText(nameOf(WATCH_LIST_STUDENTS.notFlagged))).toHaveCount(0);
  // The hub judges the list as of the fixture's fixed day (LANTERN_DEV_WATCH_LIST_DATE), whatever today is.
  await expect(page.getByText('3 flagged students, as of Nov 18, 2026 (school year 2026–27).')).toBeVisible();

  const absent = table.getByRole('row', { name: new RegExp(nameOf(WATCH_LIST_STUDENTS.absent)) });
  await expect(absent.getByText(/Absent 12 of \d+ enrolled days/)).toBeVisible();
  await absent.getByText('Records behind this flag').click();
  await expect(absent.getByRole('cell', { name: 'Unexcused Absence' })).toHaveCount(12);
  const failing = table.getByRole('row', { name: new RegExp(nameOf(WATCH_LIST_STUDENTS.failing)) });
  await expect(failing.getByText('Failing courses: 1, in ELA or mathematics: 1')).toBeVisible();
  await failing.getByText('Records behind this flag').click();
  await expect(failing.getByRole('cell', { name: 'ALG-1' })).toBeVisible();
  await expect(failing.getByRole('cell', { name: 'F 48' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export the whole list as CSV' }).click();
  const csv = await readFile((await (await download).path()) as string, 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^schoolId,studentUniqueId,lastSurname,firstName,flags,/);
  for (const student of FLAGGED) expect(csv).toContain(`255901001,${student.studentUniqueId},${student.lastSurname},${student.firstName},`);
  expect(csv).not.toContain(WATCH_LIST_STUDENTS.notFlagged.studentUniqueId);
  await expectNoAccessibilityViolations(page);

  // Filtered to one indicator.
  await page.getByLabel('Indicator').selectOption('behaviour');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(table.getByRole('rowheader', { name: nameOf(WATCH_LIST_STUDENTS.suspended) })).toBeVisible();
  await expect(table.getByRole('rowheader')).toHaveCount(1);
});

test('the other school sees none of these students', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.otherSchool, '/console/watch-list');
  await expect(page.getByRole('heading', { level: 1, name: 'Early-warning watch list' })).toBeVisible();
  await expect(page.getByText(/No data-sharing agreement in force names your organisation or its district as a recipient for purpose early-warning/)).toBeVisible();
  for (const student of Object.values(WATCH_LIST_STUDENTS)) await expect(page.getByText(nameOf(student))).toHaveCount(0);
  await expectNoAccessibilityViolations(page);
});

test('the district picks a school, sees its list and its thresholds, in Spanish too', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.district, '/console/watch-list');
  // A school with no one enrolled: the empty list says which school year it counts, and from when.
  await page.getByLabel('School').selectOption('255901002');
  await expect(page.getByText('0 flagged students, as of Nov 18, 2026 (school year 2026–27).')).toBeVisible();
  await expect(page.getByText(/No student is flagged\. The list counts only the 2026–27 school year’s attendance, behaviour and grades, from its first day, Jul 1, 2026;/)).toBeVisible();
  await page.getByLabel('School').selectOption('255901001');
  await expect(page.getByRole('rowheader', { name: nameOf(WATCH_LIST_STUDENTS.absent) })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Your district’s thresholds' })).toBeVisible();
  await expect(page.getByLabel('Chronic absence: share of enrolled days absent (percent)')).toHaveValue('10');
  await expect(page.getByRole('link', { name: 'Export the whole list as CSV' })).toHaveCount(0);
  await page.getByLabel('Failing courses that flag').fill('3');
  await page.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(page.getByRole('status')).toHaveText('Thresholds saved. Your schools’ watch lists now use them.');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lista de alerta temprana' })).toBeVisible();
  await expect(page.getByText('3 estudiantes con alerta, al')).toBeVisible();
  await expectNoAccessibilityViolations(page);
});
