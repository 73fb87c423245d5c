import { Writable } from 'node:stream';
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
});
