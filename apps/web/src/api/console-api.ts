// The console's sign-in routes as the pages call them (apps/api/src/console), typed by the
// OpenAPI document like every other call. Same-origin fetches: the session cookie (HttpOnly)
// goes with them, and sign-out carries the session's CSRF token, as the API requires (ADR 0023).
import { answerOf, createConsoleClient, succeeded } from '../console/console-client';
import type { components } from './generated/hub-api';

/** GET /auth/session: who is signed in in this browser, and the token their changes carry. */
export type ConsoleSession = components['schemas']['ConsoleSession'];
export type ConsoleRole = ConsoleSession['role'];

export const CONSOLE_ROLES: readonly ConsoleRole[] = ['steward', 'researcher', 'agency', 'school', 'district'];

export { signInUrl } from '../console/console-client';

/** The signed-in person, or a ConsoleApiError: 401 when nobody is signed in, 404 when the hub's console is off. */
export async function getConsoleSession(signal: AbortSignal): Promise<ConsoleSession> {
  return answerOf(await createConsoleClient().GET('/auth/session', { signal }));
}

export async function signOut(session: ConsoleSession): Promise<void> {
  succeeded(await createConsoleClient(session.csrfToken).POST('/auth/sign-out'));
}
