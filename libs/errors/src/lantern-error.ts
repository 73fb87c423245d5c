/**
 * Every failure a user can cause or meet has a code here. Transports map each code to a
 * response (see the API's problem-details filter, whose table must cover every code), so a
 * new code cannot ship without a decision on what the caller sees.
 */
export enum LanternErrorCode {
  RecordNotFound = 'RECORD_NOT_FOUND',
  InvalidRequest = 'INVALID_REQUEST',
  /** No valid credentials (bearer token or client certificate) came with the request. */
  Unauthenticated = 'UNAUTHENTICATED',
  /** The caller is known but its role may not do this; says nothing about any record. */
  Forbidden = 'FORBIDDEN',
  /** A state-changing request signed in by a console session cookie came without that session's CSRF token (X-CSRF-Token). */
  CsrfTokenRequired = 'CSRF_TOKEN_REQUIRED',
  /** The request is well formed but the current state refuses it, e.g. approving a terminated agreement. */
  Conflict = 'CONFLICT',
  /** The caller (a client or an address) went over a request limit; retry after `retryAfterSeconds`. */
  TooManyRequests = 'TOO_MANY_REQUESTS',
  /** The hub has too much of this work in hand to take more now; retry after `retryAfterSeconds`. */
  Overloaded = 'OVERLOADED',
}

export class LanternError extends Error {
  constructor(
    readonly code: LanternErrorCode,
    /** Safe to show the caller: never includes a child's personal data. */
    readonly detail: string,
    /** When to try again (seconds): sent as Retry-After with TooManyRequests and Overloaded. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'LanternError';
  }
}
