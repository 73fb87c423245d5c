import { TrainingSet } from '@lantern/identity';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ProgressDisplay } from '../terminal/progress-display';
import { readCsv } from './csv-reader';
import { personColumns, personRecordFrom, type PersonColumns } from './person-columns';

export interface TrainingInput {
  readonly path: string;
  readonly source: string;
}

export interface TrainingRead {
  readonly set: TrainingSet;
  /** Rows the reader could not make a record of (CSV syntax, field count, encoding), by problem; the engine's refusals are the set's. */
  readonly unreadable: ReadonlyMap<string, number>;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly rows: number; readonly records: number }>;
}

const count = (value: number): string => value.toLocaleString('en-US');

/**
 * Reads CSV files of person records (headers already checked) into a training set, as
 * `identity link` reads them: the records `identity train` estimates from, and those `identity
 * link` learns from before it links them.
 */
export async function readTrainingSet(inputs: readonly TrainingInput[], idColumn: string | undefined, progress: ProgressDisplay, bytesTotal: number): Promise<TrainingRead> {
  const set = new TrainingSet();
  const unreadable = new Map<string, number>();
  const read: Array<{ name: string; rows: number; records: number }> = [];
  let bytesDone = 0;
  for (const [index, { path, source }] of inputs.entries()) {
    const input = { name: basename(path), rows: 0, records: 0 };
    read.push(input);
    const activity = `reading ${path} (${index + 1}/${inputs.length})`;
    let columns: PersonColumns | undefined;
    const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
    try {
      for await (const { items, bytes, undecodable } of readCsv(stream)) {
        for (const item of items) {
          if (columns === undefined) {
            const header = item.kind === 'row' ? personColumns(item.fields, idColumn) : undefined;
            if (!header?.ok) throw new Error(`${path}: the header changed since it was checked`);
            columns = header.columns;
            continue;
          }
          input.rows++;
          const row = item.kind === 'row' ? personRecordFrom(item.fields, columns, '', undecodable) : { ok: false as const, problems: [item.problem] };
          if (!row.ok) {
            for (const problem of row.problems) unreadable.set(problem, (unreadable.get(problem) ?? 0) + 1);
          } else if (set.add(row.record, source)) {
            input.records++;
          }
        }
        bytesDone += bytes;
        progress.update({ activity, done: bytesDone, total: bytesTotal, counters: `${count(set.size)} records` });
      }
    } finally {
      stream.destroy();
    }
  }
  return { set, unreadable, inputs: read };
}
