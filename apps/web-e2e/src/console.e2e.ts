import { expect, test } from '@playwright/test';
import { expectNoAccessibilityViolations } from './accessibility';
import { CONSOLE_STEWARD } from './console-fixture';

test('a steward signs in to the console through the identity provider, sees who they are, and signs out', async ({ page, context }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Staff sign-in' }).click();
  // Signed out, the console sends the browser to sign in: the development identity provider's one-click page.
  await expect(page.getByRole('heading', { level: 1, name: 'Development identity provider' })).toBeVisible();
  await page.getByRole('button', { name: `Sign in as ${CONSOLE_STEWARD.name}` }).click();

  await expect(page).toHaveURL('/console');
  await expect(page.getByRole('heading', { level: 1, name: 'Staff console' })).toBeVisible();
  await expect(page.getByText(`You are signed in as ${CONSOLE_STEWARD.name}.`)).toBeVisible();
  // The console says whose pages these are: staff's, where every view of a child's records is recorded.
  await expect(page).toHaveTitle('Staff console | Lantern staff console');
  await expect(page.getByRole('contentinfo')).toContainText('every view of a child’s records is in the record of disclosures');
  await expect(page.getByRole('link', { name: 'Public school information' })).toHaveAttribute('href', '/');
  // Name, role and organisation.
  await expect(page.getByRole('definition')).toHaveText([CONSOLE_STEWARD.name, 'State data steward', CONSOLE_STEWARD.organizationId]);
  // Chromium keeps the Secure session cookie on http://127.0.0.1 (a secure context), out of the page's reach.
  const cookies = await context.cookies();
  const [sessionCookie] = cookies.filter((cookie) => cookie.name === 'lantern_session');
  expect(sessionCookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  // The sign-in's state, nonce and PKCE verifier are used once and gone.
  expect(cookies.map((cookie) => cookie.name)).not.toContain('lantern_sign_in');
  expect(await page.evaluate<string>('document.cookie')).not.toContain('lantern_session');
  await expectNoAccessibilityViolations(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You have signed out.' })).toBeVisible();
  expect((await context.cookies()).filter((cookie) => cookie.name === 'lantern_session')).toEqual([]);
  expect((await page.request.get('/auth/session')).status()).toBe(401);
  await expectNoAccessibilityViolations(page);
});

test('the console in Spanish', async ({ page }) => {
  await page.goto('/console?signIn=not-registered');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Consola del personal' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Su cuenta no está registrada en la consola de Lantern. Pida a un administrador de datos del estado que la agregue.');
  await expect(page.getByRole('link', { name: 'Iniciar sesión' })).toHaveAttribute('href', '/auth/sign-in?returnTo=%2Fconsole');
  await expectNoAccessibilityViolations(page);
});
