import { expect, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';

test('a steward sees the outcome runs, which are released, and releases another after confirming', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/releases');
  await expect(page.getByRole('heading', { level: 1, name: 'Outcome releases' })).toBeVisible();
  const runs = page.getByRole('table', { name: 'Outcome indicator runs, newest first' });
  // The fixture's two released runs (2024–25 and 2023–24) and the earlier year computed again, not released.
  const released = runs.getByRole('row').filter({ hasText: 'Released' });
  await expect(released.filter({ hasText: '2024–25' })).toHaveCount(1);
  await expect(released.filter({ hasText: '2023–24' })).toHaveCount(1);
  const recomputed = runs.getByRole('row').filter({ has: page.getByRole('button', { name: /^Release run \d+$/ }) });
  await expect(recomputed).toHaveCount(1);
  await expect(recomputed).toContainText('2023–24');
  const runId = (await recomputed.getByRole('rowheader').textContent())!;
  await expectNoAccessibilityViolations(page);

  await recomputed.getByRole('button', { name: `Release run ${runId}` }).click();
  const confirmation = page.getByRole('region', { name: `Release run ${runId} for 2023–24?` });
  await expect(confirmation).toContainText('Its 1 published value replaces the public pages’ current numbers for 2023–24');
  await expect(confirmation.getByRole('heading')).toBeFocused();
  await expectNoAccessibilityViolations(page);
  await confirmation.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmation).toHaveCount(0);
  await expect(recomputed.getByRole('button', { name: `Release run ${runId}` })).toBeVisible();

  await recomputed.getByRole('button', { name: `Release run ${runId}` }).click();
  await page.getByRole('button', { name: `Yes, release run ${runId}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Run ${runId} is now the released run for 2023–24.` })).toBeVisible();
  // Now the year's released run; the one it replaced no longer is.
  await expect(runs.getByRole('row', { name: new RegExp(`^${runId} `) })).toContainText('Released');
  await expect(runs.getByRole('row').filter({ hasText: '2023–24' }).filter({ hasText: 'Released' })).toHaveCount(1);
  await expect(runs.getByRole('button', { name: /^Release run/ })).toHaveCount(1);

  // Only one year's runs.
  await page.getByLabel(/^School year, by its spring .* empty for every year$/).fill('2025');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(runs.getByRole('row')).toHaveCount(2);
  await expect(runs.getByRole('row').nth(1)).toContainText('2024–25');
  await expectNoAccessibilityViolations(page);
});

test('the releases page in Spanish', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/releases');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Publicación de resultados' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Ejecuciones de indicadores de resultados, las más recientes primero' }).getByRole('row').filter({ hasText: 'Publicada' })).not.toHaveCount(0);
  await expectNoAccessibilityViolations(page);
});

test('a researcher opening the releases page is told it is not for their role', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.researcher, '/console/releases');
  await expect(page.getByRole('alert')).toHaveText('This page is not for your role (Researcher). The pages you can use are listed beside it.');
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Outcome releases' })).toHaveCount(0);
  await expectNoAccessibilityViolations(page);
});

test('a steward asks for a school year to be computed again and follows the request until its run is listed, unreleased', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/releases');
  await page.getByLabel('School year, by its spring (for example 2025 for 2024–25)', { exact: true }).fill('2025');
  await page.getByRole('button', { name: 'Compute' }).click();
  const request = page.getByRole('status').filter({ hasText: /^Request \d+ for 2024–25: / });
  await expect(request).toBeVisible();
  await expect(async () => {
    const check = request.getByRole('button', { name: 'Check again' });
    if (await check.isVisible()) await check.click();
    await expect(request).toContainText(': done. It produced run ');
  }).toPass({ timeout: 90_000 });
  const runId = /It produced run (\d+)\./.exec((await request.textContent()) ?? '')![1];
  const runs = page.getByRole('table', { name: 'Outcome indicator runs, newest first' });
  await expect(runs.getByRole('row', { name: new RegExp(`^${runId} 2024–25 `) }).getByRole('button', { name: `Release run ${runId}` })).toBeVisible();
  await expectNoAccessibilityViolations(page);
});
