import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAsyncApi } from './asyncapi';
import { ContractRegistry } from './contract-registry';

// Regenerates contracts/asyncapi.yaml after a change to catalog.json or a schema.
const registry = ContractRegistry.load();
const target = join(registry.contractsDir, 'asyncapi.yaml');
writeFileSync(target, renderAsyncApi(registry));
console.log(`wrote ${target}`);
