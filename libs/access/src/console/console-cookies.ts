/** The console session's cookie: HttpOnly, Secure, SameSite=Lax, Path=/ (ADR 0023). */
export const CONSOLE_SESSION_COOKIE = 'lantern_session';

/** The request header a state-changing request signed in by the session cookie carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** One cookie's value from a Cookie request header, if present. */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const pair of cookieHeader?.split(';') ?? []) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}
