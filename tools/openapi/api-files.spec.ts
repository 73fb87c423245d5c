import { readFile } from 'node:fs/promises';
import { absolutePathOf, generatedApiFiles } from './api-files';

describe('the committed OpenAPI document and the web app’s API types', () => {
  it('are what `npm run openapi` writes from the API as it is now (a route changed without regenerating fails here)', async () => {
    const files = await generatedApiFiles();
    const stale = [];
    for (const { file, text } of files) {
      const committed = await readFile(absolutePathOf(file), 'utf8').catch(() => undefined);
      if (committed !== text) stale.push(`${file} is stale: run npm run openapi`);
    }
    expect(files.map(({ file }) => file)).toEqual(['apps/api/openapi.json', 'apps/web/src/api/generated/hub-api.ts']);
    expect(stale).toEqual([]);
  });
});
