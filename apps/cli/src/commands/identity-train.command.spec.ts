import { parseIdentityModel, syntheticTrainingRecords } from '@lantern/identity';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { csvRecord } from '../identity/csv-writer';
import { identityTrainCommand, modelCardPath } from './identity-train.command';

const COLUMNS = ['record_id', 'first_name', 'middle_name', 'last_name', 'birth_date', 'sex', 'address', 'postcode', 'local_id', 'ssn'] as const;

async function lantern(args: string[]) {
  const output = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        output[key] += chunk.toString();
        callback();
      },
    });
  const code = await identityTrainCommand.run(args, { stdout: sink('stdout'), stderr: sink('stderr') });
  return { code, ...output };
}

// Each training samples a million random pairs: seconds alone, longer on a shared machine.
const TRAINING_TIMEOUT_MS = 240_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lantern-identity-train-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lantern identity train', () => {
  // A generated population: its first source in one file, the other sources in another.
  const records = [...syntheticTrainingRecords(400, 4)];
  const rowsOf = (wanted: (source: string) => boolean) => records.filter(({ source }) => wanted(source)).map(({ record }) => COLUMNS.map((column) => record[column] ?? ''));
  const firstSource = records[0].source;
  const district = rowsOf((source) => source === firstSource);
  const agencies = rowsOf((source) => source !== firstSource);

  it(
    'trains on CSV files and writes the model and a card naming the data and the parameters, never a value',
    async () => {
      await writeFile(
        join(dir, 'district.csv'),
        [
          COLUMNS,
          ...district,
          ['x-1', 'Philippa', '', 'Quennell', '', '', '', '', '', ''], // no birth date: used, compared as missing
          ['x-2', '', '', '', '2012-01-01', '', '', '', '', ''], // neither a name nor an identifier: left out
          ['x-3', 'Philippa'], // too few fields: left out
        ]
          .map(csvRecord)
          .join(''),
      );
      await writeFile(join(dir, 'agencies.csv'), [COLUMNS, ...agencies].map(csvRecord).join(''));
      const output = join(dir, 'model.json');

      const run = await lantern(['--input', join(dir, 'district.csv'), '--input', join(dir, 'agencies.csv'), '--output', output]);

      expect(run.code).toBe(0);
      const model = parseIdentityModel(await readFile(output, 'utf8'));
      const used = district.length + agencies.length + 1;
      expect(model.training.records).toBe(used);
      expect(run.stdout).toContain(`Identity model ${model.id}: trained on ${used.toLocaleString('en-US')} of ${(used + 2).toLocaleString('en-US')} rows (2 left out) from 2 inputs`);
      expect(run.stdout).toMatch(/expected at [\d,]+ records: precision 0?\.?\d+(\.\d+)?, recall 0\.\d+/);

      expect(modelCardPath(output)).toBe(join(dir, 'model.card.md'));
      const card = await readFile(join(dir, 'model.card.md'), 'utf8');
      expect(card).toContain(`# Identity model ${model.id}`);
      expect(card).toContain(`| district.csv | ${(district.length + 3).toLocaleString('en-US')} | ${(district.length + 1).toLocaleString('en-US')} |`);
      expect(card).toContain(`| agencies.csv | ${agencies.length.toLocaleString('en-US')} | ${agencies.length.toLocaleString('en-US')} |`);
      expect(card).toMatch(/^- birth_date: \d+$/m);
      expect(card).toMatch(/^- has 2 fields where the header has 10: 1$/m);
      expect(card).toMatch(/^- a name \(first_name or last_name\) or an identifier \(ssn or local_id\) is required: 1$/m);
      for (const level of model.comparisons.flatMap((comparison) => comparison.levels)) expect(card).toContain(`| ${level.label} | ${level.m} | ${level.u} |`);
      expect(card).toMatch(/\| birth_date \| [\d,]+ \| [\d.]+ \| \d+ \| yes \|/);
      expect(card).toMatch(/precision [\d.]+, recall [\d.]+/);

      const printed = run.stdout + run.stderr + card;
      expect(printed).not.toMatch(/Philippa|Quennell/);
      for (const [, firstName, , lastName] of district.slice(0, 20)) expect(printed).not.toContain(`${firstName} ${lastName}`);
    },
    TRAINING_TIMEOUT_MS,
  );

  it('refuses, without writing anything, an input missing a column, too few records and bad arguments', async () => {
    await writeFile(join(dir, 'bad.csv'), 'name,dob\nA,2010-01-01\n');
    const refused = await lantern(['--input', join(dir, 'bad.csv'), '--output', join(dir, 'model.json')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.csv: refused: .*record_id/);
    expect(refused.stderr).toContain('nothing was trained');

    await writeFile(join(dir, 'small.csv'), [COLUMNS, ...district.slice(0, 20)].map(csvRecord).join(''));
    const small = await lantern(['--input', join(dir, 'small.csv'), '--output', join(dir, 'model.json')]);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain('training needs at least 100 records, got 20; nothing was written');
    expect(await readdir(dir)).toEqual(['bad.csv', 'small.csv']);

    expect((await lantern(['--input', join(dir, 'small.csv')])).code).toBe(2);
    expect((await lantern(['--input', join(dir, 'small.csv'), '--output', join(dir, 'small.csv')])).code).toBe(2);
    expect((await lantern(['--input', join(dir, 'small.csv'), '--output', join(dir, 'm.json'), '--seed', 'x'])).code).toBe(2);
  });
});
