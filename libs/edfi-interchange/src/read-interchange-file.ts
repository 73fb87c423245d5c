import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ContractMappings } from './contract-mappings';
import type { InterchangeItem } from './interchange-item';
import { readJsonDocument, readNdjson } from './json-readers';
import type { ReadOptions } from './read-options';
import { readXmlInterchange } from './xml-interchange-reader';

export type InterchangeFormat = 'ndjson' | 'json' | 'xml';

const FORMAT_BY_EXTENSION: Readonly<Record<string, InterchangeFormat>> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
  '.xml': 'xml',
};

export function interchangeFormatOf(path: string): InterchangeFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

/**
 * Reads one file into items, streaming: records mapped to their contracts, envelopes as given,
 * skipped elements and malformed input with their location. The caller decides what to publish.
 */
export function readInterchangeFile(path: string, mappings: ContractMappings, options: ReadOptions = {}): AsyncGenerator<InterchangeItem> {
  switch (interchangeFormatOf(path)) {
    case 'ndjson':
      return readNdjson(path, mappings, options);
    case 'json':
      return readJsonDocument(path, mappings, options);
    case 'xml':
      return readXmlInterchange(path, mappings, options);
    default:
      throw new Error(`${path} is not .ndjson, .jsonl, .json or .xml`);
  }
}

export interface InterchangeFileList {
  /** Readable files, in the order given; a directory's files sorted by path. */
  readonly files: string[];
  /** Files whose extension no reader handles. */
  readonly unsupported: string[];
}

/** The files to read from paths given on a command line: files as they are, directories recursively. */
export async function listInterchangeFiles(paths: readonly string[]): Promise<InterchangeFileList> {
  const files: string[] = [];
  const unsupported: string[] = [];
  const visit = async (path: string): Promise<void> => {
    if ((await stat(path)).isDirectory()) {
      const entries = (await readdir(path)).sort();
      for (const entry of entries) await visit(join(path, entry));
    } else if (interchangeFormatOf(path)) {
      files.push(path);
    } else {
      unsupported.push(path);
    }
  };
  for (const path of paths) await visit(path);
  return { files, unsupported };
}
