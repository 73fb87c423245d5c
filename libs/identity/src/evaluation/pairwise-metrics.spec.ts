import { pairwiseMetrics } from './pairwise-metrics';

const labels = (values: number[]): Int32Array => Int32Array.from(values);

describe('pairwiseMetrics', () => {
  it('is perfect when the clusters equal the truth', () => {
    const metrics = pairwiseMetrics(labels([0, 0, 1, 2, 2, 2]), labels([5, 5, 7, 9, 9, 9]));
    expect(metrics).toMatchObject({ truePairs: 4, predictedPairs: 4, correctPairs: 4, precision: 1, recall: 1, f1: 1, falseMerges: 0 });
  });

  it('counts a false merge and the pairs it adds', () => {
    // Persons 0 and 1 share cluster 3: 3 predicted pairs, 1 correct.
    const metrics = pairwiseMetrics(labels([0, 0, 1]), labels([3, 3, 3]));
    expect(metrics).toMatchObject({ truePairs: 1, predictedPairs: 3, correctPairs: 1, falseMerges: 1 });
    expect(metrics.precision).toBeCloseTo(1 / 3);
    expect(metrics.recall).toBe(1);
  });

  it('counts missed links against recall only', () => {
    const metrics = pairwiseMetrics(labels([0, 0, 0]), labels([1, 1, 2]));
    expect(metrics).toMatchObject({ truePairs: 3, predictedPairs: 1, correctPairs: 1, precision: 1, falseMerges: 0 });
    expect(metrics.recall).toBeCloseTo(1 / 3);
  });

  it('rejects labellings of different lengths', () => {
    expect(() => pairwiseMetrics(labels([0]), labels([0, 1]))).toThrow(RangeError);
  });
});
