import { ContractRegistry } from '@lantern/contracts';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { type RejectFilter, rejectStages } from '@lantern/ingest';

const MAX_PAGE = 500;
const MAX_REPLAY = 1000;
/** A week, hour by hour. */
const MAX_HISTORY_HOURS = 168;
const REJECT_STAGES = rejectStages(ContractRegistry.default());

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

function optionalTime(name: string, raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const time = new Date(raw);
  return Number.isNaN(time.getTime()) ? invalid(`${name} must be an RFC 3339 date-time`) : time;
}

function optionalPositiveInteger(name: string, raw: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= 1 && value <= max ? value : invalid(`${name} must be a whole number from 1 to ${max}`);
}

/** GET /ingest/rejects query, checked before it reaches the database. */
export class ListRejectsCommand {
  private constructor(readonly filter: RejectFilter) {}

  static from(query: Record<string, string | undefined>): ListRejectsCommand {
    if (query.stage !== undefined && !REJECT_STAGES.includes(query.stage)) invalid(`stage must be one of ${REJECT_STAGES.join(', ')}`);
    return new ListRejectsCommand({
      sourceSystem: query.sourceSystem,
      contractId: query.contract,
      stage: query.stage,
      from: optionalTime('from', query.from),
      to: optionalTime('to', query.to),
      beforeId: optionalPositiveInteger('beforeId', query.beforeId),
      limit: optionalPositiveInteger('limit', query.limit, MAX_PAGE) ?? 100,
    });
  }
}

/** POST /ingest/rejects/replay body. */
export class ReplayRejectsCommand {
  private constructor(readonly ids: number[]) {}

  static from(body: unknown): ReplayRejectsCommand {
    const ids = (body as { ids?: unknown } | null)?.ids;
    const valid = Array.isArray(ids) && ids.length >= 1 && ids.length <= MAX_REPLAY && ids.every((id) => Number.isSafeInteger(id) && id > 0);
    if (!valid) invalid(`ids must be a list of 1 to ${MAX_REPLAY} reject ids`);
    return new ReplayRejectsCommand([...new Set(ids as number[])]);
  }
}

/** GET /ingest/history query: how many hours back, and optionally one source system. */
export class IngestionHistoryCommand {
  private constructor(
    readonly hours: number,
    readonly sourceSystem: string | undefined,
  ) {}

  static from(query: Record<string, string | undefined>): IngestionHistoryCommand {
    return new IngestionHistoryCommand(optionalPositiveInteger('hours', query.hours, MAX_HISTORY_HOURS) ?? 24, query.sourceSystem);
  }
}
