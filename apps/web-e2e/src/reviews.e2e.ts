import { expect, type Page, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';
import { REVIEW_PAIRS } from './reviews-fixture';

interface ReviewAnswer {
  id: number;
  record: { sourceSystem: string; localId: string; provisionalSid: string };
  candidates: Array<{ sid: string; explanation: { steps: Array<{ field: string; weight: number; total: number }>; score: number } }>;
  model: { modelId: string; thresholds: { link: number; review: number } };
}

const bits = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signedBits = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** The open review of a fixture record, as the API gives it to the signed-in steward. */
async function reviewOf(page: Page, record: { sourceSystem: string; localId: string }): Promise<ReviewAnswer> {
  const queue = await page.request.get(`/identity/reviews?sourceSystem=${record.sourceSystem}&limit=100`);
  expect(queue.status()).toBe(200);
  const { reviews } = (await queue.json()) as { reviews: Array<{ id: number; record: { localId: string } }> };
  const listed = reviews.find((review) => review.record.localId === record.localId);
  if (!listed) throw new Error(`no open review of ${record.localId}`);
  return (await (await page.request.get(`/identity/reviews/${listed.id}`)).json()) as ReviewAnswer;
}

const sidOf = async (page: Page, { sourceSystem, localId }: { sourceSystem: string; localId: string }) =>
  ((await (await page.request.get(`/identity/crosswalk?sourceSystem=${sourceSystem}&localId=${localId}`)).json()) as { sid: string }).sid;

const queueRow = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name }) });

