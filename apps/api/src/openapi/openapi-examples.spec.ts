import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The committed document (tools/openapi/api-files.spec.ts keeps it what the API builds) shows an
// example for every route; each must be an answer its own schema accepts, or /docs teaches wrong shapes.

type Node = Record<string, unknown>;
const document = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Node>>;
  components: { schemas: Record<string, Node> };
};
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every example in the document, with the JSON Pointer of the schema it illustrates. */
function examples(): Array<{ pointer: string; example: unknown }> {
  const found: Array<{ pointer: string; example: unknown }> = [];
  const schema = (node: Node | undefined, pointer: string) => {
    if (!node || typeof node !== 'object') return;
    if ('example' in node) found.push({ pointer, example: node.example });
    if (node.items) schema(node.items as Node, `${pointer}/items`);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') schema(node.additionalProperties as Node, `${pointer}/additionalProperties`);
    for (const key of ['allOf', 'oneOf', 'anyOf']) ((node[key] as Node[] | undefined) ?? []).forEach((member, index) => schema(member, `${pointer}/${key}/${index}`));
    for (const [name, property] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) schema(property, `${pointer}/properties/${escape(name)}`);
  };
  const content = (media: Record<string, Node> | undefined, pointer: string) => {
    for (const [type, { schema: mediaSchema, ...rest }] of Object.entries(media ?? {})) {
      if ('example' in rest) found.push({ pointer: `${pointer}/content/${escape(type)}/schema`, example: rest.example });
      schema(mediaSchema as Node, `${pointer}/content/${escape(type)}/schema`);
    }
  };
  for (const [name, component] of Object.entries(document.components.schemas)) schema(component, `/components/schemas/${escape(name)}`);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const pointer = `/paths/${escape(path)}/${method}`;
      content((operation.requestBody as { content?: Record<string, Node> } | undefined)?.content, `${pointer}/requestBody`);
      for (const [status, response] of Object.entries(operation.responses as Record<string, { content?: Record<string, Node> }>)) content(response.content, `${pointer}/responses/${status}`);
      (operation.parameters as Node[] | undefined)?.forEach(
        (parameter, index) => 'example' in parameter && found.push({ pointer: `${pointer}/parameters/${index}/schema`, example: parameter.example }),
      );
    }
  }
  return found;
}

describe('the OpenAPI document’s examples', () => {
  it('each match the schema they illustrate', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(document, 'openapi');
    const all = examples();
    expect(all.length).toBeGreaterThan(500);
    const wrong = all.flatMap(({ pointer, example }) => {
      const validate = ajv.getSchema(`openapi#${pointer}`);
      return validate?.(example) ? [] : [`${pointer}: ${ajv.errorsText(validate?.errors)}`];
    });
    expect(wrong).toEqual([]);
  });
});
