/**
 * SQLSTATE classes in which PostgreSQL refuses a statement for the data it was given: a data
 * exception (22, e.g. a NUL in text), an integrity constraint (23) or a program limit (54, e.g. an
 * index row too large). Sending the same data again fails again.
 */
const CONTENT_CLASSES = new Set(['22', '23', '54']);

// Node's socket errors, and node-postgres's own words for a connection that broke or never came.
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECTION_MESSAGES = /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection/i;

/**
 * Whether a failed database call may succeed if made again unchanged: a lost or refused
 * connection, a server shutting down or restarting, a deadlock, a serialization failure, a
 * cancelled statement. False only when PostgreSQL refused the statement's content, or the
 * error did not come from the database at all. The safe side for anything unknown from the
 * database is "transient": retrying blocks a batch, rejecting loses the record from the hub.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const cause = driverErrorOf(error);
  if (!(cause instanceof Error)) return false;
  const sqlState = sqlStateOf(error);
  if (sqlState !== undefined) return !CONTENT_CLASSES.has(sqlState.slice(0, 2));
  const { code } = cause as { code?: unknown };
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return CONNECTION_MESSAGES.test(cause.message);
}

/** PostgreSQL refused the statement for the data it was given (CONTENT_CLASSES): sending it again fails again. */
export function isContentRefusal(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  return sqlState !== undefined && CONTENT_CLASSES.has(sqlState.slice(0, 2));
}

/** The SQLSTATE of a database error (TypeORM wraps the driver's), for logs: never the message, which may quote a value. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = (driverErrorOf(error) as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The constraint a database error names, if any (a schema object's name, never a value): where to look. */
export function constraintOf(error: unknown): string | undefined {
  const constraint = (driverErrorOf(error) as { constraint?: unknown } | undefined)?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

function driverErrorOf(error: unknown): unknown {
  return (error as { driverError?: unknown } | null)?.driverError ?? error;
}

export interface RetryOptions {
  /** Called before each wait, for the log: never pass it a record's data. */
  onRetry(error: unknown, attempt: number, delayMs: number): void;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** After this long the last error is thrown, for the caller's own redelivery to take over. */
  giveUpAfterMs?: number;
}

/**
 * Runs `operation` again, with exponential backoff, for as long as it fails with a transient
 * database error (isTransientDatabaseError); any other error is thrown at once.
 */
export async function retryTransientDatabaseErrors<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { firstDelayMs = 200, maxDelayMs = 5_000, giveUpAfterMs = 60_000 } = options;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const delayMs = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
      if (!isTransientDatabaseError(error) || Date.now() - started + delayMs > giveUpAfterMs) throw error;
      options.onRetry(error, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