test('a steward reads an identity review in Spanish', async ({ page }) => {
  const { known, incoming } = REVIEW_PAIRS.open;
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/reviews');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Revisiones de identidad' })).toBeVisible();
  await queueRow(page, `${incoming.firstName} ${incoming.lastName}`).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 2, name: 'El registro en revisión' })).toBeVisible();
  const comparison = page.getByRole('table', { name: new RegExp(`Este registro junto al registro ${known.localId} de ${known.sourceSystem}`) });
  await expect(comparison.getByRole('row', { name: /Nombre de pila/ }).getByRole('cell')).toHaveText([incoming.firstName, known.firstName, 'No coinciden']);
  await expect(page.getByRole('img', { name: /Gráfico de cascada de los pesos de correspondencia/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mantener separados' })).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test('a steward links one reviewed record to its candidate and keeps another apart, reading both records and the match weights first', async ({ page }) => {
  const { linked, apart } = REVIEW_PAIRS;
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/reviews');
  await expect(page.getByRole('heading', { level: 1, name: 'Identity reviews' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Identity reviews' })).toBeVisible();
  const ngozi = `${linked.incoming.firstName} ${linked.incoming.lastName}`;
  const santiago = `${apart.incoming.firstName} ${apart.incoming.lastName}`;
  await expect(queueRow(page, ngozi)).toContainText(linked.incoming.localId);
  await expect(queueRow(page, santiago)).toContainText('Strong match, but the given names disagree');
  await expectNoAccessibilityViolations(page);

  // Filtered by the source system that sent the record.
  await page.getByLabel('Source system').selectOption(linked.incoming.sourceSystem);
  await page.getByRole('button', { name: 'Show reviews' }).click();
  await expect(page).toHaveURL(`/console/reviews?sourceSystem=${linked.incoming.sourceSystem}`);
  await expect(queueRow(page, ngozi)).toBeVisible();
  await expect(queueRow(page, santiago)).toHaveCount(0);
  await page.goto('/console/reviews?sourceSystem=no-such-source');
  await expect(page.getByText('No reviews are open for records from no-such-source.')).toBeVisible();

  // One review: both records side by side, the weights as a chart and as numbers, the model.
  const review = await reviewOf(page, linked.incoming);
  const [candidate] = review.candidates;
  expect(candidate.sid).toBe(await sidOf(page, linked.known));
  // The page after a review holds only later ones, and leads back to the first page.
  await page.goto(`/console/reviews?sourceSystem=${linked.incoming.sourceSystem}&after=${review.id}`);
  await expect(queueRow(page, `${REVIEW_PAIRS.open.incoming.firstName} ${REVIEW_PAIRS.open.incoming.lastName}`)).toBeVisible();
  await expect(queueRow(page, ngozi)).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Pages of reviews' }).getByRole('link', { name: 'First page' }).click();
  await expect(page).toHaveURL(`/console/reviews?sourceSystem=${linked.incoming.sourceSystem}`);
  await queueRow(page, ngozi).getByRole('link').click();
  await expect(page).toHaveURL(`/console/reviews/${review.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Identity review ${review.id}` })).toBeVisible();
  const comparison = page.getByRole('table', { name: `This record beside record ${linked.known.localId} from ${linked.known.sourceSystem}, under SID ${candidate.sid}` });
  await expect(comparison.getByRole('row', { name: /Given name/ }).getByRole('cell')).toHaveText([linked.incoming.firstName, linked.known.firstName, 'Disagree']);
  await expect(comparison.getByRole('row', { name: /Surname/ }).getByRole('cell')).toHaveText([linked.incoming.lastName, linked.known.lastName, 'Agree']);
  await expect(comparison.getByRole('row', { name: /Birth date/ }).getByRole('cell')).toHaveText([linked.incoming.birthDate, linked.known.birthDate, 'Agree']);
  await expect(page.getByRole('img', { name: `Waterfall of the match weights for SID ${candidate.sid}`, exact: false })).toBeVisible();
  const weights = page.getByRole('table', { name: `Match weights for SID ${candidate.sid}, from the prior to the score` });
  const { steps, score } = candidate.explanation;
  await expect(weights.getByRole('row', { name: /Prior/ }).getByRole('cell')).toHaveText([
    'Chance two records are one child',
    signedBits.format(steps[0].weight),
    bits.format(steps[0].total),
  ]);
  const givenName = steps.find((step) => step.field === 'given_name')!;
  await expect(weights.getByRole('row', { name: /^Given name/ }).getByRole('cell')).toHaveText(['Different', signedBits.format(givenName.weight), bits.format(givenName.total)]);
  await expect(weights.getByRole('row', { name: /^Score/ }).getByRole('cell')).toHaveText([bits.format(score)]);
  await expect(weights.getByRole('row', { name: /^Link threshold/ }).getByRole('cell')).toHaveText([bits.format(review.model.thresholds.link)]);
  await expect(weights.getByRole('row', { name: /^Review threshold/ }).getByRole('cell')).toHaveText([bits.format(review.model.thresholds.review)]);
  await expect(page.getByText(`${review.model.modelId} (the shipped model)`)).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // Same person: confirmed, then back to the queue, which no longer holds it.
  await page.getByRole('button', { name: `Same person: link to ${candidate.sid}` }).click();
  await expect(page.getByText(`Link record ${linked.incoming.localId} from ${linked.incoming.sourceSystem} to SID ${candidate.sid}?`, { exact: false })).toBeFocused();
  await page.getByRole('button', { name: 'Yes, link them' }).click();
  await expect(page).toHaveURL('/console/reviews');
  await expect(page.getByRole('status').filter({ hasText: 'Linked:' })).toHaveText(
    `Linked: record ${linked.incoming.localId} from ${linked.incoming.sourceSystem} now has SID ${candidate.sid}.`,
  );
  await expect(queueRow(page, santiago)).toBeVisible();
  await expect(queueRow(page, ngozi)).toHaveCount(0);
  expect(await sidOf(page, linked.incoming)).toBe(candidate.sid);

  // Keep apart: the record keeps its own SID.
  const twin = await reviewOf(page, apart.incoming);
  await queueRow(page, santiago).getByRole('link').click();
  await page.getByRole('button', { name: 'Keep apart' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Keep apart' }).click();
  await page.getByRole('button', { name: 'Yes, keep apart' }).click();
  await expect(page).toHaveURL('/console/reviews');
  await expect(page.getByRole('status').filter({ hasText: 'Kept apart:' })).toHaveText(
    `Kept apart: record ${apart.incoming.localId} from ${apart.incoming.sourceSystem} keeps SID ${twin.record.provisionalSid}.`,
  );
  await expect(queueRow(page, santiago)).toHaveCount(0);
  expect(await sidOf(page, apart.incoming)).toBe(twin.record.provisionalSid);
  expect(twin.record.provisionalSid).not.toBe(twin.candidates[0].sid);

  // A decided review cannot be decided again; the refusal is said in words with its reference.
  await page.goto(`/console/reviews/${twin.id}`);
  await expect(page.getByText(/This review is decided: kept apart by/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keep apart' })).toHaveCount(0);
  await page.goto('/console/reviews/424242');
  await expect(page.getByRole('alert')).toContainText('Review not found.');
  await expect(page.getByRole('alert')).toContainText(/tell the hub’s support this reference: [0-9a-f-]{36}/);
});

test('a school person is told the review pages are not for their role, and the API refuses them the queue', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.school, '/console/reviews');
  await expect(page.getByRole('alert')).toHaveText('This page is not for your role (School). The pages you can use are listed beside it.');
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Identity reviews' })).toHaveCount(0);
  expect((await page.request.get('/identity/reviews')).status()).toBe(403);
  expect((await page.request.get('/identity/reviews/1')).status()).toBe(403);
  await page.goto('/console/reviews/1');
  await expect(page.getByRole('alert')).toHaveText(/This page is not for your role/);
});
