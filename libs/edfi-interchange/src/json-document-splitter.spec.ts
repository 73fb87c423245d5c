import { JsonDocumentSplitter } from './json-document-splitter';

function splitInChunks(document: string, chunkSize: number) {
  const splitter = new JsonDocumentSplitter();
  const objects = [];
  for (let start = 0; start < document.length; start += chunkSize) {
    const { objects: completed, error } = splitter.push(document.slice(start, start + chunkSize));
    objects.push(...completed);
    if (error) return { objects, error };
  }
  return { objects, error: splitter.end() };
}

describe('JsonDocumentSplitter', () => {
  const document = '\uFEFF[\n  {"a": "}{][", "b": {"c": [1, {"d": "\\"}"}]}},\n  {"e": "\\\\"}\n]\n';

  it.each([1, 2, 7, 1000])('finds the same objects and start positions whatever the chunk size (%i)', (chunkSize) => {
    expect(splitInChunks(document, chunkSize)).toEqual({
      objects: [
        { line: 2, column: 3, text: '{"a": "}{][", "b": {"c": [1, {"d": "\\"}"}]}}' },
        { line: 3, column: 3, text: '{"e": "\\\\"}' },
      ],
      error: undefined,
    });
  });

  it('returns the objects completed before a structure error in the same chunk', () => {
    const { objects, error } = splitInChunks('[{"a": 1}, {"b": 2} {"c": 3}]', 1000);

    expect(objects.map((object) => object.text)).toEqual(['{"a": 1}', '{"b": 2}']);
    expect(error).toEqual({ position: { line: 1, column: 21 }, reason: 'expected "," or "]" after a resource object' });
  });

  it('accepts a single object as the whole document', () => {
    expect(splitInChunks('{"a": [1, 2]}\n', 3)).toEqual({ objects: [{ line: 1, column: 1, text: '{"a": [1, 2]}' }], error: undefined });
  });
});
