import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { DISTRICTS, SCHOOLS, STUDENT } from './directory-fixture';

/** Every page is checked against WCAG 2.1 A and AA with axe; automation finds only some problems, so keyboard and screen reader checks stay manual. */
async function expectNoAccessibilityViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map(({ id, help, nodes }) => ({ id, help, targets: nodes.map((node) => node.target.join(' ')) }))).toEqual([]);
}

const searchFor = async (page: Page, text: string, label = 'School name, district or city') => {
  await page.getByLabel(label).fill(text);
  await page.getByLabel(label).press('Enter');
};

test('a visitor searches for a school by name, opens it and sees its directory facts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Find a school' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAccessibilityViolations(page);

  await searchFor(page, 'grand bend high');
  await expect(page).toHaveURL(/\/schools\?q=grand\+bend\+high$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Search results for “grand bend high”' })).toBeFocused();
  await expect(page.getByText('1 school matches.')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.getByRole('link', { name: SCHOOLS.grandBendHigh.nameOfInstitution }).click();
  await expect(page).toHaveURL(`/schools/${SCHOOLS.grandBendHigh.schoolId}`);
  await expect(page.getByRole('heading', { level: 1, name: SCHOOLS.grandBendHigh.nameOfInstitution })).toBeVisible();
  await expect(page).toHaveTitle(`${SCHOOLS.grandBendHigh.nameOfInstitution} | Lantern school information`);
  const about = page.getByRole('region', { name: 'About this school' });
  await expect(about.getByText(DISTRICTS.grandBend.nameOfInstitution)).toBeVisible();
  await expect(about.getByText('1200 Main Street')).toBeVisible();
  await expect(about.getByText('Grand Bend, TX 78701')).toBeVisible();
  await expect(about.getByText('Ninth grade, Tenth grade, Eleventh grade, and Twelfth grade')).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test('searching by district or city finds that district’s or city’s schools; a child’s name finds nothing', async ({ page }) => {
  await page.goto('/');
  await searchFor(page, 'Riverside');
  await expect(page.getByText('1 school matches.')).toBeVisible();
  await expect(page.getByRole('link', { name: SCHOOLS.riversideMiddle.nameOfInstitution })).toBeVisible();

  await searchFor(page, DISTRICTS.grandBend.nameOfInstitution);
  await expect(page.getByText('2 schools match.')).toBeVisible();
  await expect(page.getByRole('link', { name: SCHOOLS.lakeviewElementary.nameOfInstitution })).toBeVisible();

  // From a school's page, every school of its district.
  await page.getByRole('link', { name: SCHOOLS.lakeviewElementary.nameOfInstitution }).click();
  await page.getByRole('link', { name: `All schools in ${DISTRICTS.grandBend.nameOfInstitution}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Schools in ${DISTRICTS.grandBend.nameOfInstitution}` })).toBeVisible();
  await expect(page.getByRole('link', { name: SCHOOLS.grandBendHigh.nameOfInstitution })).toBeVisible();

  await searchFor(page, STUDENT.lastSurname);
  await expect(page.getByText('No school matches. Check the spelling, or try fewer words.')).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test('a visitor switches to Spanish: the pages, <html lang> and grade names are in Spanish, and stay so after a reload', async ({ page }) => {
  await page.goto(`/schools/${SCHOOLS.riversideMiddle.schoolId}`);
  await expect(page.getByRole('heading', { level: 1, name: SCHOOLS.riversideMiddle.nameOfInstitution })).toBeVisible();

  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const about = page.getByRole('region', { name: 'Sobre esta escuela' });
  await expect(about.getByText('Sexto grado, Séptimo grado y Octavo grado')).toBeVisible();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('lang', 'en');
  await expectNoAccessibilityViolations(page);

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.getByRole('link', { name: 'Lantern: información escolar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Buscar una escuela' })).toBeVisible();
  await searchFor(page, 'school', 'Nombre de la escuela, distrito o ciudad');
  await expect(page.getByText('3 escuelas coinciden.')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('3 schools match.')).toBeVisible();
});

test('a school id no School record has shows "School not found"; a path that is no page stays the API’s 404', async ({ page }) => {
  await page.goto('/schools/999999999');
  await expect(page.getByRole('heading', { level: 1, name: 'School not found' })).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // Served by the API as JSON problem details, not by the web app.
  const response = await page.request.get('/no-such-page');
  expect(response.status()).toBe(404);
});
