import type { MalformedInput, SourceLocation } from '@lantern/edfi-interchange';

/** How many problems of one file the summary spells out; the rest are counted. */
const PROBLEMS_SHOWN_PER_FILE = 5;

type FileOutcome = 'published' | 'refused' | 'partly published';

interface FileTally {
  readonly file: string;
  published: number;
  rejected: number;
  problemCount: number;
  readonly problems: MalformedInput[];
  outcome: FileOutcome;
}

interface Occurrences {
  count: number;
  readonly first: SourceLocation;
}

export function describeLocation(location: SourceLocation): string {
  const position = location.column === undefined ? `${location.line}` : `${location.line}:${location.column}`;
  return `${location.file}:${position}${location.element ? ` (${location.element})` : ''}`;
}

/**
 * What a load did, per file and per contract: published, rejected by the hub's rules (with
 * the reasons, grouped), left out, skipped, malformed. Holds paths, reasons and counts only,
 * never record contents.
 */
export class LoadReport {
  private readonly files: FileTally[] = [];
  private readonly byContract = new Map<string, { published: number; rejected: number }>();
  private readonly rejections = new Map<string, Occurrences & { contract: string; reason: string }>();
  private readonly leftOut = new Map<string, Occurrences & { contract: string; path: string }>();
  private readonly skipped = new Map<string, Occurrences & { element: string }>();
  private readonly unsupported: string[] = [];

  startFile(file: string): void {
    this.files.push({ file, published: 0, rejected: 0, problemCount: 0, problems: [], outcome: 'published' });
  }

  /** A problem that kept the whole file from being published. */
  refuseFile(problems: readonly MalformedInput[], problemCount: number): void {
    const tally = this.currentFile();
    tally.outcome = 'refused';
    tally.problems.push(...problems.slice(0, PROBLEMS_SHOWN_PER_FILE));
    tally.problemCount += problemCount;
  }

  /** A problem met while publishing (--partial): what came before it stays published. */
  malformed(problem: MalformedInput): void {
    const tally = this.currentFile();
    tally.outcome = 'partly published';
    if (tally.problems.length < PROBLEMS_SHOWN_PER_FILE) tally.problems.push(problem);
    tally.problemCount++;
  }

  published(contractId: string): void {
    this.contractTally(contractId).published++;
    this.currentFile().published++;
  }

  rejected(contractId: string, reason: string, location: SourceLocation): void {
    this.contractTally(contractId).rejected++;
    this.currentFile().rejected++;
    count(this.rejections, `${contractId}\n${reason}`, location, { contract: contractId, reason });
  }

  leftOutFields(contractId: string, paths: readonly string[], location: SourceLocation): void {
    for (const path of paths) count(this.leftOut, `${contractId}\n${path}`, location, { contract: contractId, path });
  }

  skippedElement(element: string, location: SourceLocation): void {
    count(this.skipped, element, location, { element });
  }

  unsupportedFiles(files: readonly string[]): void {
    this.unsupported.push(...files);
  }

  /** True when every file was published whole and the hub's rules accepted every record. */
  succeeded(): boolean {
    return this.unsupported.length === 0 && this.files.every((file) => file.outcome === 'published' && file.rejected === 0);
  }

  totals(): { published: number; rejected: number } {
    const tallies = [...this.byContract.values()];
    return {
      published: tallies.reduce((sum, tally) => sum + tally.published, 0),
      rejected: tallies.reduce((sum, tally) => sum + tally.rejected, 0),
    };
  }

  render(topicFor: (contractId: string) => string): string {
    const sections = [this.renderFiles(), this.renderContracts(topicFor)];
    if (this.rejections.size > 0) {
      sections.push(
        list(
          "Rejected by the hub's rules (not published; fix the source and load again):",
          sorted(this.rejections).map((r) => `${r.contract}: ${r.reason} — ${times(r.count, 'record')}, first at ${describeLocation(r.first)}`),
        ),
      );
    }
    if (this.leftOut.size > 0) {
      sections.push(
        list(
          'Left out (in the source, not carried by the contract):',
          sorted(this.leftOut).map((field) => `${field.contract}: ${field.path} — ${times(field.count, 'record')}`),
        ),
      );
    }
    if (this.skipped.size > 0) {
      sections.push(
        list(
          'Not loaded (no contract carries these interchange elements):',
          sorted(this.skipped).map((seen) => `${seen.element} — ${times(seen.count, 'element')}, first at ${describeLocation(seen.first)}`),
        ),
      );
    }
    if (this.unsupported.length > 0) {
      sections.push(list('Not read (not .ndjson, .jsonl, .json or .xml):', this.unsupported));
    }
    return `${sections.join('\n\n')}\n`;
  }

  private renderFiles(): string {
    const rows = this.files.map((tally) => {
      const rejected = tally.rejected > 0 ? `, rejected ${tally.rejected.toLocaleString('en-US')}` : '';
      const published = tally.published.toLocaleString('en-US');
      const outcome =
        tally.outcome === 'refused'
          ? 'malformed, nothing published'
          : tally.outcome === 'partly published'
            ? `malformed, published ${published} before the error (--partial)${rejected}`
            : `published ${published}${rejected}`;
      const problems = tally.problems.map((problem) => `    ${describeLocation(problem.location)}: ${problem.reason}`);
      const more = tally.problemCount - tally.problems.length;
      return [`  ${tally.file}: ${outcome}`, ...problems, ...(more > 0 ? [`    … and ${more} more`] : [])].join('\n');
    });
    return list(`Files (${this.files.length}):`, rows, '');
  }

  private renderContracts(topicFor: (contractId: string) => string): string {
    const rows = [...this.byContract.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([contract, tally]) => [contract, topicFor(contract), tally.published, tally.rejected] as const);
    const { published, rejected } = this.totals();
    const contractWidth = Math.max('contract'.length, 'total'.length, ...rows.map(([contract]) => contract.length));
    const topicWidth = Math.max('topic'.length, ...rows.map(([, topic]) => topic.length));
    const line = (contract: string, topic: string, p: string, r: string) => `  ${contract.padEnd(contractWidth)}  ${topic.padEnd(topicWidth)}  ${p.padStart(9)}  ${r.padStart(8)}`;
    return [
      line('contract', 'topic', 'published', 'rejected'),
      ...rows.map(([contract, topic, p, r]) => line(contract, topic, p.toLocaleString('en-US'), r.toLocaleString('en-US'))),
      line('total', '', published.toLocaleString('en-US'), rejected.toLocaleString('en-US')),
    ].join('\n');
  }

  private currentFile(): FileTally {
    const tally = this.files.at(-1);
    if (!tally) throw new Error('startFile() first');
    return tally;
  }

  private contractTally(contractId: string): { published: number; rejected: number } {
    let tally = this.byContract.get(contractId);
    if (!tally) {
      tally = { published: 0, rejected: 0 };
      this.byContract.set(contractId, tally);
    }
    return tally;
  }
}

function count<T extends object>(occurrences: Map<string, Occurrences & T>, key: string, location: SourceLocation, details: T): void {
  const seen = occurrences.get(key);
  if (seen) seen.count++;
  else occurrences.set(key, { ...details, count: 1, first: location });
}

function times(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** Values in key order, so the summary reads the same whatever order the files came in. */
function sorted<T>(occurrences: Map<string, T>): T[] {
  return [...occurrences.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, value]) => value);
}

function list(title: string, rows: readonly string[], indent = '  '): string {
  return [title, ...rows.map((row) => `${indent}${row}`)].join('\n');
}
