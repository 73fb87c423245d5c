import { DEVELOPMENT_IDENTITY_PROVIDER_PATH } from '@lantern/config';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { portOrFree } from '../system/ports';

/** Someone the development identity provider can sign in: its `sub` for them and their name. */
export interface DevelopmentPerson {
  readonly subject: string;
  readonly name: string;
  /** Shown beside the name on the sign-in page, e.g. the role the hub gives them. */
  readonly description: string;
}

export interface DevelopmentIdentityProviderOptions {
  readonly people: readonly DevelopmentPerson[];
  /** The API's /auth/callback URLs (OIDC_REDIRECT_URI) this provider may send a browser back to. */
  readonly redirectUris: readonly string[];
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

export interface DevelopmentIdentityProvider {
  /** OIDC_ISSUER: http://<host>:<port>/lantern-development-idp */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  stop(): Promise<void>;
}

const CLIENT_ID = 'lantern-console';

/**
 * An OpenID Connect provider for development and tests only (`oidc-provider`): one confidential
 * client (the console: authorization code with PKCE), the given people, and a sign-in page where
 * each is one click, no password. Plain HTTP on loopback; its issuer ends with
 * DEVELOPMENT_IDENTITY_PROVIDER_PATH, so a production API refuses it (ADR 0023).
 */
export async function startDevelopmentIdentityProvider(options: DevelopmentIdentityProviderOptions): Promise<DevelopmentIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const clientSecret = randomBytes(24).toString('base64url');
  const people = new Map(options.people.map((person) => [person.subject, person]));
  // The issuer names the port, and the provider is made from the issuer before its server listens.
  const port = await portOrFree(options.port);
  const issuer = `http://${host}:${port}${DEVELOPMENT_IDENTITY_PROVIDER_PATH}`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_context, subject) => {
      const person = people.get(subject);
      return person && { accountId: subject, claims: () => ({ sub: subject, name: person.name }) };
    },
    interactions: { url: (_context, interaction) => `${DEVELOPMENT_IDENTITY_PROVIDER_PATH}/interaction/${interaction.uid}` },
    // The console is the provider's own first-party client: no consent screen.
    loadExistingGrant: async (context: KoaContextWithOIDC) => {
      const { client, session } = context.oidc;
      const grant = new context.oidc.provider.Grant({ clientId: client?.clientId, accountId: session?.accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // A throwaway ID token signing key and short lifetimes: nothing this provider issues outlives the process.
    jwks: { keys: [{ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: 'development', use: 'sig', alg: 'ES256' }] },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  };
  const provider = new Provider(issuer, configuration);
  const server = createServer((request, response) => {
    void route(provider, people, request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`development identity provider: ${error.message}`);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/;

async function route(provider: Provider, people: ReadonlyMap<string, DevelopmentPerson>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(DEVELOPMENT_IDENTITY_PROVIDER_PATH)) {
    response.writeHead(404).end();
    return;
  }
  const interaction = INTERACTION.exec(url.pathname.slice(DEVELOPMENT_IDENTITY_PROVIDER_PATH.length));
  if (!interaction) {
    // Mounted under the issuer's path: oidc-provider finds its mount path from originalUrl, as behind express.
    Object.assign(request, { originalUrl: request.url, url: (request.url ?? '/').slice(DEVELOPMENT_IDENTITY_PROVIDER_PATH.length) || '/' });
    provider.callback()(request, response);
    return;
  }
  const details = await provider.interactionDetails(request, response);
  if (details.uid !== interaction[1]) throw new Error('this sign-in has expired; start again from the console');
  if (request.method === 'POST' && interaction[2]) {
    const subject = new URLSearchParams(await body(request)).get('subject') ?? '';
    if (!people.has(subject)) throw new Error('no such person here');
    await provider.interactionFinished(request, response, { login: { accountId: subject } }, { mergeWithLastSubmission: false });
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(signInPage(`${DEVELOPMENT_IDENTITY_PROVIDER_PATH}/interaction/${details.uid}/login`, [...people.values()]));
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 10_000) reject(new Error('request too large'));
    });
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function signInPage(action: string, people: readonly DevelopmentPerson[]): string {
  const buttons = people
    .map(
      (person) =>
        `<li><button type="submit" name="subject" value="${escapeHtml(person.subject)}">Sign in as ${escapeHtml(person.name)}</button> <span>${escapeHtml(person.description)}</span></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Development identity provider</title></head>
<body><main><h1>Development identity provider</h1>
<p>For development and tests only: choose who to sign in as. A production hub refuses this provider.</p>
<form method="post" action="${escapeHtml(action)}"><ul>
${buttons}
</ul></form></main></body></html>`;
}
