import fc from 'fast-check';
import { ConfigurationError, loadSettings, setting } from './settings';

const declared = {
  DATABASE_URL: setting.postgresUrl(),
  KAFKA_BROKERS: setting.hostPortList(),
  PORT: setting.integer({ min: 1, max: 65535, default: 3000 }),
  LOG_LEVEL: setting.oneOf(['debug', 'info', 'warn'] as const, { default: 'info' }),
};

describe('loadSettings', () => {
  it('reads valid settings and applies defaults', () => {
    const settings = loadSettings(declared, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lantern',
      KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9093',
    });
    expect(settings).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lantern',
      KAFKA_BROKERS: ['127.0.0.1:9092', 'kafka-2:9093'],
      PORT: 3000,
      LOG_LEVEL: 'info',
    });
  });

  it('names every missing or malformed variable in one line', () => {
    const load = () => loadSettings(declared, { KAFKA_BROKERS: 'localhost', PORT: '70000' });
    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(
      'Invalid configuration: DATABASE_URL is required but not set; ' +
        'KAFKA_BROKERS must be a comma-separated list of host:port (got "localhost"); ' +
        'PORT must be a whole number from 1 to 65535 (got "70000")',
    );
  });

  it('never echoes the value of a secret setting such as a database URL with a password', () => {
    const load = () => loadSettings(declared, { DATABASE_URL: 'mysql://admin:s3cret@db/x', KAFKA_BROKERS: 'a:1' });
    expect(load).toThrow('DATABASE_URL must be a postgres:// URL');
    expect(load).not.toThrow(/s3cret/);
  });

  it('accepts every integer in range and rejects everything outside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100000, max: 100000 }), (port) => {
        const result = setting.integer({ min: 1, max: 65535 }).read(String(port));
        expect('value' in result).toBe(port >= 1 && port <= 65535);
      }),
    );
  });
});
