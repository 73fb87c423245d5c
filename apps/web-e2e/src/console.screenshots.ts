import { expect, type Page, test } from '@playwright/test';
import path from 'node:path';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';
import { SID_CHANGE_PEOPLE } from './sid-changes-fixture';

const DOCS = path.resolve(__dirname, '../../../docs/console');

const sidOf = async (page: Page, { sourceSystem, localId }: { sourceSystem: string; localId: string }) =>
  ((await (await page.request.get(`/identity/crosswalk?sourceSystem=${sourceSystem}&localId=${localId}`)).json()) as { sid: string }).sid;

/**
 * Where a page is opened for its screenshot: the merges and splits page with a merge previewed, the
 * audit page's recent entries of one kind (every kind is a page of 50, too long an image).
 */
async function addressOf(page: Page, href: string): Promise<string> {
  if (href === '/console/audit') return `${href}?kind=agreement-change`;
  if (href !== '/console/sids') return href;
  const [survivor, retired] = [await sidOf(page, SID_CHANGE_PEOPLE.survivor), await sidOf(page, SID_CHANGE_PEOPLE.retired)];
  return `/console/sids?survivor=${survivor}&retired=${retired}`;
}

/** What a page shows once used: the merge's preview, and the audit page's verification held to the worker's signed checkpoints (one a second once the log moves). */
async function use(page: Page, href: string): Promise<void> {
  if (href === '/console/sids') await expect(page.getByTestId('merge-consequences')).toBeVisible();
  if (href === '/console/audit')
    await expect(async () => {
      await page.getByRole('button', { name: 'Verify now' }).click();
      await expect(page.getByTestId('audit-checkpoints').getByRole('definition').nth(2)).toHaveText('Yes: the entry is in the log with that hash', { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
}

for (const person of [CONSOLE_PEOPLE.steward, CONSOLE_PEOPLE.researcher, CONSOLE_PEOPLE.agency, CONSOLE_PEOPLE.school, CONSOLE_PEOPLE.district]) {
  test(`the console pages of a ${person.role}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(page, person);
    const navigation = page.getByRole('navigation', { name: 'Console pages' });
    await expect(navigation.getByRole('link', { name: 'Your account' })).toBeVisible();
    const hrefs = await navigation.getByRole('link').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
    for (const href of hrefs) {
      await page.goto(await addressOf(page, href));
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
      await use(page, href);
      const name = href === '/console' ? 'home' : href.replace('/console/', '').replaceAll('/', '-');
      await page.screenshot({ path: path.join(DOCS, `${person.role}-${name}.png`), fullPage: true });
    }
  });
}
