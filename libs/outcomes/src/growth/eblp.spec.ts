import { fitEblp } from './eblp';

const unitOf = (residuals: number[]) => ({ n: residuals.length, sum: residuals.reduce((a, b) => a + b, 0), sumOfSquares: residuals.reduce((a, b) => a + b * b, 0) });
const repeat = (values: number[], times: number) => Array.from({ length: times }, () => values).flat();

describe('fitEblp', () => {
  it('shrinks a small group’s mean toward the expected value, by τ² / (τ² + σ²/n), and a large one hardly at all', () => {
    // Two schools of 100 scores (means +2 and −2, each score 1 from its mean) and a group of 2 scores averaging +6.
    const units = [unitOf(repeat([1, 3], 50)), unitOf(repeat([-3, -1], 50)), unitOf([5, 7])];
    const fit = fitEblp(units);
    // μ = 12 / 202; σ² = (100 + 100 + 2) / (202 − 3); τ² = var(2, −2, 6) − σ² × mean(1/100, 1/100, 1/2).
    const mean = 12 / 202;
    const within = 202 / 199;
    const between = 16 - (within * (0.01 + 0.01 + 0.5)) / 3;
    expect(fit.mean).toBeCloseTo(mean, 12);
    expect(fit.withinVariance).toBeCloseTo(within, 12);
    expect(fit.betweenVariance).toBeCloseTo(between, 12);
    const smallWeight = between / (between + within / 2);
    expect(fit.weights[2]).toBeCloseTo(smallWeight, 12);
    expect(fit.estimates[2]).toBeCloseTo(mean + smallWeight * (6 - mean), 12);
    expect(fit.estimates[2]).toBeLessThan(6);
    expect(fit.weights[0]).toBeGreaterThan(fit.weights[2]);
  });

  it('with schools that truly differ little, pulls a group of 3 most of the way to the mean', () => {
    // Twenty schools of 50 whose means are 0 or ±0.2, scores spread ±5 around them; a group of 3 at +5.
    const schools = Array.from({ length: 20 }, (_, index) => unitOf(repeat([-5 + (index % 3) * 0.2 - 0.2, 5 + (index % 3) * 0.2 - 0.2], 25)));
    const group = unitOf([0, 5, 10]);
    const fit = fitEblp([...schools, group]);
    const estimate = fit.estimates[20];
    expect(estimate - fit.mean).toBeGreaterThan(0);
    expect(estimate - fit.mean).toBeLessThan(0.5 * (5 - fit.mean));
  });

  it('leaves a lone unit at its own mean and a unit without scores without an estimate', () => {
    const fit = fitEblp([unitOf([1, 2, 3]), { n: 0, sum: 0, sumOfSquares: 0 }]);
    expect(fit.estimates[0]).toBe(2);
    expect(fit.estimates[1]).toBeNaN();
  });
});
