import { PeopleRegistry } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { Role } from '@lantern/governance';
import type { DevelopmentPerson } from '@lantern/provisioning';
import type { DataSource } from 'typeorm';

/** One demo person per role, as the development identity provider knows them and the hub registers them. */
export const DEMO_PEOPLE: ReadonlyArray<DevelopmentPerson & { role: Role; organizationId: string }> = [
  { subject: 'demo-steward', name: 'Sam Rivera', role: Role.Steward, organizationId: 'state' },
  { subject: 'demo-researcher', name: 'Lee Chen', role: Role.Researcher, organizationId: 'univ-policy-lab' },
  { subject: 'demo-agency', name: 'Jordan Miles', role: Role.Agency, organizationId: 'dcfs' },
  { subject: 'demo-school', name: 'Alex Kim', role: Role.School, organizationId: '255901001' },
  { subject: 'demo-district', name: 'Morgan Diaz', role: Role.District, organizationId: '255901' },
].map((person) => ({ ...person, description: `${person.role}, ${person.organizationId}` }));

/** Registers the demo people for `issuer` in the hub's people table, once (a later start finds them there). */
export async function registerDemoPeople(dataSource: DataSource, issuer: string): Promise<void> {
  const people = new PeopleRegistry(dataSource, new AuditLog(dataSource));
  for (const person of DEMO_PEOPLE) {
    if (await people.findByIdentity(issuer, person.subject)) continue;
    await people.add({ issuer, subject: person.subject, role: person.role, organizationId: person.organizationId, displayName: person.name }, 'npm-start');
  }
}
