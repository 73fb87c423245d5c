import { ServiceRolePrivileges1765520000000 } from './1765520000000-service-role-privileges';

/** The schema changes this library owns (privileges, no tables), oldest first. Add new ones at the end; never edit a released one. */
export const PERSISTENCE_MIGRATIONS = [ServiceRolePrivileges1765520000000];
