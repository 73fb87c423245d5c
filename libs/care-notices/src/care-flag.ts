import { canonicalJson } from '@lantern/audit';
import { ContractRegistry } from '@lantern/contracts';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { isLocalDate } from '@lantern/care-rules';
import { createHash } from 'node:crypto';

/** The published contract of a flag (contracts/partner/care-flag.v1.schema.json): no reason, no narrative, nothing unknown. */
export const CARE_FLAG_CONTRACT = 'partner.careFlag';

/** A flag as the contract allows it. */
export interface CareFlag {
  agency: { agencyId: string; agencyName?: string };
  flagId: string;
  agencyType?: string;
  person: { localPersonId: string; firstName?: string; middleName?: string; lastSurname?: string; birthDate?: string; sexDescriptor?: string };
  eventDate: string;
  expiresOn?: string;
}

const registry = ContractRegistry.default();

/**
 * Checks a flag against its contract (the same validation Kafka flags get), and that its
 * dates make sense: an event cannot be in the future, a notice cannot expire before it.
 * Refusals name the field and the rule, never a value.
 */
export function validatedCareFlag(record: unknown, today: string): CareFlag {
  const violation = registry.validateRecord(registry.contract(CARE_FLAG_CONTRACT), 'upsert', record);
  if (violation) throw new LanternError(LanternErrorCode.InvalidRequest, `${violation.path || '/'} ${violation.rule}`);
  const flag = record as CareFlag;
  // The schema's date format is syntactic; a real calendar day is checked here.
  if (!isLocalDate(flag.eventDate)) throw new LanternError(LanternErrorCode.InvalidRequest, '/eventDate must be a calendar date');
  if (flag.eventDate > today) throw new LanternError(LanternErrorCode.InvalidRequest, '/eventDate must not be in the future');
  if (flag.expiresOn !== undefined && (!isLocalDate(flag.expiresOn) || flag.expiresOn < today)) {
    throw new LanternError(LanternErrorCode.InvalidRequest, '/expiresOn must be a calendar date from today on');
  }
  return flag;
}

/** Identifies a flag's content, so a redelivered or resent identical flag changes nothing. */
export function careFlagContentHash(flag: CareFlag): string {
  return createHash('sha256').update(canonicalJson(flag)).digest('hex');
}
