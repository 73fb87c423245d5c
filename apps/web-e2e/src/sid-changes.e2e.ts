import { expect, type Page, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';
import { SID_CHANGE_PEOPLE, sidOf } from './sid-changes-fixture';

const { survivor: olu, retired: theo } = SID_CHANGE_PEOPLE;

/** The local ids the crosswalk holds under a SID, as the API gives them; null when it holds none. */
const localIdsUnder = async (page: Page, sid: string) => {
  const answer = await page.request.get(`/identity/sids/${sid}/crosswalk`);
  if (answer.status() === 404) return null;
  return ((await answer.json()) as { records: Array<{ localId: string }> }).records.map((record) => record.localId);
};

test('a steward previews a merge and a split, sees what would move and where, and then does each', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/reviews');
  await page.getByRole('link', { name: 'Merge two SIDs, or split records off one, with a preview of what moves' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Merge and split SIDs' })).toBeVisible();
  const [survivor, retired] = [await sidOf(page, olu), await sidOf(page, theo)];
  expect(survivor).not.toBe(retired);

  // A merge into itself is refused, in words, with the reference to quote.
  await page.getByLabel('SID that stays').fill(survivor);
  await page.getByLabel('SID to retire').fill(survivor);
  await page.getByRole('button', { name: 'Preview the merge' }).click();
  await expect(page.getByRole('alert')).toContainText('a SID cannot be merged into itself');
  await expect(page.getByRole('alert')).toContainText(/tell the hub’s support this reference: [0-9a-f-]{36}/);

  // Arriving with both SIDs in the address: both SIDs' records side by side and what would happen.
  await page.goto(`/console/sids?survivor=${survivor}&retired=${retired}`);
  const moving = page.getByRole('table', { name: `SID ${retired}: its records, all of which would move` });
  const staying = page.getByRole('table', { name: `SID ${survivor}: the records it holds now` });
  await expect(moving.getByRole('row', { name: new RegExp(`${theo.firstName} ${theo.lastName}`) }).getByRole('cell')).toHaveText([
    theo.birthDate,
    `${theo.localId} from ${theo.sourceSystem}`,
  ]);
  await expect(staying.getByRole('row', { name: new RegExp(`${olu.firstName} ${olu.lastName}`) })).toBeVisible();
  await expect(page.getByTestId('merge-consequences').getByRole('listitem')).toHaveText([
    `1 record would move from SID ${retired} to SID ${survivor}.`,
    `SID ${retired} would be retired: it is never given out again, and looking it up leads to SID ${survivor}.`,
  ]);
  await expectNoAccessibilityViolations(page);
  // The preview changed nothing.
  expect(await localIdsUnder(page, retired)).toEqual([theo.localId]);
  expect(await localIdsUnder(page, survivor)).toEqual([olu.localId]);

  await page.getByRole('button', { name: `Merge SID ${retired} into SID ${survivor}` }).click();
  await expect(page.getByText(`Merge SID ${retired} into SID ${survivor}? Its 1 record moves to SID ${survivor}, and SID ${retired} is retired.`)).toBeFocused();
  await page.getByRole('button', { name: 'Yes, merge them' }).click();
  const merged = page.getByRole('status').filter({ hasText: 'Merged:' });
  await expect(merged).toContainText(`Merged: SID ${survivor} now holds the 1 record that was under SID ${retired}, and SID ${retired} leads to SID ${survivor}.`);
  await expect(merged.getByRole('listitem')).toHaveText([`Record ${theo.localId} from ${theo.sourceSystem}`]);
  expect(await sidOf(page, theo)).toBe(survivor);
  expect(await localIdsUnder(page, retired)).toBeNull();

  // The survivor now holds both records: tick the one that is another child and preview the split.
  await merged.getByRole('link', { name: `Open SID ${survivor}` }).click();
  await expect(page).toHaveURL(`/console/sids?sid=${survivor}`);
  await expect(page.getByRole('group', { name: `Tick the records that are another child: they would move off SID ${survivor}.` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Preview the split' })).toBeDisabled();
  await page.getByText(`${theo.firstName} ${theo.lastName}, record ${theo.localId} from ${theo.sourceSystem}`).click();
  await expect(page.getByText(`First given SID ${retired}.`)).toBeVisible();
  await page.getByRole('button', { name: 'Preview the split' }).click();
  await expect(page.getByTestId('split-target')).toHaveText(
    `The 1 ticked record would go back to SID ${retired}: it came from that SID, which a merge into SID ${survivor} retired, and SID ${retired} would be given back. The other records stay on SID ${survivor}.`,
  );
  await expect(page.getByRole('table', { name: 'Records that would move' }).getByRole('row', { name: new RegExp(theo.firstName) })).toBeVisible();
  await expect(page.getByRole('table', { name: `Records that would stay on SID ${survivor}` }).getByRole('row', { name: new RegExp(olu.firstName) })).toBeVisible();
  await expectNoAccessibilityViolations(page);
  // Again the preview changed nothing.
  expect(await localIdsUnder(page, survivor)).toEqual([olu.localId, theo.localId]);
  expect(await localIdsUnder(page, retired)).toBeNull();

  await page.getByRole('button', { name: 'Split 1 record off' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Split 1 record off' }).click();
  await page.getByRole('button', { name: 'Yes, split them' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Split:' })).toContainText(`Split: 1 record moved from SID ${survivor} back to SID ${retired}, which is in use again.`);
  expect(await sidOf(page, theo)).toBe(retired);
  expect(await localIdsUnder(page, survivor)).toEqual([olu.localId]);

  // A split must leave a record behind: the last one cannot go, and the refusal says why.
  await page.goto(`/console/sids?sid=${survivor}`);
  await page.getByText(`${olu.firstName} ${olu.lastName}, record ${olu.localId} from ${olu.sourceSystem}`).click();
  await page.getByRole('button', { name: 'Preview the split' }).click();
  await expect(page.getByRole('alert')).toContainText('a split must leave at least one record on the SID');
});

test('a steward reads the merge preview in Spanish', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/sids');
  const [survivor, retired] = [await sidOf(page, olu), await sidOf(page, theo)];
  await page.goto(`/console/sids?survivor=${survivor}&retired=${retired}`);
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fusionar y dividir SID' })).toBeVisible();
  await expect(page.getByTestId('merge-consequences').getByRole('listitem').first()).toHaveText(`1 registro pasaría del SID ${retired} al SID ${survivor}.`);
  await expectNoAccessibilityViolations(page);
});

test('a school person is told the merges and splits page is not for their role, and the API refuses them', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.school, '/console/sids');
  await expect(page.getByRole('alert')).toHaveText('This page is not for your role (School). The pages you can use are listed beside it.');
  await expect(page.getByRole('button', { name: 'Preview the merge' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Merges and splits' })).toHaveCount(0);
  expect((await page.request.get('/identity/sids/00000000000/crosswalk')).status()).toBe(403);
  const session = (await (await page.request.get('/auth/session')).json()) as { csrfToken: string };
  const preview = await page.request.post('/identity/merges/preview', { data: { survivor: '00000000000', retired: '00000000000' }, headers: { 'X-CSRF-Token': session.csrfToken } });
  expect(preview.status()).toBe(403);
});
