import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseCsv } from '../identity/csv-reader';
import { identityLinkCommand } from './identity-link.command';

async function lantern(args: string[]) {
  const output = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        output[key] += chunk.toString();
        callback();
      },
    });
  const code = await identityLinkCommand.run(args, { stdout: sink('stdout'), stderr: sink('stderr') });
  return { code, ...output };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lantern-identity-explain-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PEOPLE = [
  'record_id,first_name,last_name,birth_date,sex,postcode',
  'r1,Elizabeth,Okafor,2012-03-04,F,80001',
  'r2,Liz,OKAFOR,03/04/2012,F,80001',
  'r3,Eleanor,Okafor,2012-03-04,F,80001',
  'r4,Marcus,Whitfield,2011-11-20,M,80002',
].join('\n');

describe('lantern identity link --explain', () => {
  it('writes each decision’s waterfall — the prior, every comparison’s level and weight, the running total, the score — and no values', async () => {
    await writeFile(join(dir, 'people.csv'), `${PEOPLE}\n`);
    const run = await lantern(['--input', join(dir, 'people.csv'), '--output', join(dir, 'sids.csv'), '--explain', join(dir, 'why.txt')]);
    expect(run.code).toBe(0);

    const rows = parseCsv(await readFile(join(dir, 'sids.csv'), 'utf8')).flatMap((item) => (item.kind === 'row' ? [item.fields] : []));
    const decision = (recordId: string) => rows.find(([id]) => id === recordId) as string[];
    const text = await readFile(join(dir, 'why.txt'), 'utf8');
    const blocks = text.split(/\n(?=r\d: )/);
    expect(blocks.map((block) => block.split(':')[0])).toEqual(['r1', 'r2', 'r3', 'r4']);

    const [, linked] = blocks;
    expect(linked.split('\n')[0]).toBe(`r2: linked to ${decision('r1')[1]}`);
    const steps = linked
      .split('\n')
      .slice(2)
      .filter((line) => /^ {4}\w/.test(line) && !line.trimStart().startsWith('score'))
      .map((line) => line.trim().split(/\s+/));
    expect(steps.map(([field]) => field)).toEqual(['prior', 'given_name', 'surname', 'middle_name', 'birth_date', 'sex', 'residence', 'ssn', 'local_id', 'name_order']);
    expect(steps.find(([field]) => field === 'given_name')?.[1]).toBe('nickname');
    expect(steps.find(([field]) => field === 'middle_name')?.slice(1, 3)).toEqual(['missing', '+0.00']);
    // Each running total is the one before plus this step's weight, and the last is the score in the output.
    const value = (text: string) => Number(text.replace('−', '-'));
    steps.reduce((total, [, , weight, running]) => {
      expect(value(running)).toBeCloseTo(total + value(weight), 1);
      return value(running);
    }, 0);
    expect(linked).toMatch(new RegExp(`score\\s+\\+${Number(decision('r2')[3]).toFixed(2)} bits, P = 1\\.0000`));

    expect(blocks[2]).toMatch(/^r3: review, provisional SID \d{11} \(\w+\)\n {2}candidate \d{11}:\n {4}prior/);
    expect(blocks[3]).toMatch(/^r4: new SID \d{11}\n/);
    expect(text).not.toMatch(/Elizabeth|Eleanor|Liz|Okafor|OKAFOR|Marcus|Whitfield|2012|80001/);
    expect(await readdir(dir)).toEqual(['people.csv', 'sids.csv', 'why.txt']);
  });

  it('refuses an explanation file that is an input or the output', async () => {
    await writeFile(join(dir, 'people.csv'), `${PEOPLE}\n`);
    expect((await lantern(['--input', join(dir, 'people.csv'), '--explain', join(dir, 'people.csv')])).code).toBe(2);
    expect((await lantern(['--input', join(dir, 'people.csv'), '--output', join(dir, 'o.csv'), '--explain', join(dir, 'o.csv')])).code).toBe(2);
  });
});
