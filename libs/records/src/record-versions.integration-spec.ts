import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { type NewVersion, RecordVersionStore } from './record-versions';
import { RecordsReadModel } from './records-read-model';

let offset = 0;
const version = (naturalKey: string, eventTime: string, record: Record<string, unknown>, sourceSystem = 'sis', operation: 'upsert' | 'delete' = 'upsert'): NewVersion => ({
  contractId: 'edfi.student',
  contractVersion: '5.0.0',
  sourceSystem,
  naturalKey,
  operation,
  eventTime,
  record,
  lineage: { topic: 'test', partition: 0, offset: String(offset++) },
  personLocalId: JSON.parse(naturalKey)[0],
});

describe('the current-version marker (real PostgreSQL)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let store: RecordVersionStore;

  const write = (versions: NewVersion[]) => dataSource.transaction((manager) => store.store(manager, versions, new Date()));
  const currentNames = async (naturalKey: string) =>
    (await new RecordsReadModel(dataSource).current('edfi.student', naturalKey, { kind: 'every-record' })).map((stored) => (stored.record as { firstName: string }).firstName);
  const markedCurrent = async (naturalKey: string): Promise<number> =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM record_version WHERE natural_key = $1 AND is_current`, [naturalKey]))[0].n;

  beforeAll(async () => {
    database = await createMigratedTestDatabase({ poolSize: 12 });
    dataSource = database.dataSource;
    store = new RecordVersionStore(dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('follows the source’s event time: a late-arriving older version lands in history, not on top', async () => {
    await write([version('["L-1"]', '2026-09-01T00:00:00Z', { firstName: 'September' })]);
    await write([version('["L-1"]', '2026-10-01T00:00:00Z', { firstName: 'October' })]);
    await write([version('["L-1"]', '2026-08-01T00:00:00Z', { firstName: 'August' })]);
    expect(await currentNames('["L-1"]')).toEqual(['October']);
    expect(await markedCurrent('["L-1"]')).toBe(1);
    const history: Array<{ first_name: string; is_latest: boolean }> = await dataSource.query(
      `SELECT record ->> 'firstName' AS first_name, is_latest FROM record_history WHERE natural_key = '["L-1"]' ORDER BY valid_from`,
    );
    expect(history).toEqual([
      { first_name: 'August', is_latest: false },
      { first_name: 'September', is_latest: false },
      { first_name: 'October', is_latest: true },
    ]);
  });

  it('keeps one current version per source, and none to read once the latest is a deletion', async () => {
    await write([version('["M-1"]', '2026-09-01T00:00:00Z', { firstName: 'District' }), version('["M-1"]', '2026-09-02T00:00:00Z', { firstName: 'Charter' }, 'charter.sis')]);
    expect((await currentNames('["M-1"]')).sort()).toEqual(['Charter', 'District']);
    await write([version('["M-1"]', '2026-09-03T00:00:00Z', {}, 'charter.sis', 'delete')]);
    expect(await currentNames('["M-1"]')).toEqual(['District']);
  });

  it('stores a redelivered version once and leaves the marker where it was', async () => {
    const first = version('["R-1"]', '2026-09-01T00:00:00Z', { firstName: 'Once' });
    await write([first]);
    expect(await write([{ ...first, lineage: { ...first.lineage, offset: String(offset++) } }])).toEqual([]);
    expect(await markedCurrent('["R-1"]')).toBe(1);
  });

  it('leaves the newer version current when an older one is written while the newer one’s transaction is still open', async () => {
    const open = dataSource.createQueryRunner();
    await open.connect();
    await open.startTransaction();
    try {
      await store.store(open.manager, [version('["O-1"]', '2026-10-01T00:00:00Z', { firstName: 'Newer' })], new Date());
      const older = write([version('["O-1"]', '2026-09-01T00:00:00Z', { firstName: 'Older' })]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await open.commitTransaction();
      await older;
    } finally {
      await open.release();
    }
    expect(await markedCurrent('["O-1"]')).toBe(1);
    expect(await currentNames('["O-1"]')).toEqual(['Newer']);
  });

  it('leaves exactly the latest version current when many writers store versions of one record at once', async () => {
    const times = Array.from({ length: 24 }, (_, index) => new Date(Date.UTC(2026, 0, 1 + index)).toISOString());
    const keys = ['["C-1"]', '["C-2"]', '["C-3"]', '["C-4"]', '["C-5"]', '["C-6"]'];
    // Shuffled, so later event times often commit first.
    const writes = keys.flatMap((key, k) => times.map((time, index) => ({ key, time, order: (index * 7919 + k * 31) % 24 }))).sort((a, b) => a.order - b.order);
    await Promise.all(writes.map(({ key, time }) => write([version(key, time, { firstName: time.slice(0, 10) })])));
    for (const key of keys) {
      expect(await markedCurrent(key)).toBe(1);
      expect(await currentNames(key)).toEqual(['2026-01-24']);
    }
  });
});
