import { AUDIT_KINDS, type AuditKind } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';

export const AUDIT_PAGE_SIZE = 50;
const MAX_PAGE = 10_000;

/** GET /audit/entries query: a page of recent entries, newest first, optionally of one kind. */
export class ListAuditEntriesCommand {
  private constructor(
    readonly page: number,
    readonly kind: AuditKind | undefined,
  ) {}

  static from(query: Record<string, string | undefined>) {
    const { page = '1', kind } = query;
    if (!/^\d{1,5}$/.test(page) || Number(page) < 1 || Number(page) > MAX_PAGE) throw new LanternError(LanternErrorCode.InvalidRequest, `page must be a whole number from 1 to ${MAX_PAGE}`);
    if (kind !== undefined && !(AUDIT_KINDS as readonly string[]).includes(kind)) throw new LanternError(LanternErrorCode.InvalidRequest, `kind must be one of ${AUDIT_KINDS.join(', ')}`);
    return new ListAuditEntriesCommand(Number(page), kind as AuditKind | undefined);
  }
}
