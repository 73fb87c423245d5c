// `npm run openapi`: writes the API's OpenAPI document and the web app's types generated from it.
// tools/openapi/api-files.spec.ts fails while the committed files differ from what this writes.
import { writeFile } from 'node:fs/promises';
import { absolutePathOf, generatedApiFiles } from './api-files';

async function main() {
  for (const { file, text } of await generatedApiFiles()) {
    await writeFile(absolutePathOf(file), text);
    console.log(`wrote ${file}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
