import { parseMessage, type ContractRegistry, type Envelope } from '@lantern/contracts';
import { readInterchangeFile, type ContractMappings, type EnvelopeLine, type InterchangeItem, type MalformedInput, type MappedRecord } from '@lantern/edfi-interchange';
import type { RecordPublisher } from '@lantern/ingest';
import type { ProgressDisplay } from '../terminal/progress-display';
import { describeLocation, type LoadReport } from './load-report';

/** Envelopes per Kafka batch: large enough for throughput, small enough to bound memory. */
const PUBLISH_BATCH = 500;
/** Problems a refused file keeps for the report; the rest are counted. */
const PROBLEMS_KEPT = 20;

export interface LoadOptions {
  /** The envelope's sourceSystem for records read from Ed-Fi resources; envelopes carry their own. */
  readonly sourceSystem?: string;
  /** The envelope's eventTime for those records (RFC 3339). */
  readonly eventTime: string;
  /** Publish what precedes a malformed part instead of nothing from the file. */
  readonly partial: boolean;
  /** The hub's message size limit. */
  readonly maxMessageBytes: number;
}

/**
 * Loads files one at a time. Unless --partial, a file is read twice: once to find out whether
 * it is well-formed (holding nothing but counts), then again to publish, so nothing from a
 * malformed file reaches the hub and a file of any size streams. Every record is checked with
 * the hub's own parseMessage before publishing: what the hub would reject is reported here,
 * with its location in the file, instead of being sent.
 */
export class FileLoader {
  private bytesDone = 0;

  constructor(
    private readonly registry: ContractRegistry,
    private readonly mappings: ContractMappings,
    private readonly publisher: RecordPublisher,
    private readonly options: LoadOptions,
    private readonly report: LoadReport,
    private readonly progress: ProgressDisplay,
    /** Bytes to read in the whole run, both passes included. */
    private readonly bytesTotal: number,
  ) {}

  async load(file: string, size: number, position: string): Promise<void> {
    this.report.startFile(file);
    if (!this.options.partial) {
      const { problems, problemCount } = await this.check(file, size, `checking ${position}`);
      if (problemCount > 0) {
        this.report.refuseFile(problems, problemCount);
        this.progress.log(`${file}: malformed, nothing published (use --partial to publish what precedes the errors)`);
        for (const problem of problems) this.progress.log(`  ${describeLocation(problem.location)}: ${problem.reason}`);
        return;
      }
    }
    await this.publish(file, size, `publishing ${position}`);
  }

  /** Every problem that makes the file unpublishable as a whole: malformed input, or resources without --source. */
  private async check(file: string, size: number, activity: string): Promise<{ problems: MalformedInput[]; problemCount: number }> {
    const problems: MalformedInput[] = [];
    let problemCount = 0;
    for await (const item of this.read(file, size, activity)) {
      const problem = item.kind === 'malformed' ? item : item.kind === 'skipped' ? undefined : this.missingSource(item);
      if (!problem) continue;
      problemCount++;
      if (problems.length < PROBLEMS_KEPT) problems.push(problem);
      if (!problem.resumable) break;
    }
    return { problems, problemCount };
  }

  private async publish(file: string, size: number, activity: string): Promise<void> {
    const batch: Envelope[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await this.publisher.publish(batch);
      for (const envelope of batch) this.report.published(envelope.contract);
      batch.length = 0;
    };
    for await (const item of this.read(file, size, activity)) {
      if (item.kind === 'skipped') {
        this.report.skippedElement(item.element, item.location);
        continue;
      }
      if (item.kind === 'malformed') {
        this.reportMalformed(item);
        if (item.resumable) continue;
        break;
      }
      const missingSource = this.missingSource(item);
      if (missingSource) {
        this.reportMalformed(missingSource);
        break;
      }
      if (item.kind === 'record') this.report.leftOutFields(item.contractId, item.leftOut, item.location);
      const accepted = this.validate(item);
      if (accepted) batch.push(accepted);
      if (batch.length >= PUBLISH_BATCH) await flush();
    }
    await flush();
  }

  private reportMalformed(problem: MalformedInput): void {
    this.report.malformed(problem);
    this.progress.log(`${describeLocation(problem.location)}: ${problem.reason}`);
  }

  /** The item as the envelope the hub will receive, if the hub's rules accept it. */
  private validate(item: MappedRecord | EnvelopeLine): Envelope | undefined {
    const envelope = item.kind === 'envelope' ? item.envelope : this.envelopeFor(item.contractId, item.record);
    const parsed = parseMessage(Buffer.from(JSON.stringify(envelope)), this.registry, { maxBytes: this.options.maxMessageBytes });
    if (parsed.kind === 'accepted') return parsed.envelope;
    const claimed = item.kind === 'record' ? item.contractId : (parsed.contractId ?? '(unreadable envelope)');
    this.report.rejected(claimed, `${parsed.stage}: ${parsed.message}`, item.location);
    return undefined;
  }

  private envelopeFor(contractId: string, record: Record<string, unknown>): Envelope {
    return {
      contract: contractId,
      contractVersion: this.registry.contract(contractId).version,
      operation: 'upsert',
      sourceSystem: this.options.sourceSystem!,
      eventTime: this.options.eventTime,
      record,
    };
  }

  private missingSource(item: MappedRecord | EnvelopeLine): MalformedInput | undefined {
    if (item.kind !== 'record' || this.options.sourceSystem !== undefined) return undefined;
    return {
      kind: 'malformed',
      location: item.location,
      reason: 'this is an Ed-Fi resource, not an envelope: give --source <system> to say which system sent it',
      resumable: false,
    };
  }

  private async *read(file: string, size: number, activity: string): AsyncGenerator<InterchangeItem> {
    const startedAt = this.bytesDone;
    const onProgress = (bytesRead: number) => {
      const { published, rejected } = this.report.totals();
      this.progress.update({
        activity,
        done: startedAt + bytesRead,
        total: this.bytesTotal,
        counters: `${published.toLocaleString('en-US')} published, ${rejected.toLocaleString('en-US')} rejected`,
      });
    };
    try {
      yield* readInterchangeFile(file, this.mappings, { onProgress });
    } finally {
      this.bytesDone = startedAt + size;
    }
  }
}
