import { databaseUrl, redactUrl } from './databases';

describe('database URLs', () => {
  it('point at another database on the same server, keeping credentials and options', () => {
    expect(databaseUrl('postgres://app:s3cret@db.example:6543/postgres?sslmode=require', 'lantern_t_1')).toBe('postgres://app:s3cret@db.example:6543/lantern_t_1?sslmode=require');
  });

  it('mask the password for logs', () => {
    expect(redactUrl('postgres://app:s3cret@db.example:5432/lantern')).toBe('postgres://app:***@db.example:5432/lantern');
    expect(redactUrl('postgresql://postgres@127.0.0.1:5432/postgres')).toBe('postgresql://postgres@127.0.0.1:5432/postgres');
  });
});
