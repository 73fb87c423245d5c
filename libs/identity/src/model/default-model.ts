import stored from './default-identity-model.json';
import { type IdentityModel, parseIdentityModel } from './identity-model';

let cached: IdentityModel | undefined;

/**
 * The model trained on the synthetic population (evaluation/train-default-model.ts): good for
 * tests, the CLI and a first run, not a substitute for a model estimated on the state's records.
 */
export function defaultIdentityModel(): IdentityModel {
  cached ??= parseIdentityModel(stored);
  return cached;
}
