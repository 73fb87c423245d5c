import { explainDecision, type DataQualityWarning, type Decision, type PersonField, type Resolver } from '@lantern/identity';
import { createReadStream } from 'node:fs';
import type { ProgressDisplay } from '../terminal/progress-display';
import { readCsv, type CsvItem } from './csv-reader';
import type { CsvWriter } from './csv-writer';
import { personColumns, personRecordFrom, type HeaderCheck, type PersonColumns } from './person-columns';

/** The output's columns. */
export const OUTPUT_HEADER = ['record_id', 'sid', 'decision', 'score'] as const;

const DECISION_WORDS: Readonly<Record<Decision['type'], string>> = { link: 'linked', new: 'new', review: 'review' };

export interface LinkInput {
  readonly path: string;
  /** Source system passed to the resolver with every record: local ids compare within one source. */
  readonly source: string;
  /** Put before every record id ("" when there is one input), so the inputs' ids cannot collide. */
  readonly recordIdPrefix: string;
  readonly size: number;
}

export interface InputCounts {
  /** Data rows: every record after the header, malformed ones included (blank lines are not rows). */
  rows: number;
  linked: number;
  new: number;
  review: number;
  /** Rows reported and skipped. */
  skipped: number;
}

export function emptyCounts(): InputCounts {
  return { rows: 0, linked: 0, new: 0, review: 0, skipped: 0 };
}

/** Data-quality warnings of the resolved rows: per field, how many were missing and how many malformed (compared as missing). */
export type WarningCounts = Map<PersonField, Record<DataQualityWarning['issue'], number>>;

/** `file:line`, or `file:first-last` for a record spanning several lines. */
export function location(path: string, item: Pick<CsvItem, 'line' | 'lastLine'>): string {
  return item.lastLine > item.line ? `${path}:${item.line}-${item.lastLine}` : `${path}:${item.line}`;
}

/**
 * Reads a file's header (its first record) and maps it to the person fields, reading no
 * further. Refusals name the file and what is missing.
 */
export async function checkHeader(path: string, idColumn: string | undefined): Promise<HeaderCheck> {
  const stream = createReadStream(path, { highWaterMark: 16 * 1024 });
  try {
    for await (const { items } of readCsv(stream)) {
      const [first] = items;
      if (first === undefined) continue;
      if (first.kind === 'malformed') return { ok: false, problems: [`the header (line ${first.line}) is malformed: ${first.problem}`] };
      return personColumns(first.fields, idColumn);
    }
    return { ok: false, problems: ['the file is empty: the first line must name the columns'] };
  } finally {
    stream.destroy();
  }
}

const formatCount = (count: number): string => count.toLocaleString('en-US');

/**
 * Resolves CSV files of person records, one after the other, through one resolver (one ID
 * space) and writes one output row per resolved record. Streams: memory holds a chunk of input,
 * a block of output and the resolver's index.
 */
export class IdentityLinker {
  readonly total = emptyCounts();
  readonly warnings: WarningCounts = new Map();
  private bytesDone = 0;

  constructor(
    private readonly resolver: Resolver,
    private readonly writer: CsvWriter,
    private readonly progress: ProgressDisplay,
    private readonly bytesTotal: number,
    private readonly idColumn: string | undefined,
    /** Where each decision's waterfall goes (--explain), if anywhere. */
    private readonly explanations?: CsvWriter,
  ) {}

  /**
   * Resolves every row of one input (its header already checked). A missing or malformed field is
   * compared as missing and counted as a data-quality warning; rows that cannot be resolved
   * (malformed CSV, no record id, neither a name nor an identifier) are reported on the progress
   * log and skipped.
   */
  async link(input: LinkInput, activity: string): Promise<InputCounts> {
    const counts = emptyCounts();
    let columns: PersonColumns | undefined;
    const stream = createReadStream(input.path, { highWaterMark: 256 * 1024 });
    try {
      for await (const { items, bytes, undecodable } of readCsv(stream)) {
        for (const item of items) {
          if (columns === undefined) {
            const header: HeaderCheck = item.kind === 'row' ? personColumns(item.fields, this.idColumn) : { ok: false, problems: [item.problem] };
            if (!header.ok) throw new Error(`${input.path}: the header changed since it was checked: ${header.problems.join('; ')}`);
            columns = header.columns;
            continue;
          }
          counts.rows++;
          this.total.rows++;
          if (item.kind === 'malformed') {
            this.skip(input.path, item, [item.problem], counts);
            continue;
          }
          const row = personRecordFrom(item.fields, columns, input.recordIdPrefix, undecodable);
          if (!row.ok) {
            this.skip(input.path, item, row.problems, counts);
            continue;
          }
          const decision = this.resolver.resolve(row.record, { source: input.source });
          // A record id resolved before comes back as it was, changing nothing: that row is skipped.
          if (decision.replayed) {
            this.skip(input.path, item, [`record_id already used by an earlier row${input.recordIdPrefix ? ' of this input' : ''}`], counts);
            continue;
          }
          for (const warning of row.warnings) this.countWarning(warning);
          counts[decision.type === 'link' ? 'linked' : decision.type]++;
          this.total[decision.type === 'link' ? 'linked' : decision.type]++;
          this.writer.write([row.record.record_id, decision.sid, DECISION_WORDS[decision.type], decision.score === null ? '' : String(decision.score)]);
          this.explanations?.writeText(explainDecision(decision));
        }
        this.bytesDone += bytes;
        this.progress.update({ activity, done: this.bytesDone, total: this.bytesTotal, counters: this.counters() });
        await this.writer.drain();
        await this.explanations?.drain();
      }
    } finally {
      stream.destroy();
    }
    return counts;
  }

  private countWarning({ field, issue }: DataQualityWarning): void {
    const counts = this.warnings.get(field) ?? { missing: 0, malformed: 0 };
    counts[issue]++;
    this.warnings.set(field, counts);
  }

  private skip(path: string, item: Pick<CsvItem, 'line' | 'lastLine'>, problems: readonly string[], counts: InputCounts): void {
    counts.skipped++;
    this.total.skipped++;
    this.progress.log(`${location(path, item)}: row skipped: ${problems.join('; ')}`);
  }

  private counters(): string {
    const { rows, linked, review, skipped } = this.total;
    return `${formatCount(rows)} rows: ${formatCount(linked)} linked, ${formatCount(this.total.new)} new, ${formatCount(review)} review, ${formatCount(skipped)} skipped`;
  }
}
