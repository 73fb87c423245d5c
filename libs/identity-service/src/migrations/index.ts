import { Identity1764000300000 } from './1764000300000-identity';
import { PublishedCrosswalk1764900100000 } from './1764900100000-published-crosswalk';
import { SharedIdNamespace1765120000000 } from './1765120000000-shared-id-namespace';
import { IdentityModelVersions1765613000000 } from './1765613000000-identity-model-versions';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const IDENTITY_MIGRATIONS = [Identity1764000300000, PublishedCrosswalk1764900100000, SharedIdNamespace1765120000000, IdentityModelVersions1765613000000];
