import type { INestApplication } from '@nestjs/common';
import type { DevelopmentIdentityProvider } from '@lantern/test-environment';
import request from 'supertest';

/** The console's callback as registered with the test's identity provider; never dialled: the tests hand the callback to the app themselves. */
export const TEST_REDIRECT_URI = 'http://127.0.0.1:9/auth/callback';

/** The API's console settings for an identity provider. */
export function consoleSettingsFor(provider: DevelopmentIdentityProvider): Record<string, string> {
  return { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_REDIRECT_URI: TEST_REDIRECT_URI };
}

/** What the API answered at /auth/callback: where it sends the browser, and the session cookie if it set one. */
export interface CallbackAnswer {
  readonly location: string;
  /** `lantern_session=…`, ready for a Cookie header. */
  readonly sessionCookie?: string;
}

function setCookies(headers: Record<string, unknown>): string[] {
  const value = headers['set-cookie'];
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0];
}

/**
 * Signs `subject` in the way a browser does: the API's /auth/sign-in, the identity provider's
 * authorization endpoint and its one-click sign-in page (fetch, with the provider's cookies
 * kept), then the API's /auth/callback with the query the provider sent back.
 */
export async function signInThroughProvider(app: INestApplication, subject: string): Promise<CallbackAnswer> {
  const http = request(app.getHttpServer());
  const start = await http.get('/auth/sign-in').query({ returnTo: '/console' }).expect(302);
  const pendingCookie = setCookies(start.headers)
    .map(cookiePair)
    .find((pair) => pair.startsWith('lantern_sign_in='));
  const providerCookies = new Map<string, string>();
  let location = new URL(start.headers.location as string);
  for (let hop = 0; hop < 10 && !location.href.startsWith(TEST_REDIRECT_URI); hop++) {
    const onSignInPage = /\/interaction\/[^/]+\/login$/.test(location.pathname);
    const response = await fetch(location, {
      method: onSignInPage ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...providerCookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(onSignInPage ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: onSignInPage ? new URLSearchParams({ subject }).toString() : undefined,
    });
    for (const pair of response.headers.getSetCookie().map(cookiePair)) providerCookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    const next = response.headers.get('location');
    if (!next) throw new Error(`the identity provider answered ${response.status} without a redirect at ${location.pathname}`);
    // The sign-in page's form posts to <interaction>/login: go there directly, as its one-click button does.
    location = new URL(next, location);
    if (/\/interaction\/[^/]+$/.test(location.pathname)) location = new URL(`${location.pathname}/login`, location);
  }
  const callback = await http
    .get(`/auth/callback${location.search}`)
    .set('Cookie', pendingCookie ?? '')
    .expect(302);
  const sessionCookie = setCookies(callback.headers)
    .map(cookiePair)
    .find((pair) => pair.startsWith('lantern_session=') && pair.length > 'lantern_session='.length);
  return { location: callback.headers.location as string, sessionCookie };
}
