import fc from 'fast-check';
import { cookieValue } from './console-cookies';
import { csrfTokenMatches, csrfTokenOf } from './console-sessions';
import { CONSOLE_HOME, encodePendingSignIn, parsePendingSignIn, safeReturnPath } from './console-sign-in';

describe('what sign-in reads from the browser', () => {
  it('returns only to a path of this site: anything else lands on the console', () => {
    expect(safeReturnPath('/console')).toBe('/console');
    expect(safeReturnPath('/schools/255901001?tab=growth')).toBe('/schools/255901001?tab=growth');
    for (const elsewhere of ['//evil.example/console', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', '/a b', undefined, ['/console'], 42]) {
      expect(safeReturnPath(elsewhere)).toBe(CONSOLE_HOME);
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        const path = safeReturnPath(text);
        // Whatever it was given, the result resolves to this site's origin.
        expect(new URL(path, 'https://hub.example').origin).toBe('https://hub.example');
      }),
    );
  });

  it('reads back a pending sign-in it wrote, and nothing from any other cookie value', () => {
    const pending = { state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/console' };
    expect(parsePendingSignIn(encodePendingSignIn(pending))).toEqual(pending);
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parsePendingSignIn(text);
        if (parsed) for (const field of ['state', 'nonce', 'codeVerifier', 'returnTo'] as const) expect(typeof parsed[field]).toBe('string');
      }),
    );
  });

  it('finds one cookie in a Cookie header, whatever else it holds', () => {
    expect(cookieValue('a=1; lantern_session=abc; b=2', 'lantern_session')).toBe('abc');
    expect(cookieValue('xlantern_session=abc', 'lantern_session')).toBeUndefined();
    expect(cookieValue(undefined, 'lantern_session')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{1,43}$/), (noise, value) => {
        const header = `${noise.replace(/[;=]/g, '')}=x; lantern_session=${value}`;
        expect(cookieValue(header, 'lantern_session')).toBe(noise.replace(/[;=]/g, '').trim() === 'lantern_session' ? 'x' : value);
      }),
    );
  });

  it('accepts only the session’s own CSRF token', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.option(fc.string(), { nil: undefined }), (session, presented) => {
        expect(csrfTokenMatches(session, csrfTokenOf(session))).toBe(true);
        expect(csrfTokenMatches(session, presented)).toBe(presented === csrfTokenOf(session));
      }),
    );
  });
});
