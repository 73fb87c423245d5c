import { expect, type Page, test } from '@playwright/test';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';
import { SID_CHANGE_PEOPLE, sidOf } from './sid-changes-fixture';

/** A laptop and a tablet held upright (iPad's CSS pixels). */
const SCREENS = [
  { name: 'laptop', viewport: { width: 1280, height: 800 } },
  { name: 'tablet', viewport: { width: 768, height: 1024 } },
] as const;

/** What a page shows once used, where that is more than it opens with: the merges and splits page with a merge of the fixture's two SIDs previewed. */
async function use(page: Page, href: string): Promise<void> {
  if (href !== '/console/sids') return;
  await page.getByLabel('SID that stays').fill(await sidOf(page, SID_CHANGE_PEOPLE.survivor));
  await page.getByLabel('SID to retire').fill(await sidOf(page, SID_CHANGE_PEOPLE.retired));
  await page.getByRole('button', { name: 'Preview the merge' }).click();
  await expect(page.getByTestId('merge-consequences')).toBeVisible();
}

/**
 * What the check below uses of the page, typed here: the browser tests are type-checked with Node's library, and a reference
 * to the DOM's would lend `document` to every server file in the same program.
 */
interface PageElement {
  tagName: string;
  textContent: string | null;
  parentElement: PageElement | null;
  classList: { contains(name: string): boolean };
  clientLeft: number;
  clientTop: number;
  clientWidth: number;
  clientHeight: number;
  getBoundingClientRect(): Record<'left' | 'right' | 'top' | 'bottom' | 'width' | 'height', number>;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  checkVisibility(): boolean;
}
interface PageWindow {
  document: { body: PageElement; documentElement: PageElement; querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };
  getComputedStyle(element: PageElement): { overflowX: string; overflowY: string; paddingLeft: string; paddingRight: string };
}

/**
 * The table cells and captions a person cannot see all of where they stand: those that reach past the visible area of a
 * container that clips or scrolls, or past the window's sides. A table scrolls in its own scrollable container only when it
 * is wider than the page's column; scrolling a table the column could hold means the layout squeezed it.
 */
function hiddenTableParts(): string[] {
  const window = globalThis as unknown as PageWindow;
  const { document } = window;
  const column = document.querySelector('.lantern-console__page');
  if (!column) return ['the page has no console column'];
  const columnStyle = window.getComputedStyle(column);
  const columnWidth = column.clientWidth - parseFloat(columnStyle.paddingLeft) - parseFloat(columnStyle.paddingRight);
  const describe = (element: PageElement) => `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 60)}"`;
  const hidden: string[] = [];
  for (const part of document.querySelectorAll('caption, th, td')) {
    const box = part.getBoundingClientRect();
    // Text kept for screen readers only, or folded away (a closed <details>), is meant to be out of sight.
    if (!part.checkVisibility() || part.closest('.usa-sr-only') || box.width <= 1 || box.height <= 1) continue;
    const before = hidden.length;
    let scrolledInTable = false;
    for (let container = part.parentElement; container && container !== document.body; container = container.parentElement) {
      const style = window.getComputedStyle(container);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const outer = container.getBoundingClientRect();
      const [left, top] = [outer.left + container.clientLeft, outer.top + container.clientTop];
      const past = box.left < left - 1 || box.right > left + container.clientWidth + 1 || box.top < top - 1 || box.bottom > top + container.clientHeight + 1;
      if (!past) continue;
      const table = container.classList.contains('usa-table-container--scrollable') && ['auto', 'scroll'].includes(style.overflowX) ? container.querySelector('table') : null;
      if (table && table.getBoundingClientRect().width > columnWidth + 1) {
        scrolledInTable = true;
        break;
      }
      hidden.push(
        `${describe(part)} reaches past ${table ? `a scrolling table's container, though the page's column (${Math.round(columnWidth)} px) could hold the table (${Math.round(table.getBoundingClientRect().width)} px)` : `a ${container.tagName.toLowerCase()} that clips it`}`,
      );
      break;
    }
    if (!scrolledInTable && hidden.length === before && (box.left < -1 || box.right > document.documentElement.clientWidth + 1))
      hidden.push(`${describe(part)} reaches past the window's side`);
  }
  return [...new Set(hidden)];
}

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
        await use(page, link.href);
        // Wide tables scroll inside their own container; the page itself never scrolls sideways.
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        // The page-wide check cannot see a table cut off inside a container: that overflow stays in the container.
        const hidden = await page.evaluate(hiddenTableParts);
        expect({ page: link.href, overflow, hidden }).toEqual({ page: link.href, overflow: 0, hidden: [] });
      }
    });
  }
}
