import { createReadStream } from 'node:fs';
import type { ContractMappings } from './contract-mappings';
import type { InterchangeItem, MalformedInput } from './interchange-item';
import { itemFromJson } from './json-items';
import { JsonDocumentSplitter, jsonParseErrorPosition, type TextPosition } from './json-document-splitter';
import type { ReadOptions } from './read-options';

/**
 * NDJSON (or JSON Lines): one envelope or Ed-Fi resource per line. Each line stands alone, so
 * a bad line is reported and reading goes on.
 */
export async function* readNdjson(path: string, mappings: ContractMappings, options: ReadOptions): AsyncGenerator<InterchangeItem> {
  const fileContract = mappings.contractForFile(path);
  const stream = createReadStream(path, { encoding: 'utf8' });
  let pending = '';
  let lineNumber = 0;
  const itemOf = (line: string): InterchangeItem | undefined => {
    lineNumber++;
    const text = (lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line).trim();
    if (text === '') return undefined;
    const start = { line: lineNumber, column: line.length - line.trimStart().length + 1 };
    try {
      return itemFromJson(JSON.parse(text), { file: path, line: lineNumber }, fileContract, mappings, true);
    } catch (error) {
      return notJson(path, jsonParseErrorPosition(error, text, start), true);
    }
  };
  try {
    for await (const chunk of stream) {
      const lines = (pending + (chunk as string)).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const item = itemOf(line);
        if (item) yield item;
        if (item?.kind === 'malformed' && !item.resumable) return;
      }
      options.onProgress?.(stream.bytesRead);
    }
    const last = itemOf(pending);
    if (last) yield last;
  } finally {
    stream.destroy();
  }
}

/**
 * A JSON document: an array of Ed-Fi resources (as GET /ed-fi/<resource> returns them) or of
 * envelopes, or a single object. Streamed object by object; reading stops at the first error,
 * since what follows a broken object cannot be trusted.
 */
export async function* readJsonDocument(path: string, mappings: ContractMappings, options: ReadOptions): AsyncGenerator<InterchangeItem> {
  const fileContract = mappings.contractForFile(path);
  const splitter = new JsonDocumentSplitter();
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    for await (const chunk of stream) {
      const { objects, error } = splitter.push(chunk as string);
      for (const object of objects) {
        let value: unknown;
        try {
          value = JSON.parse(object.text);
        } catch (parseError) {
          yield notJson(path, jsonParseErrorPosition(parseError, object.text, object), false);
          return;
        }
        const item = itemFromJson(value, { file: path, line: object.line }, fileContract, mappings, false);
        yield item;
        if (item.kind === 'malformed') return;
      }
      if (error) {
        yield { kind: 'malformed', location: { file: path, ...error.position }, reason: error.reason, resumable: false };
        return;
      }
      options.onProgress?.(stream.bytesRead);
    }
    const unfinished = splitter.end();
    if (unfinished) yield { kind: 'malformed', location: { file: path, ...unfinished.position }, reason: unfinished.reason, resumable: false };
  } finally {
    stream.destroy();
  }
}

function notJson(file: string, position: TextPosition, resumable: boolean): MalformedInput {
  return { kind: 'malformed', location: { file, ...position }, reason: 'not valid JSON', resumable };
}
