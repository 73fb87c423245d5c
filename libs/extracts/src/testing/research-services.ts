import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import type { DataSource } from 'typeorm';
import { ExtractRequests } from '../extract-requests';
import { ResearchProjects } from '../research-projects';

/** The research services over one test database, wired as the API wires them. */
export function researchServices(dataSource: DataSource, logger: ConstructorParameters<typeof PolicyDecisions>[2]) {
  const auditLog = new AuditLog(dataSource);
  const agreements = new AgreementRegistry(dataSource, auditLog);
  const projects = new ResearchProjects(dataSource, agreements, auditLog);
  const requests = new ExtractRequests(dataSource, projects, agreements, new PolicyDecisions(agreements, auditLog, logger), new DisclosureLog(dataSource, auditLog), auditLog);
  return { auditLog, agreements, projects, requests };
}
