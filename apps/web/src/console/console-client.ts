// The API as the console's pages call it: same-origin fetches typed by the OpenAPI document
// (generated/hub-api.ts), so a route change that breaks a page fails the web app's type check.
// The session cookie (HttpOnly) goes with every call; every call carries the session's CSRF
// token in X-CSRF-Token, which the API requires on each state-changing one (ADR 0023).
import createClient from 'openapi-fetch';
import { ApiError } from '../api/public-api';
import type { components, paths } from '../api/generated/hub-api';

export type ProblemDetails = components['schemas']['ProblemDetails'];

/** An answer other than 2xx, with the API's problem details when it sent them (their errorId is what a person quotes when reporting it). */
export class ConsoleApiError extends ApiError {
  constructor(
    status: number,
    readonly problem?: ProblemDetails,
  ) {
    super(status);
  }
}

/** Where the browser goes to sign in (the API redirects it to the identity provider), coming back to `returnTo`. */
export function signInUrl(returnTo = '/console'): string {
  return `/auth/sign-in?${new URLSearchParams({ returnTo })}`;
}

/**
 * The API for this browser's session; before the session (and its token) is known, for reading it.
 * Once signed in, a 401 means the session ended (idle or absolute expiry, or sign-out elsewhere):
 * the browser goes to sign in again and comes back to the same page.
 */
export function createConsoleClient(csrfToken?: string) {
  const client = createClient<paths, 'application/json'>({ headers: { accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) } });
  if (csrfToken) {
    client.use({
      onResponse({ response }) {
        if (response.status === 401) window.location.assign(signInUrl(`${window.location.pathname}${window.location.search}`));
      },
    });
  }
  return client;
}

export type ConsoleClient = ReturnType<typeof createConsoleClient>;

/** The answer's body, or a ConsoleApiError carrying the problem the API described. */
export function answerOf<T>({ data, error, response }: { data?: T; error?: unknown; response: Response }): T {
  if (response.ok && data !== undefined) return data;
  throw new ConsoleApiError(response.status, isProblem(error) ? error : undefined);
}

/** For answers without a body (204): throws as answerOf does when the call failed. */
export function succeeded({ error, response }: { error?: unknown; response: Response }): void {
  if (!response.ok) throw new ConsoleApiError(response.status, isProblem(error) ? error : undefined);
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && typeof (body as ProblemDetails).title === 'string' && typeof (body as ProblemDetails).status === 'number';
}
