import { AccessClientsAndCertificates1764000100000 } from './1764000100000-access-clients-and-certificates';
import { ConsolePeopleAndSessions1765900000000 } from './1765900000000-console-people-and-sessions';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const ACCESS_MIGRATIONS = [AccessClientsAndCertificates1764000100000, ConsolePeopleAndSessions1765900000000];
