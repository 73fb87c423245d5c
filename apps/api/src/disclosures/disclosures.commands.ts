import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { DisclosurePage } from '@lantern/disclosures';

const MAX_PAGE = 500;

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

/** A page of the record of disclosures from the query: newest first, paged by id. */
function pageFrom(query: Record<string, string | undefined>): DisclosurePage {
  const { beforeId, limit = '100' } = query;
  if (beforeId !== undefined && !/^[1-9]\d{0,17}$/.test(beforeId)) invalid('beforeId must be a disclosure id');
  if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE) invalid(`limit must be a whole number from 1 to ${MAX_PAGE}`);
  return { beforeId, limit: Number(limit) };
}

/** GET /disclosures/students/:sid query. */
export class StudentDisclosuresCommand {
  private constructor(
    readonly sid: string,
    readonly page: DisclosurePage,
  ) {}

  static from(sid: string, query: Record<string, string | undefined>): StudentDisclosuresCommand {
    return new StudentDisclosuresCommand(sid, pageFrom(query));
  }
}

/** GET /disclosures/organizations/:organizationId query. */
export class OrganizationDisclosuresCommand {
  private constructor(
    readonly organizationId: string,
    readonly page: DisclosurePage,
  ) {}

  static from(organizationId: string, query: Record<string, string | undefined>): OrganizationDisclosuresCommand {
    return new OrganizationDisclosuresCommand(organizationId, pageFrom(query));
  }
}
