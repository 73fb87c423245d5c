/** Pairwise linkage quality against ground truth. */
export interface PairwiseMetrics {
  /** Record pairs that belong to one true person. */
  readonly truePairs: number;
  /** Record pairs that share a predicted SID. */
  readonly predictedPairs: number;
  /** Pairs in both. */
  readonly correctPairs: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Predicted SIDs that hold records of more than one true person. */
  readonly falseMerges: number;
}

/**
 * Compares two labellings of the same records (truth[i], predicted[i]: small non-negative
 * integers). Counts pairs from cluster sizes, never enumerating them, so millions of records
 * take one sort.
 */
export function pairwiseMetrics(truth: Int32Array, predicted: Int32Array): PairwiseMetrics {
  if (truth.length !== predicted.length) throw new RangeError('truth and predicted label different numbers of records');
  // Each key packs (predicted, truth) into one float, exact below 2^53.
  const truthSpace = 2 ** Math.ceil(Math.log2(largest(truth) + 2));
  const keys = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) keys[i] = predicted[i] * truthSpace + truth[i];
  keys.sort();

  let predictedPairs = 0;
  let correctPairs = 0;
  let falseMerges = 0;
  let start = 0;
  while (start < keys.length) {
    const cluster = Math.floor(keys[start] / truthSpace);
    let end = start;
    let people = 0;
    while (end < keys.length && Math.floor(keys[end] / truthSpace) === cluster) {
      const runStart = end;
      while (end < keys.length && keys[end] === keys[runStart]) end++;
      correctPairs += pairsIn(end - runStart);
      people++;
    }
    predictedPairs += pairsIn(end - start);
    if (people > 1) falseMerges++;
    start = end;
  }
  const truthSizes = new Map<number, number>();
  for (const person of truth) truthSizes.set(person, (truthSizes.get(person) ?? 0) + 1);
  let truePairs = 0;
  for (const size of truthSizes.values()) truePairs += pairsIn(size);

  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1, falseMerges };
}

const pairsIn = (size: number): number => (size * (size - 1)) / 2;

function largest(values: Int32Array): number {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  return max;
}
