// The console's sign-in routes as the pages call them (apps/api/src/console). Same-origin
// fetches: the session cookie (HttpOnly) goes with them, and every change carries the
// session's CSRF token in X-CSRF-Token, as the API requires (ADR 0023).
import { ApiError } from './public-api';

export const CONSOLE_ROLES = ['steward', 'researcher', 'agency', 'school', 'district'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** GET /auth/session: who is signed in in this browser, and the token their changes carry. */
export interface ConsoleSession {
  readonly personId: string;
  readonly displayName: string;
  readonly role: ConsoleRole;
  readonly organizationId: string;
  readonly csrfToken: string;
}

/** Where the browser goes to sign in (the API redirects it to the identity provider), coming back to `returnTo`. */
export function signInUrl(returnTo = '/console'): string {
  return `/auth/sign-in?${new URLSearchParams({ returnTo })}`;
}

/** The signed-in person, or an ApiError: 401 when nobody is signed in, 404 when the hub's console is off. */
export async function getConsoleSession(signal: AbortSignal): Promise<ConsoleSession> {
  const response = await fetch('/auth/session', { headers: { accept: 'application/json' }, signal });
  if (!response.ok) throw new ApiError(response.status);
  return (await response.json()) as ConsoleSession;
}

export async function signOut(session: ConsoleSession): Promise<void> {
  const response = await fetch('/auth/sign-out', { method: 'POST', headers: { 'X-CSRF-Token': session.csrfToken } });
  if (!response.ok) throw new ApiError(response.status);
}
