import { AuditLog } from '@lantern/audit';
import { LanternError } from '@lantern/errors';
import { Role } from '@lantern/governance';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { ClientRegistry, parseNewClient } from './client-registry';

describe('ClientRegistry against real PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let clients: ClientRegistry;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    clients = new ClientRegistry(dataSource, new AuditLog(dataSource));
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('registers a client, shows its secret once and stores only a salted scrypt hash', async () => {
    const first = await clients.register({ role: Role.School, organizationId: '255901001', displayName: 'Grand Bend High School' }, 'cli');
    const second = await clients.register({ role: Role.School, organizationId: '255901001', displayName: 'Grand Bend High School' }, 'cli');
    expect(first.registration).toMatchObject({ role: 'school', organizationId: '255901001', status: 'active', createdBy: 'cli', disabledAt: null });
    expect(first.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.registration.clientId).not.toBe(second.registration.clientId);
    const rows: Array<{ secret_hash: string }> = await dataSource.query(`SELECT secret_hash FROM api_client ORDER BY created_at`);
    expect(rows.map((row) => row.secret_hash.split('$').slice(0, 4))).toEqual([
      ['scrypt', '32768', '8', '1'],
      ['scrypt', '32768', '8', '1'],
    ]);
    expect(rows[0].secret_hash).not.toContain(first.clientSecret);
    // Per-secret salt: no two hashes alike.
    expect(rows[0].secret_hash.split('$')[4]).not.toBe(rows[1].secret_hash.split('$')[4]);
    expect(JSON.stringify(await clients.list())).not.toMatch(/scrypt|secret/i);
  });

  it('accepts the right secret and refuses a wrong one, an unknown client and a disabled one', async () => {
    const { registration, clientSecret } = await clients.register({ role: Role.Agency, organizationId: 'dcfs', displayName: 'Child welfare' }, 'cli');
    expect(await clients.checkSecret(registration.clientId, clientSecret)).toMatchObject({ accepted: true, registration: { role: 'agency' } });
    expect(await clients.checkSecret(registration.clientId, `${clientSecret}x`)).toMatchObject({ accepted: false, reason: 'wrong-secret' });
    expect(await clients.checkSecret('lc_nobody', clientSecret)).toEqual({ accepted: false, reason: 'unknown-client' });

    await clients.disable(registration.clientId, 'steward-console');
    const disabledTwice = await clients.disable(registration.clientId, 'steward-console');
    expect(disabledTwice.status).toBe('disabled');
    expect(await clients.checkSecret(registration.clientId, clientSecret)).toMatchObject({ accepted: false, reason: 'disabled' });
    // Someone without the secret does not learn that the client is disabled.
    expect(await clients.checkSecret(registration.clientId, 'guess')).toMatchObject({ accepted: false, reason: 'wrong-secret' });
  });

  it('audits every registration and every disabling with who did it, and never the secret', async () => {
    const { registration, clientSecret } = await clients.register({ role: Role.District, organizationId: '255901', displayName: 'Grand Bend district' }, 'steward-console');
    await clients.disable(registration.clientId, 'steward-other');
    const entries: Array<{ kind: string; actor: string; details: Record<string, unknown> }> = await dataSource.query(
      `SELECT kind, actor, details FROM audit_entry WHERE subject = $1 ORDER BY id`,
      [`client:${registration.clientId}`],
    );
    expect(entries).toEqual([
      { kind: 'client-registered', actor: 'steward-console', details: { role: 'district', organizationId: '255901' } },
      { kind: 'client-disabled', actor: 'steward-other', details: { role: 'district', organizationId: '255901' } },
    ]);
    expect(JSON.stringify(await dataSource.query(`SELECT * FROM audit_entry`))).not.toContain(clientSecret);
  });

  it('answers an unknown client id with not found', async () => {
    await expect(clients.disable('lc_nobody', 'steward-console')).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
    await expect(clients.get('lc_nobody')).rejects.toBeInstanceOf(LanternError);
  });
});

describe('parseNewClient', () => {
  const refusal = (input: unknown) => {
    try {
      parseNewClient(input);
      return undefined;
    } catch (error) {
      return (error as LanternError).detail;
    }
  };

  it('accepts a registration and trims the display name', () => {
    expect(parseNewClient({ role: 'district', organizationId: '255901', displayName: ' Grand Bend ISD ', extra: 1 })).toEqual({
      role: 'district',
      organizationId: '255901',
      displayName: 'Grand Bend ISD',
    });
  });

  it('names what is wrong', () => {
    expect(refusal({ role: 'admin', organizationId: 'x', displayName: 'x' })).toBe('role must be one of steward, researcher, agency, school, district');
    expect(refusal({ role: 'agency', organizationId: "x' OR 1=1", displayName: 'x' })).toMatch(/^organizationId must be 1 to 64/);
    expect(refusal({ role: 'school', organizationId: 'grand-bend', displayName: 'x' })).toBe('organizationId of a school client must be its Ed-Fi educationOrganizationId (a whole number)');
    expect(refusal({ role: 'steward', organizationId: 'sea', displayName: '   ' })).toBe('displayName must be 1 to 100 characters');
    expect(refusal(null)).toMatch(/^role must be/);
  });
});
