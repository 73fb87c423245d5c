// Trains the model shipped as model/default-identity-model.json from a synthetic population:
//   node -r ./tools/register.js libs/identity/src/evaluation/train-default-model.ts
// It is a starting point for tests and the CLI; a state retrains on its own records.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialiseIdentityModel } from '../model/identity-model';
import { trainModel } from '../model/training';
import { syntheticTrainingRecords } from './run-evaluation';

const PEOPLE = 50_000;
const SEED = 7;

const model = trainModel(syntheticTrainingRecords(PEOPLE, SEED), {
  seed: SEED,
  minTermCount: 5,
  description: `default model: synthetic population of ${PEOPLE} people (seed ${SEED}); retrain on the state's own records before production`,
});
const path = join(__dirname, '..', 'model', 'default-identity-model.json');
writeFileSync(path, serialiseIdentityModel(model));
console.log(`wrote ${model.id} to ${path}`);
