import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { ContractMappings } from './contract-mappings';
import { mapInterchangeElement, type InterchangeElement } from './interchange-element-mapper';
import type { InterchangeItem, MalformedInput } from './interchange-item';
import type { ReadOptions } from './read-options';

/**
 * The namespaces of Ed-Fi Data Standard 4 and 5 bulk interchanges: http://ed-fi.org/<version>,
 * e.g. 4.0.0, 4.0.0-a, 5.0.0, 5.1.0, 5.2.0 (as the XSDs' targetNamespace declares them).
 */
const SUPPORTED_NAMESPACE = /^http:\/\/ed-fi\.org\/[45]\.\d+\.\d+(-[a-z])?$/;

/** The document is not well-formed XML, or not an interchange this reader supports. */
class InterchangeProblem extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly element: string,
    message: string,
  ) {
    super(message);
  }
}

interface OpenEntity {
  readonly contractId: string | undefined;
  readonly line: number;
  /** The entity element and, above it, the elements still open inside it. */
  readonly open: InterchangeElement[];
}

/**
 * An Ed-Fi XML interchange (InterchangeStudent, InterchangeStudentEnrollment,
 * InterchangeStudentAssessment, ...). Streamed with saxes: only the entity being read is held in
 * memory. Each child of the root is one entity; those a contract carries become records, the
 * others are reported as skipped. Reading stops at the first well-formedness error.
 */
export async function* readXmlInterchange(path: string, mappings: ContractMappings, options: ReadOptions): AsyncGenerator<InterchangeItem> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const ready: InterchangeItem[] = [];
  const openNames: string[] = [];
  let namespace: string | undefined;
  let entity: OpenEntity | undefined;
  let tagLine = 1;
  /** The path of the element whose end tag saxes handled last: the one a mismatched end tag closed. */
  let lastClosed = '';

  const problem = (message: string, element = openNames.join('/')) => new InterchangeProblem(parser.line, parser.column + 1, element, message);
  parser.on('error', (error) => {
    const message = error.message.replace(/^\d+:\d+: /, '');
    if (message.startsWith('unexpected close tag')) {
      throw problem(`this end tag does not close <${lastClosed.slice(lastClosed.lastIndexOf('/') + 1)}>, which is still open`, lastClosed);
    }
    throw problem(message);
  });
  parser.on('opentagstart', () => {
    tagLine = parser.line;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    openNames.push(tag.local);
    if (openNames.length === 1) {
      namespace = checkedRootNamespace(tag, problem);
    } else if (openNames.length === 2) {
      const element: InterchangeElement = { name: tag.local, children: [], text: '', refersById: false };
      const contractId = tag.uri === namespace ? mappings.contractForElement(tag.local) : undefined;
      entity = { contractId, line: tagLine, open: [element] };
    } else if (entity) {
      // Elements of another namespace (extensions) are named {namespace}local, which no contract field matches.
      const name = tag.uri === namespace ? tag.local : `{${tag.uri}}${tag.local}`;
      const element: InterchangeElement = { name, children: [], text: '', refersById: Object.hasOwn(tag.attributes, 'ref') };
      entity.open[entity.open.length - 1].children.push(element);
      entity.open.push(element);
    }
  });
  const addText = (text: string) => {
    if (entity) entity.open[entity.open.length - 1].text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    lastClosed = openNames.join('/');
    if (entity && openNames.length === 2) {
      ready.push(itemOf(entity, path, mappings));
      entity = undefined;
    } else {
      entity?.open.pop();
    }
    openNames.pop();
  });

  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    let first = true;
    for await (const chunk of stream) {
      const text = first ? (chunk as string).replace(/^\uFEFF/, '') : (chunk as string);
      first = false;
      const failure = feed(() => parser.write(text), path);
      yield* ready.splice(0);
      if (failure) {
        yield failure;
        return;
      }
      options.onProgress?.(stream.bytesRead);
    }
    const failure = feed(() => parser.close(), path);
    yield* ready.splice(0);
    if (failure) yield failure;
  } finally {
    stream.destroy();
  }
}

function checkedRootNamespace(tag: SaxesTagNS, problem: (message: string) => InterchangeProblem): string {
  if (!tag.local.startsWith('Interchange')) {
    throw problem(`the root element is ${tag.local}, not an Ed-Fi interchange (InterchangeStudent, InterchangeStudentEnrollment, ...)`);
  }
  if (!SUPPORTED_NAMESPACE.test(tag.uri)) {
    throw problem(`the namespace "${tag.uri}" is not an Ed-Fi Data Standard 4 or 5 namespace (http://ed-fi.org/4.x.y or http://ed-fi.org/5.x.y)`);
  }
  return tag.uri;
}

function itemOf(entity: OpenEntity, file: string, mappings: ContractMappings): InterchangeItem {
  const element = entity.open[0];
  const location = { file, line: entity.line, element: element.name };
  if (entity.contractId === undefined) return { kind: 'skipped', location, element: element.name };
  const { record, leftOut } = mapInterchangeElement(element, mappings.shapeOf(entity.contractId), mappings.usesEdfiDescriptors(entity.contractId));
  return { kind: 'record', location, contractId: entity.contractId, record, leftOut };
}

/** Runs one parser step; a well-formedness or interchange problem becomes a malformed item. */
function feed(step: () => void, file: string): MalformedInput | undefined {
  try {
    step();
    return undefined;
  } catch (error) {
    if (!(error instanceof InterchangeProblem)) throw error;
    return {
      kind: 'malformed',
      location: { file, line: error.line, column: error.column, ...(error.element ? { element: error.element } : {}) },
      reason: error.message,
      resumable: false,
    };
  }
}
