import { expect, test } from '@playwright/test';
import path from 'node:path';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';

const DOCS = path.resolve(__dirname, '../../../docs/console');

for (const person of [CONSOLE_PEOPLE.steward, CONSOLE_PEOPLE.researcher, CONSOLE_PEOPLE.agency, CONSOLE_PEOPLE.school, CONSOLE_PEOPLE.district]) {
  test(`the console pages of a ${person.role}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(page, person);
    const navigation = page.getByRole('navigation', { name: 'Console pages' });
    await expect(navigation.getByRole('link', { name: 'Your account' })).toBeVisible();
    const hrefs = await navigation.getByRole('link').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
    for (const href of hrefs) {
      await page.goto(href);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
      const name = href === '/console' ? 'home' : href.replace('/console/', '').replaceAll('/', '-');
      await page.screenshot({ path: path.join(DOCS, `${person.role}-${name}.png`), fullPage: true });
    }
  });
}
