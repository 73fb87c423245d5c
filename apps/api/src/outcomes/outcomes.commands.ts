import { LanternError, LanternErrorCode } from '@lantern/errors';

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

const bodyOf = (body: unknown) => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
const ID = /^[1-9][0-9]{0,17}$/;

/** A school year by its spring (2025 = 2024–25). */
export function schoolYearParameter(value: unknown, name = 'schoolYear'): number {
  const year = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  return typeof year === 'number' && Number.isInteger(year) && year >= 2000 && year <= 2099 ? year : invalid(`${name} must be a school year such as 2025 (2024–25).`);
}

export function idParameter(value: string, name: string): string {
  return ID.test(value) ? value : invalid(`${name} must be a positive whole number.`);
}

export class RequestOutcomesRunCommand {
  private constructor(readonly schoolYear: number) {}
  static from(body: unknown) {
    return new RequestOutcomesRunCommand(schoolYearParameter(bodyOf(body).schoolYear));
  }
}
