import { expect, type Page, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';
import { SID_CHANGE_PEOPLE } from './sid-changes-fixture';

interface EntriesAnswer {
  entries: Array<{ id: string; kind: string; actor: string; hash: string }>;
  nextPage: number | null;
}

const entriesOf = async (page: Page, query = ''): Promise<EntriesAnswer> => {
  const answer = await page.request.get(`/audit/entries${query}`);
  expect(answer.status()).toBe(200);
  return (await answer.json()) as EntriesAnswer;
};

const rowsOf = (page: Page) => page.getByRole('table', { name: /^Audit entries/ }).getByRole('row');

test('a steward reads the recent audit entries, newest first, by kind and page, never what they were about', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/audit');
  await expect(page.getByRole('heading', { level: 2, name: 'Recent entries' })).toBeVisible();
  // More than a page of entries: each verification the steward runs is one.
  const { csrfToken } = (await (await page.request.get('/auth/session')).json()) as { csrfToken: string };
  while ((await entriesOf(page)).nextPage === null) expect((await page.request.post('/audit/verification', { headers: { 'X-CSRF-Token': csrfToken } })).status()).toBe(200);

  // Verifying adds an entry under the steward: it is the newest in the list.
  await page.getByRole('button', { name: 'Verify now' }).click();
  await expect(page.getByTestId('audit-verification').getByRole('heading', { name: 'The audit chain is intact' })).toBeVisible();
  await page.reload();
  const [newest] = (await entriesOf(page)).entries;
  expect(newest.kind).toBe('audit-verification');
  expect(newest.actor).toMatch(/^person:/);
  await expect(rowsOf(page).nth(1).getByRole('rowheader')).toHaveText(newest.id);
  await expect(rowsOf(page).nth(1).getByRole('cell')).toContainText(['audit-verification', newest.actor, `${newest.hash.slice(0, 12)}…`]);
  await expectNoAccessibilityViolations(page);

  // Older entries, a page at a time.
  const firstPage = await entriesOf(page);
  expect(firstPage.nextPage).toBe(2);
  await page.getByRole('navigation', { name: 'Pages of audit entries' }).getByRole('link', { name: 'Older entries' }).click();
  await expect(page).toHaveURL('/console/audit?page=2');
  await expect(page.getByRole('table', { name: 'Audit entries, newest first, page 2' })).toBeVisible();
  await expect(rowsOf(page).nth(1).getByRole('rowheader')).toHaveText(String(Number(firstPage.entries[49].id) - 1));
  await page.getByRole('link', { name: 'Newer entries' }).click();
  await expect(page).toHaveURL('/console/audit');

  // One kind: the identity decisions. Each names a child's SID as its subject, which the list never shows.
  await page.getByLabel('Kind of entry').selectOption('identity-link');
  await page.getByRole('button', { name: 'Show entries' }).click();
  await expect(page).toHaveURL('/console/audit?kind=identity-link');
  const links = (await entriesOf(page, '?kind=identity-link')).entries;
  expect(links.length).toBeGreaterThan(0);
  await expect(rowsOf(page)).toHaveCount(links.length + 1);
  await expect(page.getByRole('table', { name: 'Audit entries of kind identity-link, newest first, page 1' }).getByRole('cell', { name: 'identity-link' })).toHaveCount(links.length);
  const sid = (
    (await (await page.request.get(`/identity/crosswalk?sourceSystem=${SID_CHANGE_PEOPLE.survivor.sourceSystem}&localId=${SID_CHANGE_PEOPLE.survivor.localId}`)).json()) as { sid: string }
  ).sid;
  await expect(page.getByText(sid)).toHaveCount(0);

  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Entradas recientes' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Entradas de auditoría del tipo identity-link, las más nuevas primero, página 1' })).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test('a steward’s verification holds the chain to the checkpoints the worker signed, naming the latest and that the log holds it', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/audit');
  // The worker checkpoints the head every second once it moves.
  const { csrfToken } = (await (await page.request.get('/auth/session')).json()) as { csrfToken: string };
  const checkpointed = async () => {
    const answer = await page.request.post('/audit/verification', { headers: { 'X-CSRF-Token': csrfToken } });
    return ((await answer.json()) as { checkpoints: { latest: { seq: string } | null } | null }).checkpoints?.latest ?? null;
  };
  await expect.poll(checkpointed, { timeout: 30_000 }).not.toBeNull();

  await page.getByRole('button', { name: 'Verify now' }).click();
  await expect(page.getByTestId('audit-verification').getByRole('heading', { name: 'The audit chain is intact' })).toBeVisible();
  const result = page.getByTestId('audit-checkpoints');
  await expect(result.getByRole('heading', { name: 'Signed checkpoints' })).toBeVisible();
  await expect(result.getByRole('definition').nth(1)).toContainText(/^Entry \d+, signed .+, SHA-256 [0-9a-f]{64}$/);
  await expect(result.getByRole('definition').nth(2)).toHaveText('Yes: the entry is in the log with that hash');
  expect(Number((await result.getByRole('definition').first().textContent())?.replace(/\D/g, ''))).toBeGreaterThan(0);
  await expectNoAccessibilityViolations(page);

  await page.getByRole('button', { name: 'Español' }).click();
  await page.getByRole('button', { name: 'Verificar ahora' }).click();
  await expect(result.getByRole('heading', { name: 'Puntos de control firmados' })).toBeVisible();
  await expect(result.getByRole('definition').nth(2)).toHaveText('Sí: la entrada está en el registro con ese hash');
  await expectNoAccessibilityViolations(page);
});

test('a school is refused the audit entries', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.school, '/console/audit');
  await expect(page.getByRole('alert')).toHaveText('This page is not for your role (School). The pages you can use are listed beside it.');
  await expect(page.getByRole('table')).toHaveCount(0);
  expect((await page.request.get('/audit/entries')).status()).toBe(403);
});
