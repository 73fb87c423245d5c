import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import pino from 'pino';
import { ProblemDetailsFilter } from './problem-details.filter';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, filter: new ProblemDetailsFilter(logger) };
}

function respond(filter: ProblemDetailsFilter, exception: unknown) {
  const sent: { status?: number; type?: string; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const response = {
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return response;
    },
    status(code: number) {
      sent.status = code;
      return response;
    },
    type(type: string) {
      sent.type = type;
      return response;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
      return response;
    },
  };
  const request = { method: 'GET', baseUrl: '', route: { path: '/k12/students/:studentUniqueId' }, url: '/k12/students/S-SECRET-ID' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  filter.catch(exception, host);
  return sent;
}

describe('ProblemDetailsFilter', () => {
  it('answers an unexpected failure with 500 problem details whose errorId is also in the log', () => {
    const { lines, filter } = capture();
    const sent = respond(filter, new Error('connection reset while reading S-SECRET-ID'));
    expect(sent.status).toBe(500);
    expect(sent.type).toBe('application/problem+json');
    expect(sent.body).toMatchObject({ status: 500, title: 'Internal server error', instance: '/k12/students/:studentUniqueId' });
    expect(JSON.stringify(sent.body)).not.toContain('connection reset');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, errorId: sent.body?.errorId, route: '/k12/students/:studentUniqueId' });
    expect(JSON.stringify(lines[0])).not.toContain('/k12/students/S-SECRET-ID');
  });

  it('maps every domain error code to its status, logged as a refusal rather than a fault', () => {
    const { lines, filter } = capture();
    for (const code of Object.values(LanternErrorCode)) {
      const sent = respond(filter, new LanternError(code, 'explained'));
      expect(sent.status).toBeGreaterThanOrEqual(400);
      expect(sent.body).toMatchObject({ detail: 'explained', type: `urn:lantern:problem:${code.toLowerCase()}` });
    }
    expect(lines.every((line) => line.msg === 'request refused')).toBe(true);
  });

  it('tells a caller over a limit when to retry, and only then', () => {
    const { filter } = capture();
    const limited = respond(filter, new LanternError(LanternErrorCode.TooManyRequests, 'Too many requests.', 42));
    expect(limited.status).toBe(429);
    expect(limited.headers['Retry-After']).toBe('42');
    expect(respond(filter, new LanternError(LanternErrorCode.Overloaded, 'Busy.', 1))).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
    expect(respond(filter, new LanternError(LanternErrorCode.Conflict, 'No.')).headers).toEqual({});
  });

  it('passes framework HTTP errors through with their status', () => {
    const { filter } = capture();
    expect(respond(filter, new NotFoundException('Cannot GET /nowhere')).status).toBe(404);
  });
});
