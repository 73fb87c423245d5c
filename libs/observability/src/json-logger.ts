import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Field names that may hold a child's record. Callers never log them on purpose; the
 * redaction is the net under that rule (Lantern logs are shipped to shared log stores).
 */
const RECORD_BEARING_FIELDS = ['record', 'payload', 'body', 'value', 'message.value', 'envelope.record', 'parameters'];

/**
 * A PostgreSQL error's fields that can quote a row (`detail`: "Key (first_name)=(Maria) already
 * exists", `where`: the failing statement's context), wherever the error is logged (`err`,
 * `error`). TypeORM copies them onto its QueryFailedError and keeps the driver's error beside
 * them, so both copies are covered. A top-level `detail` is the caller's own, safe text.
 */
const DATABASE_ERROR_FIELDS = ['detail', 'where'].flatMap((field) => [`*.${field}`, `*.driverError.${field}`]);

/** `destination` is for tests; services log to stdout. */
export function createJsonLogger(service: string, level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      // `parameters`: a failed query's bound values (TypeORM puts them on the error) can be a child's names.
      paths: [...RECORD_BEARING_FIELDS, ...RECORD_BEARING_FIELDS.map((field) => `*.${field}`), ...DATABASE_ERROR_FIELDS],
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
