import { defaultIdentityModel, evaluationRecords, generatePopulation, isValidSid, parseIdentityModel, serialiseIdentityModel, type SyntheticPerson } from '@lantern/identity';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseCsv } from '../identity/csv-reader';
import { csvRecord } from '../identity/csv-writer';
import { type LanternRun, runLantern } from '../testing/run-lantern';
import { estimatedModelPaths, identityLinkCommand } from './identity-link.command';

interface OutputRow {
  readonly sid: string;
  readonly decision: string;
  readonly score: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs the command in this process, as main.ts would. */
async function lantern(args: string[]): Promise<LanternRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await identityLinkCommand.run(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The output CSV by record id; checks its header and that no record id repeats. */
function outputRows(csv: string): Map<string, OutputRow> {
  const [header, ...records] = parseCsv(csv).map((item) => {
    if (item.kind !== 'row') throw new Error(`malformed output at line ${item.line}`);
    return item.fields;
  });
  expect(header).toEqual(['record_id', 'sid', 'decision', 'score']);
  const byId = new Map<string, OutputRow>();
  for (const [recordId, sid, decision, score] of records) {
    expect(byId.has(recordId)).toBe(false);
    expect(isValidSid(sid)).toBe(true);
    expect(['linked', 'new', 'review']).toContain(decision);
    byId.set(recordId, { sid, decision, score });
  }
  return byId;
}

const csv = (records: string[][]): string => records.map(csvRecord).join('');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lantern-identity-link-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER = 'record_id,first_name,middle_name,last_name,birth_date,sex,address,postcode,local_id,ssn,homeroom';

// Line 1 header; r3's address holds a line break (lines 4–5), so the bad date is on line 7.
const DISTRICT = [
  `\uFEFF${HEADER}`,
  'r1,Elizabeth,Ann,Smith,2012-03-04,F,"12 Main Street, Apt 4",12345,D100,123-45-6789,7B',
  'r2,Liz,,SMITH,03/04/2012,F,12 Main St Apt 4,12345,D100,,7B',
  'r3,Marcus,James,Okafor,2011-11-20,M,"40 Elm Road',
  'Unit 2",12346,D200,,7C',
  'r4,Elizabeth,Ann,Smith,2012-04-03,F,,,,123456789,',
  'r5,Jordan,,Whitfield,2011-02-30,M,,,D300,,7C',
  'r6,Eleanor,Grace,Smith,2012-03-04,F,"12 Main Street, Apt 4",12345,D101,,7B',
  'r7,Marcus,,Okafor,2011-11-20,M,,12346,,,"7C"',
  'r8,Ana,,Lopez,2010-05-06,F,,,,',
].join('\r\n');

describe('lantern identity link', () => {
  it('gives duplicates of one person one SID and different people (twins included) different SIDs; resolves a row with a bad field with a warning; reports a malformed row with its line and skips it', async () => {
    await writeFile(join(dir, 'people.csv'), `${DISTRICT}\r\n`);
    const output = join(dir, 'sids.csv');

    const run = await lantern(['--input', join(dir, 'people.csv'), '--output', output]);

    const rows = outputRows(await readFile(output, 'utf8'));
    expect([...rows.keys()]).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    // Elizabeth Smith three times: a nickname in upper case and another date format; a day/month swap with her SSN.
    expect(rows.get('r1')).toMatchObject({ decision: 'new', score: '' });
    expect(rows.get('r2')).toMatchObject({ sid: rows.get('r1')?.sid, decision: 'linked' });
    expect(rows.get('r4')).toMatchObject({ sid: rows.get('r1')?.sid, decision: 'linked' });
    expect(Number(rows.get('r2')?.score)).toBeGreaterThan(6);
    // Marcus Okafor twice; Eleanor, Elizabeth's twin (same surname, birth date and address), is someone else.
    expect(rows.get('r7')).toMatchObject({ sid: rows.get('r3')?.sid, decision: 'linked' });
    expect(rows.get('r6')?.decision).toBe('new');
    expect(new Set([rows.get('r1')?.sid, rows.get('r3')?.sid, rows.get('r6')?.sid]).size).toBe(3);
    // Jordan's birth date is no date: compared as missing, and counted as a warning.
    expect(rows.get('r5')?.decision).toBe('new');

    expect(run.stderr).not.toContain(':7: row skipped');
    expect(run.stderr).toContain(`${join(dir, 'people.csv')}:10: row skipped: has 10 fields where the header has 11`);
    expect(run.stdout).toMatch(/8 rows read, 3 linked, 4 new, 0 review, 1 malformed rows skipped; 4 SIDs/);
    expect(run.stdout).toContain('data-quality warnings (rows resolved with the field compared as missing):\n  birth_date: 1 malformed\n');
    expect(run.code).toBe(1);
    // Children's records: values never appear in what is printed.
    for (const value of ['Whitfield', 'Jordan', 'Elizabeth', 'Smith', 'Lopez', '2011-02-30', 'D300']) expect(run.stdout + run.stderr).not.toContain(value);
  });

  it('resolves several inputs in order into one ID space, prefixing record ids with the source', async () => {
    await writeFile(join(dir, 'district.csv'), `${DISTRICT}\r\n`);
    // Same record ids as the district's; other column order, other date format, unknown columns.
    await writeFile(
      join(dir, 'college.csv'),
      csv([
        ['student_no', 'birth_date', 'last_name', 'first_name', 'record_id', 'ssn'],
        ['S-1', '20120304', 'Smith', 'Elizabeth', 'r1', '123456789'],
        ['S-2', '1999-01-31', 'Raman', 'Priya', 'r2', ''],
      ]),
    );

    const run = await lantern(['--input', join(dir, 'district.csv'), '--input', join(dir, 'college.csv')]);

    const rows = outputRows(run.stdout);
    expect([...rows.keys()]).toEqual(['district:r1', 'district:r2', 'district:r3', 'district:r4', 'district:r5', 'district:r6', 'district:r7', 'college:r1', 'college:r2']);
    expect(rows.get('college:r1')).toMatchObject({ sid: rows.get('district:r1')?.sid, decision: 'linked' });
    expect(rows.get('college:r2')?.decision).toBe('new');
    expect([...rows.values()].filter((row) => row.sid === rows.get('college:r2')?.sid)).toHaveLength(1);
    // The CSV went to stdout, so the summary went to stderr.
    expect(run.stderr).toMatch(/2 inputs, resolved in order into one ID space/);
    expect(run.stderr).toMatch(/10 rows read, 4 linked, 5 new, 0 review, 1 malformed rows skipped; 5 SIDs/);
  });

  it('takes --source once per input, and tells apart inputs that share a source by their position', async () => {
    const records = csv([
      ['record_id', 'first_name', 'last_name', 'birth_date', 'local_id'],
      ['1', 'Priya', 'Raman', '2009-01-31', 'X1'],
    ]);
    await writeFile(join(dir, 'a.csv'), records);
    await writeFile(join(dir, 'b.csv'), records);

    const paired = outputRows((await lantern(['--input', join(dir, 'a.csv'), '--source', 'lea-1.sis', '--input', join(dir, 'b.csv'), '--source', 'lea-2.sis'])).stdout);
    expect([...paired.keys()]).toEqual(['lea-1.sis:1', 'lea-2.sis:1']);
    expect(paired.get('lea-2.sis:1')).toMatchObject({ sid: paired.get('lea-1.sis:1')?.sid, decision: 'linked' });

    const shared = outputRows((await lantern(['--input', join(dir, 'a.csv'), '--input', join(dir, 'b.csv'), '--source', 'sis'])).stdout);
    expect([...shared.keys()]).toEqual(['sis#1:1', 'sis#2:1']);
  });

  it('skips a record id used twice in one input', async () => {
    await writeFile(
      join(dir, 'people.csv'),
      csv([
        ['record_id', 'first_name', 'last_name', 'birth_date'],
        ['7', 'Priya', 'Raman', '2009-01-31'],
        ['7', 'Marcus', 'Okafor', '2011-11-20'],
      ]),
    );
    const run = await lantern(['--input', join(dir, 'people.csv')]);
    expect([...outputRows(run.stdout).keys()]).toEqual(['7']);
    expect(run.stderr).toContain('people.csv:3: row skipped: record_id already used by an earlier row');
    expect(run.code).toBe(1);
  });

  it('skips a row with a field that is not valid UTF-8, also far into a file whose first chunks were clean', async () => {
    // Rows with a long ignored column put the bad byte beyond the first 256 KiB read.
    const names = ['Priya Raman', 'Marcus Okafor', 'Elena Petrov', 'Tomas Novak', 'Grace Mensah', 'Liam Byrne'];
    const clean = names.map((name, index) => `${index},${name.replace(' ', ',')},201${index}-04-09,${'x'.repeat(50_000)}\n`).join('');
    const invalid = Buffer.concat([Buffer.from('broken,Zo'), Buffer.from([0xeb]), Buffer.from(',Smith,2011-05-06,\n')]);
    await writeFile(join(dir, 'people.csv'), Buffer.concat([Buffer.from(`record_id,first_name,last_name,birth_date,notes\n${clean}`), invalid]));
    const run = await lantern(['--input', join(dir, 'people.csv')]);
    expect(run.stderr).toContain('people.csv:8: row skipped: first_name is not valid UTF-8 (save the file as UTF-8)');
    expect(outputRows(run.stdout).size).toBe(names.length);
    expect(run.code).toBe(1);
  });

  it('reads the identification code from the column --id-column names', async () => {
    await writeFile(
      join(dir, 'people.csv'),
      csv([
        ['record_id', 'first_name', 'last_name', 'birth_date', 'state_id', 'ssn'],
        ['1', 'Elizabeth', 'Smith', '2012-03-04', '900000001', 'not a number'],
        ['2', 'Elizabeth', 'Smith', '2012-04-03', '900000001', 'not a number'],
      ]),
    );
    const run = await lantern(['--input', join(dir, 'people.csv'), '--id-column', 'State_ID']);
    const rows = outputRows(run.stdout);
    expect(rows.get('2')).toMatchObject({ sid: rows.get('1')?.sid, decision: 'linked' });
    expect(run.code).toBe(0);

    const refused = await lantern(['--input', join(dir, 'people.csv'), '--id-column', 'district_code']);
    expect(refused.stderr).toContain('refused: missing the identification-code column district_code (--id-column)');
    expect(refused.code).toBe(1);
  });

  it('refuses, before resolving or writing anything, an input missing required columns, naming them', async () => {
    await writeFile(join(dir, 'good.csv'), `${DISTRICT}\r\n`);
    await writeFile(join(dir, 'bad.csv'), 'record_id,first_name,surname,dob,first_name\n1,A,B,2010-01-01,C\n');
    await writeFile(join(dir, 'nameless.csv'), 'ref,dob,postcode\n1,2010-01-01,80001\n');
    const output = join(dir, 'sids.csv');

    const run = await lantern(['--input', join(dir, 'good.csv'), '--input', join(dir, 'bad.csv'), '--input', join(dir, 'nameless.csv'), '--output', output]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, 'bad.csv')}: refused: column first_name named more than once`);
    expect(run.stderr).toContain(`${join(dir, 'nameless.csv')}: refused: missing required column record_id`);
    expect(run.stderr).toContain(`${join(dir, 'nameless.csv')}: refused: missing a column to match on: first_name, last_name, ssn or local_id`);
    expect(run.stderr).not.toContain('good.csv: refused');
    expect(await readdir(dir)).toEqual(['bad.csv', 'good.csv', 'nameless.csv']);
  });

  it('reads common header names (given_name, surname, dob, soc_sec_id, street_number with address_1) and resolves rows missing a name or birth date', async () => {
    await writeFile(
      join(dir, 'people.csv'),
      csv([
        ['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id'],
        ['rec-1-org', 'Kirra', 'Wetherall', '12', 'Banksia Crescent', 'Unit 4', 'Mawson', '2607', 'act', '19940312', '4023185'],
        ['rec-1-dup-0', 'Kira', 'Wetherall', '12', 'Banksia Cresent', 'Unit 4', 'Mawson', '2607', 'act', '', '4023185'],
        ['rec-1-dup-1', '', 'Wetherall', '12', 'Banksia Crescent', 'Unit 4', 'Mawson', '2670', 'act', '19940312', '4023815'],
        ['rec-2-org', 'Tom', 'Nguyen', '7', 'Station Road', '', 'Gungahlin', '2912', 'act', '20010830', '7731002'],
        ['rec-3-org', '', '', '7', 'Station Road', '', 'Gungahlin', '2912', 'act', '20010830', ''],
      ]),
    );
    const run = await lantern(['--input', join(dir, 'people.csv')]);
    const rows = outputRows(run.stdout);
    expect(rows.get('rec-1-dup-0')).toMatchObject({ sid: rows.get('rec-1-org')?.sid, decision: 'linked' });
    expect(rows.get('rec-1-dup-1')).toMatchObject({ sid: rows.get('rec-1-org')?.sid, decision: 'linked' });
    expect(rows.get('rec-2-org')?.sid).not.toBe(rows.get('rec-1-org')?.sid);
    expect(rows.has('rec-3-org')).toBe(false);
    expect(run.stderr).toContain('people.csv:6: row skipped: a name (first_name or last_name) or an identifier (ssn or local_id) is required');
    expect(run.stderr).toMatch(/data-quality warnings \(rows resolved with the field compared as missing\):\n {2}first_name: 1 missing\n {2}birth_date: 1 missing\n/);
    expect(run.code).toBe(1);
  });

  it('refuses an empty file and bad arguments', async () => {
    await writeFile(join(dir, 'empty.csv'), '\uFEFF\r\n');
    expect((await lantern(['--input', join(dir, 'empty.csv')])).stderr).toContain('refused: the file is empty');
    expect((await lantern([])).code).toBe(2);
    expect((await lantern(['--input', join(dir, 'nothing-here.csv')])).stderr).toContain('no such file');
    expect((await lantern(['--input', 'a.csv', '--input', 'b.csv', '--input', 'c.csv', '--source', 'x', '--source', 'y'])).code).toBe(2);
    expect((await lantern(['--input', join(dir, 'empty.csv'), '--output', join(dir, 'empty.csv')])).code).toBe(2);
    expect((await lantern(['--help'])).stdout).toContain('Usage: lantern identity link');
    await writeFile(join(dir, 'one.csv'), 'record_id,first_name,last_name,birth_date\n1,Priya,Raman,2009-01-31\n');
    await expect(lantern(['--input', join(dir, 'one.csv'), '--output', join(dir, 'missing', 'sids.csv')])).rejects.toThrow(/cannot write --output .*sids\.csv: ENOENT/);
  });

  it('resolves a synthetic population: one SID per person, never one SID for two people', async () => {
    const people = generatePopulation({ people: 400, seed: 11 });
    const owner = new Map<string, number>();
    const day = (person: SyntheticPerson) => String(person.birthDate).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
    const district: string[][] = [['record_id', 'first_name', 'middle_name', 'last_name', 'birth_date', 'sex', 'address', 'postcode', 'local_id', 'ssn']];
    const college: string[][] = [['record_id', 'last_name', 'first_name', 'birth_date', 'ssn', 'postcode', 'sex']];
    for (const person of people) {
      district.push([
        `d${person.id}`,
        person.givenName,
        person.middleName ?? '',
        person.surname,
        day(person),
        person.sex,
        person.address,
        person.postcode,
        `L${person.id}`,
        person.ssn ?? '',
      ]);
      owner.set(`district:d${person.id}`, person.id);
      if (person.id % 5 === 0) {
        // Re-enrolled in the same district: lower case, compact date, no middle name or address.
        district.push([`d${person.id}-2`, person.givenName.toLowerCase(), '', person.surname.toLowerCase(), day(person).replace(/-/g, ''), '', '', person.postcode, `L${person.id}`, '']);
        owner.set(`district:d${person.id}-2`, person.id);
      }
      if (person.id % 2 === 0) {
        const [year, month, date] = day(person).split('-');
        college.push([
          `c${person.id}`,
          person.surname.toUpperCase(),
          person.givenName.toUpperCase(),
          `${month}/${date}/${year}`,
          person.ssn ?? '',
          person.postcode,
          person.sex === 'F' ? 'female' : 'male',
        ]);
        owner.set(`college:c${person.id}`, person.id);
      }
    }
    await writeFile(join(dir, 'district.csv'), csv(district));
    await writeFile(join(dir, 'college.csv'), csv(college));

    const run = await lantern(['--input', join(dir, 'district.csv'), '--input', join(dir, 'college.csv'), '--output', join(dir, 'sids.csv')]);

    expect(run.code).toBe(0);
    const rows = outputRows(await readFile(join(dir, 'sids.csv'), 'utf8'));
    expect(rows.size).toBe(owner.size);
    const sidsOf = new Map<number, Set<string>>();
    const peopleOf = new Map<string, Set<number>>();
    for (const [recordId, row] of rows) {
      const person = owner.get(recordId) as number;
      sidsOf.set(person, (sidsOf.get(person) ?? new Set()).add(row.sid));
      peopleOf.set(row.sid, (peopleOf.get(row.sid) ?? new Set()).add(person));
    }
    expect(people.some((person) => person.twin !== undefined)).toBe(true);
    expect([...peopleOf.values()].filter((set) => set.size > 1)).toEqual([]);
    expect([...sidsOf.entries()].filter(([, sids]) => sids.size > 1)).toEqual([]);
    expect(peopleOf.size).toBe(people.length);
  });

  it('is registered in the lantern router and streams CSV to stdout', async () => {
    await writeFile(join(dir, 'people.csv'), `${DISTRICT}\r\n`);
    const run = await runLantern(['identity', 'link', '--input', join(dir, 'people.csv')]);
    expect(run.code).toBe(1);
    expect(outputRows(run.stdout).size).toBe(7);
    expect(run.stderr).toContain('people.csv:10: row skipped');
    expect(existsSync(join(dir, 'people.csv.partial'))).toBe(false);
  });
});

describe('lantern identity link learns its model from the records it links', () => {
  // The harsh evaluation population (heavier noise than the shipped model was estimated on):
  // every person's first record in one file, the further records in another.
  const COLUMNS = ['record_id', 'first_name', 'last_name', 'birth_date', 'sex', 'address', 'postcode'] as const;
  const records = evaluationRecords(31, { profile: 'harsh' });
  const owner = new Map<string, number>();
  const first: string[][] = [[...COLUMNS]];
  const further: string[][] = [[...COLUMNS]];
  for (const person of generatePopulation({ people: 1_500, seed: 31 })) {
    for (let ordinal = 0; ordinal < records.count(person); ordinal++) {
      const { record } = records.record(person, ordinal);
      owner.set(record.record_id, person.id);
      (ordinal === 0 ? first : further).push(COLUMNS.map((column) => String(record[column] ?? '')));
    }
  }

  /** Record pairs of one person that share a SID, and record pairs of two people that do. */
  function pairs(rows: Map<string, OutputRow>): { correct: number; wrong: number } {
    const bySid = new Map<string, number[]>();
    for (const [recordId, { sid }] of rows) bySid.set(sid, [...(bySid.get(sid) ?? []), owner.get(recordId.slice(recordId.indexOf(':') + 1)) as number]);
    let correct = 0;
    let wrong = 0;
    for (const people of bySid.values()) {
      for (let i = 0; i < people.length; i++) {
        for (let j = i + 1; j < people.length; j++) {
          if (people[i] === people[j]) correct++;
          else wrong++;
        }
      }
    }
    return { correct, wrong };
  }

  it('estimates a model from its inputs that links what the shipped model misses, and writes it with its card beside the output', async () => {
    await writeFile(join(dir, 'first.csv'), csv(first));
    await writeFile(join(dir, 'further.csv'), csv(further));
    await writeFile(join(dir, 'shipped.json'), serialiseIdentityModel(defaultIdentityModel()));
    const inputs = ['--input', join(dir, 'first.csv'), '--input', join(dir, 'further.csv')];

    const shipped = await lantern([...inputs, '--model', join(dir, 'shipped.json'), '--output', join(dir, 'shipped.csv')]);
    const estimated = await lantern([...inputs, '--output', join(dir, 'sids.csv')]);

    const paths = estimatedModelPaths(join(dir, 'sids.csv'));
    const model = parseIdentityModel(await readFile(paths.model, 'utf8'));
    expect(model.training.records).toBe(owner.size - (Number(/(\d+) malformed rows skipped/.exec(estimated.stdout)?.[1]) || 0));
    expect(estimated.stdout).toMatch(new RegExp(`model ${model.id} estimated from [\\d,]+ records: λ [\\d.e+-]+, EM birth_date \\d+ iterations over [\\d,]+ pairs`));
    expect(await readFile(paths.card, 'utf8')).toContain(`# Identity model ${model.id}`);
    expect(shipped.stdout).toContain(`model ${defaultIdentityModel().id} from`);

    const before = pairs(outputRows(await readFile(join(dir, 'shipped.csv'), 'utf8')));
    const after = pairs(outputRows(await readFile(join(dir, 'sids.csv'), 'utf8')));
    expect(after.correct).toBeGreaterThan(before.correct * 1.04);
    expect(after.wrong).toBeLessThanOrEqual(Math.max(2, 0.005 * after.correct));
  }, 240_000);

  it('links with the shipped model, saying why, when the inputs are too few to estimate from', async () => {
    await writeFile(join(dir, 'people.csv'), `${DISTRICT}\r\n`);
    const run = await lantern(['--input', join(dir, 'people.csv'), '--output', join(dir, 'sids.csv')]);
    expect(run.stdout).toContain(`shipped model ${defaultIdentityModel().id}: the inputs cannot support an estimate (7 records; estimation needs at least 500)`);
    expect(existsSync(estimatedModelPaths(join(dir, 'sids.csv')).model)).toBe(false);
  });
});
