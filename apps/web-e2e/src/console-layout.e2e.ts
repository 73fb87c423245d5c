import { expect, test } from '@playwright/test';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';

/** A laptop and a tablet held upright (iPad's CSS pixels). */
const SCREENS = [
  { name: 'laptop', viewport: { width: 1280, height: 800 } },
  { name: 'tablet', viewport: { width: 768, height: 1024 } },
] as const;

for (const screen of SCREENS) {
  for (const person of [CONSOLE_PEOPLE.steward, CONSOLE_PEOPLE.researcher, CONSOLE_PEOPLE.agency, CONSOLE_PEOPLE.school, CONSOLE_PEOPLE.district]) {
    test(`every console page of ${person.role === 'agency' ? 'an' : 'a'} ${person.role} fits a ${screen.name} screen, with its navigation and heading`, async ({ page }) => {
      await page.setViewportSize(screen.viewport);
      await signInAs(page, person);
      const navigation = page.getByRole('navigation', { name: 'Console pages' });
      await expect(navigation.getByRole('link', { name: 'Your account' })).toBeVisible();
      const links = await navigation.getByRole('link').evaluateAll((anchors) => anchors.map((anchor) => ({ name: anchor.textContent ?? '', href: anchor.getAttribute('href') ?? '' })));
      expect(links.length).toBeGreaterThan(1);
      for (const link of links) {
        await navigation.getByRole('link', { name: link.name, exact: true }).click();
        await expect(page).toHaveURL(link.href);
        await expect(navigation.getByRole('link', { name: link.name, exact: true })).toHaveAttribute('aria-current', 'page');
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
        // Wide tables scroll inside their own container; the page itself never scrolls sideways.
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect({ page: link.href, overflow }).toEqual({ page: link.href, overflow: 0 });
      }
    });
  }
}
