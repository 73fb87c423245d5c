import { AccessClientsAndCertificates1764000100000 } from './1764000100000-access-clients-and-certificates';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const ACCESS_MIGRATIONS = [AccessClientsAndCertificates1764000100000];
