import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { DisclosurePage } from '@lantern/disclosures';

const MAX_PAGE = 500;

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

/** GET /disclosures/organizations/:organizationId query: newest first, paged by id. */
export class OrganizationDisclosuresCommand {
  private constructor(
    readonly organizationId: string,
    readonly page: DisclosurePage,
  ) {}

  static from(organizationId: string, query: Record<string, string | undefined>): OrganizationDisclosuresCommand {
    const { beforeId, limit = '100' } = query;
    if (beforeId !== undefined && !/^[1-9]\d{0,17}$/.test(beforeId)) invalid('beforeId must be a disclosure id');
    if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE) invalid(`limit must be a whole number from 1 to ${MAX_PAGE}`);
    return new OrganizationDisclosuresCommand(organizationId, { beforeId, limit: Number(limit) });
  }
}
