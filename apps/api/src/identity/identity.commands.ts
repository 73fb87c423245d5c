import { LanternError, LanternErrorCode } from '@lantern/errors';
import { isValidSid } from '@lantern/identity';

const MAX_SPLIT_RECORDS = 500;
const MAX_REVIEW_PAGE = 100;

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

function sid(value: unknown, name: string): string {
  return typeof value === 'string' && isValidSid(value) ? value : invalid(`${name} must be a valid SID (11 digits with its check digit)`);
}

function text(value: unknown, name: string): string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 200 ? value : invalid(`${name} is required`);
}

const bodyOf = (body: unknown) => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});

export class AcceptReviewCommand {
  private constructor(readonly sid: string) {}
  static from(body: unknown) {
    return new AcceptReviewCommand(sid(bodyOf(body).sid, 'sid'));
  }
}

export class MergeSidsCommand {
  private constructor(
    readonly survivor: string,
    readonly retired: string,
  ) {}
  static from(body: unknown) {
    const { survivor, retired } = bodyOf(body);
    return new MergeSidsCommand(sid(survivor, 'survivor'), sid(retired, 'retired'));
  }
}

export class SplitSidCommand {
  private constructor(
    readonly sid: string,
    readonly records: Array<{ sourceSystem: string; localId: string }>,
  ) {}
  static from(body: unknown) {
    const { sid: target, records } = bodyOf(body);
    if (!Array.isArray(records) || records.length === 0 || records.length > MAX_SPLIT_RECORDS) invalid(`records must list 1 to ${MAX_SPLIT_RECORDS} records`);
    return new SplitSidCommand(
      sid(target, 'sid'),
      (records as unknown[]).map((record, index) => ({
        sourceSystem: text(bodyOf(record).sourceSystem, `records[${index}].sourceSystem`),
        localId: text(bodyOf(record).localId, `records[${index}].localId`),
      })),
    );
  }
}

export class CrosswalkLookupCommand {
  private constructor(
    readonly sourceSystem: string,
    readonly localId: string,
  ) {}
  static from(query: Record<string, string | undefined>) {
    return new CrosswalkLookupCommand(text(query.sourceSystem, 'sourceSystem'), text(query.localId, 'localId'));
  }
}

/** GET /identity/reviews query: a page of the open queue, optionally of one source system's records. */
export class ListReviewsCommand {
  private constructor(
    readonly sourceSystem: string | undefined,
    readonly afterId: number | undefined,
    readonly limit: number,
  ) {}
  static from(query: Record<string, string | undefined>) {
    return new ListReviewsCommand(
      query.sourceSystem === undefined ? undefined : text(query.sourceSystem, 'sourceSystem'),
      query.afterId === undefined ? undefined : wholeNumber(query.afterId, 'afterId', Number.MAX_SAFE_INTEGER),
      query.limit === undefined ? 20 : wholeNumber(query.limit, 'limit', MAX_REVIEW_PAGE),
    );
  }
}

function wholeNumber(raw: string, name: string, max: number): number {
  const value = Number(raw);
  return /^\d{1,16}$/.test(raw) && value >= 1 && value <= max ? value : invalid(`${name} must be a whole number from 1 to ${max}`);
}

export function sidParameter(value: string): string {
  return sid(value, 'sid');
}

export function reviewIdParameter(value: string): number {
  return /^\d{1,15}$/.test(value) ? Number(value) : invalid('review id must be a whole number');
}

export function modelIdParameter(value: string): string {
  return /^im-[0-9a-f]{16}$/.test(value) ? value : invalid('model id must be im- and 16 hexadecimal digits');
}
