import { localDateOf } from '@lantern/care-rules';
import { type CareFlag, FLAG_STATUS_CODES, type FlagStatusCode, validatedCareFlag } from '@lantern/care-notices';
import { LanternError, LanternErrorCode } from '@lantern/errors';

const LOCAL_IDENTIFIER = /^.{1,64}$/u;
const ORGANIZATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

/** POST /care/flags body: a flag exactly as the partner.careFlag contract allows, nothing more. */
export class IssueCareFlagCommand {
  private constructor(readonly flag: CareFlag) {}

  static from(body: unknown, now: Date = new Date()): IssueCareFlagCommand {
    return new IssueCareFlagCommand(validatedCareFlag(body, localDateOf(now)));
  }
}

/** GET /care/flags query: a page (from 1) of the agency's flags, optionally of one status. */
export class AgencyFlagsCommand {
  static readonly PAGE_SIZE = 20;

  private constructor(
    readonly page: number,
    readonly status: FlagStatusCode | undefined,
  ) {}

  static from(query: Record<string, string | undefined>): AgencyFlagsCommand {
    const { page = '1', status } = query;
    if (!/^[1-9]\d{0,5}$/.test(page)) invalid('page must be a whole number from 1');
    if (status !== undefined && !(FLAG_STATUS_CODES as readonly string[]).includes(status)) invalid(`status must be one of ${FLAG_STATUS_CODES.join(', ')}`);
    return new AgencyFlagsCommand(Number(page), status as FlagStatusCode | undefined);
  }
}

/** /care/flags/:flagId: the agency's own id for one of its flags. */
export class CareFlagReference {
  private constructor(readonly flagId: string) {}

  static from(flagId: string): CareFlagReference {
    if (!LOCAL_IDENTIFIER.test(flagId)) invalid('flagId must be 1 to 64 characters');
    return new CareFlagReference(flagId);
  }
}

/** PUT /care/calendars/:organizationId body: the school's or district's non-school weekdays. */
export class ReplaceSchoolCalendarCommand {
  private constructor(
    readonly organizationId: string,
    readonly nonSchoolDays: readonly string[],
  ) {}

  static from(organizationId: string, body: unknown): ReplaceSchoolCalendarCommand {
    if (!ORGANIZATION_ID.test(organizationId)) invalid('organizationId must name a school or district');
    const days = (body as { nonSchoolDays?: unknown } | null)?.nonSchoolDays;
    if (!Array.isArray(days) || days.some((day) => typeof day !== 'string')) invalid('nonSchoolDays must be a list of dates (YYYY-MM-DD)');
    return new ReplaceSchoolCalendarCommand(organizationId, days as string[]);
  }
}
