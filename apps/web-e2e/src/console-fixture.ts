import { expect, type Page } from '@playwright/test';

/**
 * The people the browser tests sign in to the console as, through the development identity
 * provider: one per role, and a second school so a test can show one school never sees another's data.
 */
export const CONSOLE_PEOPLE = {
  steward: { subject: 'e2e-steward', name: 'Robin Okafor', role: 'steward', organizationId: 'state' },
  researcher: { subject: 'e2e-researcher', name: 'Priya Natarajan', role: 'researcher', organizationId: 'univ-policy-lab' },
  agency: { subject: 'e2e-agency', name: 'Dana Whitfield', role: 'agency', organizationId: 'dcfs' },
  school: { subject: 'e2e-school', name: 'Luis Romero', role: 'school', organizationId: '255901001' },
  otherSchool: { subject: 'e2e-other-school', name: 'Grace Liu', role: 'school', organizationId: '255902001' },
  district: { subject: 'e2e-district', name: 'Kwame Mensah', role: 'district', organizationId: '255901' },
} as const;

export type ConsolePerson = (typeof CONSOLE_PEOPLE)[keyof typeof CONSOLE_PEOPLE];

/** The steward the first console tests were written with. */
export const CONSOLE_STEWARD = CONSOLE_PEOPLE.steward;

/**
 * Opens `path` signed in as `person`: the console sends the browser to the development identity
 * provider's one-click page and back to `path`. A browser context starts with no session, so each test signs in.
 */
export async function signInAs(page: Page, person: ConsolePerson, path = '/console'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Development identity provider' })).toBeVisible();
  await page.getByRole('button', { name: `Sign in as ${person.name}` }).click();
  await expect(page).toHaveURL(path);
}
