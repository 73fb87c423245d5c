import { Controller, Get, Header, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Authenticated, type AuthenticatedRequest, CONSOLE_HOME, CONSOLE_SESSION_COOKIE, cookieValue, encodePendingSignIn, parsePendingSignIn, Public } from '@lantern/access';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { CookieOptions, Request, Response } from 'express';
import { consoleSchema } from './console.schemas';
import { SignInUseCase, SignOutUseCase } from './console.use-cases';

/** Kept from GET /auth/sign-in until the identity provider sends the browser back to /auth/callback. */
const PENDING_SIGN_IN_COOKIE = 'lantern_sign_in';
const PENDING_SIGN_IN_MINUTES = 10;

/**
 * Both cookies: out of reach of the page's scripts, only over HTTPS (browsers count
 * http://localhost and 127.0.0.1 as secure), and sent on the top-level navigation back from
 * the identity provider (Lax) but not with a cross-site POST (ADR 0023).
 */
const COOKIE: CookieOptions = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' };

/** Where the web app's console page tells a person why sign-in did not finish. */
function consoleWith(signIn: 'not-registered' | 'failed'): string {
  return `${CONSOLE_HOME}?signIn=${signIn}`;
}

@ApiTags('console sign-in')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInUseCase,
    private readonly signOut: SignOutUseCase,
  ) {}

  @Public()
  @Get('sign-in')
  @ApiOperation({ summary: 'Sign in to the console: redirects to the identity provider (authorization code with PKCE); returnTo is a page of this site to come back to' })
  @ApiQuery({ name: 'returnTo', type: String, required: false, description: 'A path on this site (anything else means /console)', example: '/console/inbox' })
  @ApiFoundResponse({ description: "To the identity provider's authorization endpoint, with a short-lived cookie holding the sign-in's state, nonce and PKCE verifier" })
  async begin(@Query('returnTo') returnTo: unknown, @Res() response: Response): Promise<void> {
    const { authorizationUrl, pending } = await this.signIn.begin(returnTo);
    response.setHeader('Cache-Control', 'no-store');
    response.cookie(PENDING_SIGN_IN_COOKIE, encodePendingSignIn(pending), { ...COOKIE, maxAge: PENDING_SIGN_IN_MINUTES * 60_000 });
    response.redirect(302, authorizationUrl.href);
  }

  @Public()
  @Get('callback')
  @ApiOperation({ summary: 'Where the identity provider sends the browser back: a registered person gets a session cookie and lands on the console' })
  @ApiFoundResponse({ description: 'To returnTo with the session cookie, or to /console?signIn=not-registered|failed without one' })
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const pending = parsePendingSignIn(cookieValue(request.headers.cookie, PENDING_SIGN_IN_COOKIE));
    response.setHeader('Cache-Control', 'no-store');
    response.clearCookie(PENDING_SIGN_IN_COOKIE, COOKIE);
    const query = request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?')) : '';
    const outcome = await this.signIn.complete(query, pending, request.ip).catch((error: unknown) => {
      if (error instanceof LanternError) return { signedIn: false as const, reason: 'failed' as const };
      throw error;
    });
    if (!outcome.signedIn) return response.redirect(302, consoleWith(outcome.reason));
    response.cookie(CONSOLE_SESSION_COOKIE, outcome.sessionToken, COOKIE);
    response.redirect(302, outcome.returnTo);
  }

  @Authenticated()
  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: "End this browser's console session (its CSRF token in X-CSRF-Token); a client's bearer token is not affected" })
  @ApiNoContentResponse({ description: 'Signed out; the session cookie is cleared' })
  async end(@Req() request: Request & AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    const sessionToken = cookieValue(request.headers.cookie, CONSOLE_SESSION_COOKIE);
    if (request.consoleSession && sessionToken) await this.signOut.run(sessionToken, request.consoleSession);
    response.clearCookie(CONSOLE_SESSION_COOKIE, COOKIE);
  }

  @Authenticated()
  @Get('session')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Who is signed in to the console in this browser (name, role, organisation) and the CSRF token their changes carry' })
  @ApiOkResponse({ schema: consoleSchema('ConsoleSession') })
  @ApiUnauthorizedResponse({ description: 'Nobody is signed in to the console in this browser' })
  session(@Req() request: AuthenticatedRequest) {
    const session = request.consoleSession;
    if (!session) throw new LanternError(LanternErrorCode.Unauthenticated, 'This request has no console session; people sign in at /auth/sign-in.');
    const { personId, displayName, role, organizationId } = session.person;
    return { personId, displayName, role, organizationId, csrfToken: session.csrfToken };
  }
}
