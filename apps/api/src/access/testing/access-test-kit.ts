import type { INestApplication } from '@nestjs/common';
import { ClientRegistry } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { loadSettings } from '@lantern/config';
import type { Role } from '@lantern/governance';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { API_SETTINGS, type ApiSettings } from '../../api-settings';

/** Suites sign in many clients and issue many flags from one address; the request-limit tests set their own. */
const UNLIMITED_FROM_ONE_ADDRESS = {
  API_TOKEN_REQUESTS_PER_ADDRESS: '1000000',
  API_CARE_FLAGS_PER_ADDRESS: '1000000',
  API_CARE_FLAGS_PER_CLIENT: '1000000',
  API_PUBLIC_REQUESTS_PER_ADDRESS: '1000000',
};

/**
 * API settings for a test, read through the same validation as production; throwaway keys
 * unless the test configures its own.
 */
export function testApiSettings(environment: Record<string, string | undefined>): ApiSettings {
  return loadSettings(API_SETTINGS, { LANTERN_DEV_EPHEMERAL_KEYS: 'true', API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'warn', ...UNLIMITED_FROM_ONE_ADDRESS, ...environment });
}

export interface TestClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly role: Role;
  readonly organizationId: string;
}

/** Registers a client straight in the database, as the CLI bootstrap or a steward would. */
export async function registerTestClient(dataSource: DataSource, role: Role, organizationId: string): Promise<TestClient> {
  const { registration, clientSecret } = await new ClientRegistry(dataSource, new AuditLog(dataSource)).register(
    { role, organizationId, displayName: `test ${role} ${organizationId}` },
    'test',
  );
  return { clientId: registration.clientId, clientSecret, role, organizationId };
}

/** An access token from POST /oauth/token, the way an Ed-Fi client asks for one (HTTP Basic, form body). */
export async function accessTokenFor(app: INestApplication, client: TestClient): Promise<string> {
  const response = await request(app.getHttpServer()).post('/oauth/token').auth(client.clientId, client.clientSecret).type('form').send({ grant_type: 'client_credentials' }).expect(200);
  return response.body.access_token as string;
}

/** The Authorization header value of a freshly registered client with this role and organisation. */
export async function bearerFor(app: INestApplication, dataSource: DataSource, role: Role, organizationId: string): Promise<string> {
  return `Bearer ${await accessTokenFor(app, await registerTestClient(dataSource, role, organizationId))}`;
}
