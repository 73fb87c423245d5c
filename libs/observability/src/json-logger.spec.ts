import { Writable } from 'node:stream';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { createJsonLogger } from './json-logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createJsonLogger('test', 'info', destination) };
}

describe('createJsonLogger', () => {
  it('writes one JSON line per entry, with the service and level', () => {
    const { lines, logger } = capture();
    logger.info({ batch: 3 }, 'stored');
    expect(JSON.parse(lines[0])).toMatchObject({ service: 'test', level: 30, batch: 3, msg: 'stored' });
  });

  it('redacts record-bearing fields and a failed query’s bound values, at the top and one level down', () => {
    const { lines, logger } = capture();
    const queryFailed = Object.assign(new Error('duplicate key value'), { query: 'INSERT INTO care_notice (first_name) VALUES ($1)', parameters: ['Maya', 'Okafor'] });
    logger.error({ err: queryFailed, record: { firstName: 'Maya' }, message: { value: '{"firstName":"Maya"}' } }, 'failed');
    expect(lines.join('')).not.toContain('Maya');
    expect(JSON.parse(lines[0])).toMatchObject({ err: { query: 'INSERT INTO care_notice (first_name) VALUES ($1)', parameters: '[redacted]' }, record: '[redacted]' });
  });

  it('redacts the row a database error quotes (its detail and where), in TypeORM’s copy and the driver’s', () => {
    const { lines, logger } = capture();
    // As PostgreSQL reports a unique violation raised inside a trigger function.
    const driverError = Object.assign(new DatabaseError('duplicate key value violates unique constraint "care_notice_child"', 0, 'error'), {
      code: '23505',
      detail: 'Key (first_name, last_surname)=(Maria, Okafor) already exists.',
      where: 'SQL statement "INSERT INTO care_notice (first_name) VALUES (\'Maria\')" PL/pgSQL function copy_notice() line 3 at SQL statement',
      constraint: 'care_notice_child',
    });
    const error = new QueryFailedError('INSERT INTO care_notice (first_name, last_surname) VALUES ($1, $2)', ['Maria', 'Okafor'], driverError);
    logger.error({ err: error }, 'request failed');
    logger.warn({ error }, 'retrying');
    expect(lines).toHaveLength(2);
    expect(lines.join('')).not.toMatch(/Maria|Okafor/);
    // What helps an operator stays: the message, code, constraint and statement.
    expect(JSON.parse(lines[0]).err).toMatchObject({ code: '23505', constraint: 'care_notice_child', detail: '[redacted]', where: '[redacted]', driverError: { detail: '[redacted]' } });
  });
});
