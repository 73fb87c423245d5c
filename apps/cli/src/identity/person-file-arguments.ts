import { stat } from 'node:fs/promises';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from '../command';

/** The options of every command that reads CSV files of person records (`identity link`, `identity train`). */
const PERSON_FILE_OPTIONS = {
  input: { type: 'string', multiple: true },
  output: { type: 'string' },
  source: { type: 'string', multiple: true },
  'id-column': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A command line with the person-file options and the command's own; a malformed one is a usage error. */
export function parsePersonFileArguments<Options extends ParseArgsOptionsConfig>(args: string[], options: Options) {
  try {
    return parseArgs({ args, strict: true, allowPositionals: false, options: { ...PERSON_FILE_OPTIONS, ...options } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The inputs, their sources and the identification-code column, checked alike for every such command. */
export function personFiles(values: { input?: string[]; source?: string[]; 'id-column'?: string }): { inputs: string[]; sources: string[]; idColumn?: string } {
  const inputs = values.input ?? [];
  const sources = values.source ?? [];
  if (inputs.length === 0) throw new UsageError('name at least one --input file');
  if (sources.length > 1 && sources.length !== inputs.length) {
    throw new UsageError(`give --source once for every input, or once per input (${inputs.length} inputs, ${sources.length} sources)`);
  }
  if (sources.some((source) => source.trim() === '')) throw new UsageError('--source must not be empty');
  if (values['id-column'] !== undefined && values['id-column'].trim() === '') throw new UsageError('--id-column must not be empty');
  return { inputs, sources, idColumn: values['id-column'] };
}

/** An input file's size, for progress; a missing path or a folder is a usage error. */
export async function inputFileSize(path: string): Promise<number> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new UsageError(`--input ${path} is not a file`);
    return stats.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such file: ${path}`);
    throw error;
  }
}
