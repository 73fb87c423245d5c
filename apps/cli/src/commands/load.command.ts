import { HUB_CONNECTION_SETTINGS, KAFKA_CONNECTION_SETTINGS, loadSettingsOrExit } from '@lantern/config';
import { ContractRegistry } from '@lantern/contracts';
import { ContractMappings, listInterchangeFiles } from '@lantern/edfi-interchange';
import { HubTopics, RecordPublisher } from '@lantern/ingest';
import { connectProducer, createKafka, kafkaConnectionOf, ensureTopics } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';
import { FileLoader, type LoadOptions } from '../load/file-loader';
import { LoadReport } from '../load/load-report';
import { ProgressDisplay } from '../terminal/progress-display';

const LOAD_SETTINGS = {
  ...KAFKA_CONNECTION_SETTINGS,
  LANTERN_TOPIC_PREFIX: HUB_CONNECTION_SETTINGS.LANTERN_TOPIC_PREFIX,
  LOG_LEVEL: HUB_CONNECTION_SETTINGS.LOG_LEVEL,
  // The ingest service's own limit, so "accepted here" means "accepted there".
  INGEST_MAX_MESSAGE_BYTES: HUB_CONNECTION_SETTINGS.INGEST_MAX_MESSAGE_BYTES,
};

const USAGE = `Usage: lantern load <file|dir>... [--source <system>] [--event-time <time>] [--partial]

Reads Ed-Fi API resources (.json arrays, .ndjson/.jsonl lines) and Ed-Fi XML interchanges
(Data Standard 4 and 5), maps them to the hub's contracts and publishes them to the ingest topics.
Lines that already are hub envelopes are published as they are.

Options:
  --source <system>    the envelope's sourceSystem, e.g. lea-255901.sis (required unless
                       every record is already an envelope)
  --event-time <time>  the envelope's eventTime, RFC 3339 with offset (default: now)
  --partial            publish what precedes a malformed part of a file (default: nothing
                       from a malformed file is published)
  -h, --help           show this help

Environment: KAFKA_BROKERS (required), LANTERN_TOPIC_PREFIX, INGEST_MAX_MESSAGE_BYTES, LOG_LEVEL.
Exit status: 0 when every file was published whole and every record accepted; 1 when a file was
malformed or records were rejected; 2 for bad arguments; 78 for bad settings.
`;

interface LoadArguments {
  readonly paths: string[];
  readonly help: boolean;
  readonly options: Omit<LoadOptions, 'maxMessageBytes'>;
}

function parseLoadArguments(args: string[]): LoadArguments {
  const { values, positionals } = asUsageError(() =>
    parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        source: { type: 'string' },
        'event-time': { type: 'string' },
        partial: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (!values.help && positionals.length === 0) throw new UsageError('name at least one file or directory to load');
  return {
    paths: positionals,
    help: values.help,
    options: { sourceSystem: values.source, eventTime: values['event-time'] ?? new Date().toISOString(), partial: values.partial },
  };
}

/** parseArgs explains unknown options and missing values well; they are usage errors. */
function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** --source and --event-time go into every envelope, so they are checked by the hub's envelope schema first. */
function envelopeOptionProblem(registry: ContractRegistry, options: LoadArguments['options']): string | undefined {
  const [anyContract] = registry.contracts();
  const optionByField: Record<string, string> = { '/sourceSystem': '--source', '/eventTime': '--event-time' };
  const violation = registry.validateEnvelope({
    contract: anyContract.id,
    contractVersion: anyContract.version,
    operation: 'upsert',
    sourceSystem: options.sourceSystem ?? 'not-given',
    eventTime: options.eventTime,
    record: {},
  });
  return violation && `${optionByField[violation.path] ?? violation.path} ${violation.rule}`;
}

async function load(args: LoadArguments, io: CommandIo): Promise<number> {
  const registry = ContractRegistry.load();
  const optionProblem = envelopeOptionProblem(registry, args.options);
  if (optionProblem) throw new UsageError(optionProblem);
  const { files, unsupported } = await listInterchangeFiles(args.paths).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new UsageError(`no such file or directory: ${error.path}`) : error;
  });
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));

  const settings = loadSettingsOrExit(LOAD_SETTINGS);
  // The Kafka client logs each retry it makes, as JSON on stdout where the summary goes; the command
  // reports real failures itself, so those logs show only when LOG_LEVEL=debug asks for them.
  const logger = createJsonLogger('lantern-cli', settings.LOG_LEVEL);
  const kafka = createKafka(kafkaConnectionOf(settings), 'lantern-cli', settings.LOG_LEVEL === 'debug' ? logger : logger.child({}, { level: 'silent' }));
  const topics = new HubTopics(registry, settings.LANTERN_TOPIC_PREFIX);
  await ensureTopics(kafka, topics.all());
  const producer = await connectProducer(kafka);
  try {
    const report = new LoadReport();
    report.unsupportedFiles(unsupported);
    const progress = new ProgressDisplay(io.stderr);
    const passes = args.options.partial ? 1 : 2;
    const bytesTotal = passes * sizes.reduce((sum, size) => sum + size, 0);
    const loader = new FileLoader(
      registry,
      ContractMappings.from(registry),
      new RecordPublisher(producer, registry, topics),
      { ...args.options, maxMessageBytes: settings.INGEST_MAX_MESSAGE_BYTES },
      report,
      progress,
      bytesTotal,
    );
    for (const [index, file] of files.entries()) {
      await loader.load(file, sizes[index], `${file} (${index + 1}/${files.length})`);
    }
    progress.finish();
    io.stdout.write(report.render((contractId) => topics.topicFor(contractId)));
    return report.succeeded() ? 0 : 1;
  } finally {
    await producer.disconnect();
  }
}

export const loadCommand: Command = {
  usage: USAGE,
  async run(args, io) {
    try {
      const parsed = parseLoadArguments(args);
      if (parsed.help) {
        io.stdout.write(USAGE);
        return 0;
      }
      return await load(parsed, io);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`lantern load: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
  },
};
