import { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { Role } from '@lantern/governance';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import { ConsoleSessions } from '../console/console-sessions';
import { parseNewConsolePerson, PeopleRegistry } from './people-registry';

const ISSUER = 'https://login.state.example.gov';
const counsellor = { issuer: ISSUER, subject: '00u1counsellor', role: Role.School, organizationId: '255901001', displayName: 'School counsellor' };

describe('PeopleRegistry and ConsoleSessions against real PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let people: PeopleRegistry;
  let sessions: ConsoleSessions;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    const auditLog = new AuditLog(database.dataSource);
    people = new PeopleRegistry(database.dataSource, auditLog);
    sessions = new ConsoleSessions(database.dataSource, auditLog, { idleMinutes: 15, lifetimeHours: 8 });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('registers a person once per identity provider subject, finds them by it, and refuses the same subject twice', async () => {
    const added = await people.add(counsellor, 'person:lp_steward');
    expect(added).toMatchObject({ ...counsellor, personId: expect.stringMatching(/^lp_/), createdBy: 'person:lp_steward' });
    expect(await people.findByIdentity(ISSUER, counsellor.subject)).toEqual(added);
    // The same subject at another provider is someone else.
    expect(await people.findByIdentity('https://other.example.gov', counsellor.subject)).toBeUndefined();
    await expect(people.add({ ...counsellor, role: Role.Steward }, 'person:lp_steward')).rejects.toMatchObject({ code: LanternErrorCode.Conflict });
    expect((await people.list()).filter((person) => person.subject === counsellor.subject)).toEqual([added]);
  });

  it('keeps only a hash of each session id, ends a session at its absolute lifetime however busy, and a removed person’s sessions with them', async () => {
    const person = await people.add({ ...counsellor, subject: '00u2teacher' }, 'cli');
    const { sessionToken, session } = await sessions.start(person, {});
    expect(session.person).toEqual(person);
    const stored: Array<{ session_hash: string }> = await database.dataSource.query(`SELECT session_hash FROM console_session WHERE person_id = $1`, [person.personId]);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(sessionToken);
    expect(await sessions.resume(sessionToken)).toEqual(session);
    await database.owner.query(`UPDATE console_session SET created_at = now() - interval '8 hours' WHERE person_id = $1`, [person.personId]);
    expect(await sessions.resume(sessionToken)).toBeUndefined();

    const again = await sessions.start(person, {});
    await people.remove(person.personId, 'cli');
    expect(await sessions.resume(again.sessionToken)).toBeUndefined();
    await expect(people.remove(person.personId, 'cli')).rejects.toMatchObject({ code: LanternErrorCode.RecordNotFound });
  });

  it('refuses a registration without an issuer URL, a subject, or with a school that is not an Ed-Fi id, naming the field', () => {
    const refusal = (input: object) => {
      try {
        parseNewConsolePerson(input);
        return undefined;
      } catch (error) {
        return (error as LanternError).detail;
      }
    };
    expect(refusal(counsellor)).toBeUndefined();
    expect(refusal({ ...counsellor, issuer: 'not a url' })).toBe("issuer must be the identity provider's issuer URL");
    expect(refusal({ ...counsellor, subject: '' })).toMatch(/^subject must be 1 to 255 characters/);
    expect(refusal({ ...counsellor, organizationId: 'grand-bend' })).toBe('organizationId of a school person must be its Ed-Fi educationOrganizationId (a whole number)');
    expect(refusal({ ...counsellor, role: 'admin' })).toMatch(/^role must be one of/);
  });
});
