import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { Request } from 'express';

/** Names are the caller's own text: quoted back only when they look like a parameter name. */
const QUOTABLE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;

/**
 * The query string, one text value per name. Every route takes one value per parameter (a
 * list is comma-separated within it), so a repeated name (`?elements=a&elements=b`, which
 * Express reads as an array) is refused with 400 rather than reaching code that expects text.
 */
export const QueryParameters = createParamDecorator((_: unknown, context: ExecutionContext): Record<string, string> => {
  const query = context.switchToHttp().getRequest<Request>().query as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') continue;
    const which = QUOTABLE_NAME.test(name) ? `Query parameter ${name}` : 'A query parameter';
    throw new LanternError(LanternErrorCode.InvalidRequest, `${which} was given more than once; give it once (a list is comma-separated).`);
  }
  return query as Record<string, string>;
});
