import { constraintOf, isContentRefusal, isTransientDatabaseError, sqlStateOf } from './database-failures';

describe('isTransientDatabaseError', () => {
  const databaseError = (code: string) => Object.assign(new Error('refused'), { code });

  it('retries what may pass unchanged: lost connections, shutdowns, deadlocks, serialization failures', () => {
    for (const code of ['57P01', '57P03', '40001', '40P01', '08006', '53300', '55P03', '42P01', 'ECONNRESET', 'ECONNREFUSED']) {
      expect([code, isTransientDatabaseError(databaseError(code))]).toEqual([code, true]);
    }
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    // TypeORM wraps the driver's error.
    expect(isTransientDatabaseError(Object.assign(new Error('query failed'), { driverError: databaseError('57P01') }))).toBe(true);
  });

  it('does not retry what the database refused for its content, nor errors from elsewhere', () => {
    for (const code of ['22P05', '22021', '23505', '54000']) expect([code, isTransientDatabaseError(databaseError(code))]).toEqual([code, false]);
    expect(isTransientDatabaseError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientDatabaseError('not an error')).toBe(false);
  });
});

describe('isContentRefusal', () => {
  const databaseError = (code: string, constraint?: string) => Object.assign(new Error('refused'), { code, constraint });

  it('is a refusal for the data given only: a data exception, a constraint, a program limit', () => {
    for (const code of ['22P05', '22021', '23505', '54000']) expect([code, isContentRefusal(databaseError(code))]).toEqual([code, true]);
    expect(isContentRefusal(Object.assign(new Error('query failed'), { driverError: databaseError('23505') }))).toBe(true);
  });

  it('is no refusal when the connection failed, the server stopped, or the hub’s own code threw', () => {
    for (const code of ['57P01', '40001', 'ECONNRESET', 'ERR_INVALID_ARG_TYPE']) expect([code, isContentRefusal(databaseError(code))]).toEqual([code, false]);
    expect(isContentRefusal(new TypeError('x is undefined'))).toBe(false);
  });

  it('names the SQLSTATE and the constraint, never the message', () => {
    const wrapped = Object.assign(new Error('duplicate key value violates unique constraint'), { driverError: databaseError('23505', 'identity_record_pkey') });
    expect([sqlStateOf(wrapped), constraintOf(wrapped)]).toEqual(['23505', 'identity_record_pkey']);
    expect([sqlStateOf(new Error('x')), constraintOf(new Error('x'))]).toEqual([undefined, undefined]);
  });
});
