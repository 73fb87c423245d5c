import { expect, type Page, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';
import { INGESTION_FIXTURE } from './ingestion-fixture';

/** Ingestion reads producing systems' registrations afresh at most this often (libs/ingest ProducerGrants), so a fix is seen after it. */
const REGISTRATIONS_FRESH_MS = 5_000;

/** Refreshes the page's numbers until `check` passes: the ingest service works beside the page. */
async function refreshUntil(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await check();
  }).toPass({ timeout: 60_000 });
}

/** Registers the fixture's producing system again, now for the source system its record names: the fix the reject was waiting for. */
async function registerProducerForItsSource(page: Page) {
  const registration = { ...INGESTION_FIXTURE.producer, sourceSystems: [...INGESTION_FIXTURE.producer.sourceSystems, INGESTION_FIXTURE.producerSource] };
  const status = await page.evaluate(async (body) => {
    const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
    const response = await fetch('/ingest/producers', { method: 'POST', headers: { 'content-type': 'application/json', 'X-CSRF-Token': session.csrfToken }, body: JSON.stringify(body) });
    return response.status;
  }, registration);
  expect(status).toBe(201);
}

test('a steward sees the counts per source and the rejects with their stage and reason, and a reject replayed after its fix is stored', async ({ page }) => {
  // It waits for the ingest service twice, and for it to see the producing system's new registration.
  test.setTimeout(150_000);
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/ingestion');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingestion' })).toBeVisible();

  const sources = page.getByRole('table', { name: /per source system and topic/ });
  const sharedTopic = /^e2e\d+\.ingest\.k12\.student\.v1$/;
  await refreshUntil(page, async () => {
    // Topic, received, stored, duplicates, rejected, parked, not yet read, last message.
    await expect(sources.getByRole('row', { name: new RegExp(`^${INGESTION_FIXTURE.source} `) }).getByRole('cell')).toHaveText([sharedTopic, '3', '2', '0', '1', '0', /^\d+$/, /\d/]);
    await expect(sources.getByRole('row', { name: new RegExp(`^${INGESTION_FIXTURE.producerSource} `) }).getByRole('cell')).toHaveText([
      /\.src\.e2e-district\.ingest\.k12\.student\.v1$/,
      '1',
      '0',
      '0',
      '1',
      '0',
      /^\d+$/,
      /\d/,
    ]);
  });

  // Hour by hour, all sources, then one: a chart with its totals in words, and each hour's numbers in a table.
  const chart = (totals: string) => page.getByRole('img', { name: new RegExp(`^Line chart: messages received, stored, rejected and parked per hour, from .+: ${totals}\\.`) });
  const hourly = page.getByRole('table', { name: 'Messages per hour' });
  await expect(chart('4 received, 2 stored, 2 rejected, 0 parked')).toBeVisible();
  await expect(hourly.getByRole('row')).toHaveCount(25);
  const hours = page.getByRole('group', { name: 'Show hours' });
  await hours.getByLabel('Source system').selectOption(INGESTION_FIXTURE.source);
  await hours.getByRole('button', { name: 'Show' }).click();
  await expect(chart('3 received, 2 stored, 1 rejected, 0 parked')).toBeVisible();
  await expect(
    hourly
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: '3', exact: true }) })
      .getByRole('cell'),
  ).toHaveText(['3', '2', '0', '1', '0']);

  const rejects = page.getByRole('table', { name: /^Rejects, newest first/ });
  const schemaReject = rejects.getByRole('row').filter({ hasText: INGESTION_FIXTURE.source });
  await expect(schemaReject).toContainText('Record schema');
  await expect(schemaReject).toContainText('birthDate');
  await expectNoAccessibilityViolations(page);

  // Only the producing system's reject, at its stage.
  const rejectFilters = page.getByRole('group', { name: 'Show rejects' });
  await rejectFilters.getByLabel('Stage').selectOption({ label: 'Producing system' });
  await rejectFilters.getByRole('button', { name: 'Show' }).click();
  await expect(rejects.getByRole('row')).toHaveCount(2);
  const producerReject = rejects.getByRole('row').filter({ hasText: INGESTION_FIXTURE.producerReason });
  await expect(producerReject).toContainText('Producing system');
  await expect(producerReject).toContainText(INGESTION_FIXTURE.producerSource);
  await expect(producerReject.getByRole('cell').last()).toHaveText('Not yet');

  await registerProducerForItsSource(page);
  await page.waitForTimeout(REGISTRATIONS_FRESH_MS + 1_000);
  await expect(page.getByText('Select the rejects to send through ingestion again.')).toBeVisible();
  await producerReject.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Send 1 selected reject through ingestion again' }).click();

  await expect(page.getByRole('status').filter({ hasText: '1 reject was sent through ingestion again.' })).toBeVisible();
  await expect(producerReject.getByRole('cell').last()).not.toHaveText('Not yet');
  // What became of it: stored, not rejected again.
  await refreshUntil(page, async () => {
    await expect(page.getByRole('listitem').filter({ hasText: `${INGESTION_FIXTURE.producerSource} on ` })).toHaveText(/: 1 more stored, 0 more rejected, 0 more parked\.$/);
  });
  await expect(sources.getByRole('row', { name: new RegExp(`^${INGESTION_FIXTURE.producerSource} `) }).getByRole('cell')).toHaveText([
    /\.src\.e2e-district\./,
    '2',
    '1',
    '0',
    '1',
    '0',
    /^\d+$/,
    /\d/,
  ]);
  await expectNoAccessibilityViolations(page);
});

test('the ingestion page in Spanish', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/ingestion');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ingesta' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Por origen y tema' })).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: /^Rechazos, los más recientes primero/ })
      .getByRole('row')
      .filter({ hasText: INGESTION_FIXTURE.source }),
  ).toContainText('Esquema del registro');
  await expectNoAccessibilityViolations(page);
});

test('a researcher opening the ingestion page is told it is not for their role', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.researcher, '/console/ingestion');
  await expect(page.getByRole('alert')).toHaveText('This page is not for your role (Researcher). The pages you can use are listed beside it.');
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Ingestion' })).toHaveCount(0);
  await expectNoAccessibilityViolations(page);
});
