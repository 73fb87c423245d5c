import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Field names that may hold a child's record. Callers never log them on purpose; the
 * redaction is the net under that rule (Lantern logs are shipped to shared log stores).
 */
const RECORD_BEARING_FIELDS = ['record', 'payload', 'body', 'value', 'message.value', 'envelope.record', 'parameters'];

/** `destination` is for tests; services log to stdout. */
export function createJsonLogger(service: string, level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      // `parameters`: a failed query's bound values (TypeORM puts them on the error) can be a child's names.
      paths: [...RECORD_BEARING_FIELDS, ...RECORD_BEARING_FIELDS.map((field) => `*.${field}`)],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Routes NestJS's own messages (bootstrap, routes) into the same JSON stream. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
