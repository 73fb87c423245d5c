import { AgreementsAndDisclosures1764000210000 } from './1764000210000-agreements';
import { AgreementRowLock1765520000001 } from './1765520000001-agreement-row-lock';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const AGREEMENTS_MIGRATIONS = [AgreementsAndDisclosures1764000210000, AgreementRowLock1765520000001];
