import { createHubDataSource } from '@lantern/persistence';
import { createTestDatabase, type TestDatabase } from '@lantern/test-environment';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { copyRows } from './copy-rows';

describe('copyRows against real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createHubDataSource(database.url, [], { applicationName: 'copy-rows-spec', poolSize: 1 });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const inTransaction = <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => dataSource.transaction(async (manager) => work((await manager.queryRunner!.connect()) as PoolClient));

  it('reads every row as the query gives it, NULLs, multi-byte text and bytes included, across the chunks COPY sends', async () => {
    // Megabytes of rows, so rows and fields are split between chunks.
    const query = `SELECT g::text, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat('é,"x" ', g % 40) END AS t, sha256(convert_to(g::text, 'UTF8')) AS b
                     FROM generate_series(1, 40000) g`;
    const expected: Array<{ g: string; t: string | null; b: Buffer }> = await dataSource.query(query);
    const read: Array<[string, string | null, Buffer]> = [];
    await inTransaction((client) =>
      copyRows(client, query, async ([g, t, b]) => {
        read.push([g!.toString(), t === null ? null : t.toString(), Buffer.from(b!)]);
      }),
    );
    expect(read).toHaveLength(40000);
    // As text, so a mismatch shows; compared whole, as Jest compares 40,000 rows slowly.
    const asText = (rows: Array<[string, string | null, Buffer]>) => rows.map(([g, t, b]) => `${g}\t${t ?? 'NULL'}\t${b.toString('hex')}`).join('\n');
    expect(asText(read)).toBe(asText(expected.map(({ g, t, b }) => [g, t, b])));
  });

  it('waits for each visit, and reads a query with no rows as none', async () => {
    const order: string[] = [];
    await inTransaction(async (client) => {
      await copyRows(client, 'SELECT g FROM generate_series(1, 3) g', async ([g]) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(`visited ${g!.readInt32BE(0)}`);
      });
      order.push('done');
      await copyRows(client, 'SELECT 1 WHERE false', async () => {
        order.push('a row');
      });
    });
    expect(order).toEqual(['visited 1', 'visited 2', 'visited 3', 'done']);
  });

  it("fails with PostgreSQL's error when the query fails", async () => {
    await expect(inTransaction((client) => copyRows(client, 'SELECT 1 / (g - 2) FROM generate_series(1, 3) g', async () => undefined))).rejects.toThrow(/division by zero/);
  });
});
