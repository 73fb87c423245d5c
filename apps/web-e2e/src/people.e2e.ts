import { expect, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_PEOPLE, signInAs } from './console-fixture';

test('a steward adds a person who may sign in, finds them in the list, and removes them', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/staff');
  await expect(page.getByRole('heading', { level: 1, name: 'People who can sign in' })).toBeVisible();
  const people = page.getByRole('table', { name: 'People registered for the console' });
  for (const person of Object.values(CONSOLE_PEOPLE)) await expect(people.getByRole('rowheader', { name: person.name, exact: true })).toBeVisible();
  // The steward cannot remove themselves from here.
  await expect(people.getByRole('row', { name: new RegExp(CONSOLE_PEOPLE.steward.name) })).toContainText('You');
  await expectNoAccessibilityViolations(page);

  const form = page.getByRole('form', { name: 'Add a person' });
  await form.getByLabel('Name as shown in the hub').fill('Marisol Vega');
  await form.getByLabel('Role').selectOption({ label: 'School' });
  await form.getByLabel('Organization').fill('255901002');
  await form.getByLabel('Identity provider issuer URL').fill('https://login.state.example.gov/realms/staff');
  await form.getByLabel('Subject').fill('marisol.vega');
  await form.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Marisol Vega was added and can sign in now.' })).toBeVisible();
  const added = people.getByRole('row', { name: /Marisol Vega/ });
  await expect(added).toContainText('School');
  await expect(added).toContainText('255901002');

  // A school must be named by its Ed-Fi id: the API's refusal is shown in words, with its reference.
  await form.getByLabel('Name as shown in the hub').fill('Not A School');
  await form.getByLabel('Organization').fill('grand-bend-high');
  await form.getByLabel('Identity provider issuer URL').fill('https://login.state.example.gov/realms/staff');
  await form.getByLabel('Subject').fill('someone');
  await form.getByRole('button', { name: 'Add person' }).click();
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('organizationId of a school person must be its Ed-Fi educationOrganizationId');
  await expect(refusal).toContainText(/reference: [0-9a-f-]{36}/);

  await page.getByLabel('Filter by name or organization').fill('marisol');
  await expect(people.getByRole('row')).toHaveCount(2);
  await added.getByRole('button', { name: 'Remove Marisol Vega' }).click();
  await added.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Marisol Vega was removed.' })).toBeVisible();
  await expect(page.getByText('No one matches.')).toBeVisible();
});

test('a school person is told the people page is not for them, and the API refuses them the list', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.school, '/console/staff');
  await expect(page.getByRole('alert')).toHaveText('This page is not for your role (School). The pages you can use are listed beside it.');
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'People' })).toHaveCount(0);
  expect((await page.request.get('/console/people')).status()).toBe(403);
  // A change without the session's CSRF token is refused even for a steward's own cookie; here, for the school's.
  expect((await page.request.post('/console/people', { data: { displayName: 'x' } })).status()).toBe(403);
});

test('the people page in Spanish', async ({ page }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/staff');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Personas que pueden iniciar sesión' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Páginas de la consola' }).getByRole('link', { name: 'Personas' })).toHaveAttribute('aria-current', 'page');
  await expectNoAccessibilityViolations(page);
});

test('a change after the session ended is refused, and the browser signs in again and comes back to the page', async ({ page, context }) => {
  await signInAs(page, CONSOLE_PEOPLE.steward, '/console/staff');
  await expect(page.getByRole('table', { name: 'People registered for the console' })).toBeVisible();
  // As when the idle or absolute limit passes: the browser's session is gone (the identity provider still knows the person).
  await context.clearCookies({ name: 'lantern_session' });
  const form = page.getByRole('form', { name: 'Add a person' });
  await form.getByLabel('Name as shown in the hub').fill('Late Arrival');
  await form.getByLabel('Organization').fill('255901002');
  await form.getByLabel('Identity provider issuer URL').fill('https://login.state.example.gov/realms/staff');
  await form.getByLabel('Subject').fill('late.arrival');
  const visited: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest()) visited.push(new URL(request.url()).pathname);
  });
  const [refused] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/console/people') && response.request().method() === 'POST'),
    form.getByRole('button', { name: 'Add person' }).click(),
  ]);
  expect(refused.status()).toBe(401);
  // Through sign-in (the identity provider still knows the person) and back, with a new session.
  await expect.poll(async () => (await context.cookies()).filter((cookie) => cookie.name === 'lantern_session').length).toBe(1);
  await expect(page).toHaveURL('/console/staff');
  expect(visited).toContain('/auth/sign-in');
  // The refused change added nobody.
  await expect(page.getByRole('table', { name: 'People registered for the console' }).getByRole('rowheader', { name: 'Late Arrival' })).toHaveCount(0);
});
