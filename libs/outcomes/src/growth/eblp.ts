/** A school's or group's residuals, as sums (so units are built by streaming). */
export interface ResidualUnit {
  n: number;
  sum: number;
  sumOfSquares: number;
}

export interface EblpFit {
  /** The value units shrink toward: the mean residual over all their scores. */
  mean: number;
  /** Variance of a student's residual around their unit's mean (pooled within units). */
  withinVariance: number;
  /** Variance of the units' true means (method of moments, never below 0). */
  betweenVariance: number;
  /** Each unit's estimate μ + λ(ȳ − μ), λ = τ² / (τ² + σ²/n), and its λ. */
  estimates: Float64Array;
  weights: Float64Array;
}

/**
 * Empirical best linear predictors for one block of units (outcomes.md §1 [3][4]): each unit's
 * mean residual shrunk toward the mean of all, the more the fewer scores it has. One block per
 * call: California pools a school's year × grade × subject blocks in a mixed model whose exact
 * blocks and weights are unconfirmed; we use one block per subject and year (docs/outcomes.md).
 */
export function fitEblp(units: readonly ResidualUnit[]): EblpFit {
  const count = units.length;
  const estimates = new Float64Array(count);
  const weights = new Float64Array(count);
  let scores = 0;
  let total = 0;
  let totalSquares = 0;
  let withinSquares = 0;
  for (const unit of units) {
    scores += unit.n;
    total += unit.sum;
    totalSquares += unit.sumOfSquares;
    if (unit.n > 0) withinSquares += unit.sumOfSquares - (unit.sum * unit.sum) / unit.n;
  }
  const mean = scores > 0 ? total / scores : 0;
  const withinVariance = scores > count ? Math.max(0, withinSquares / (scores - count)) : scores > 1 ? Math.max(0, (totalSquares - scores * mean * mean) / (scores - 1)) : 0;

  const populated = units.filter((unit) => unit.n > 0);
  let betweenVariance = 0;
  if (populated.length >= 2) {
    const unitMeans = populated.map((unit) => unit.sum / unit.n);
    const meanOfMeans = unitMeans.reduce((sum, value) => sum + value, 0) / unitMeans.length;
    const spread = unitMeans.reduce((sum, value) => sum + (value - meanOfMeans) ** 2, 0) / (unitMeans.length - 1);
    const samplingVariance = (withinVariance * populated.reduce((sum, unit) => sum + 1 / unit.n, 0)) / populated.length;
    betweenVariance = Math.max(0, spread - samplingVariance);
  }

  units.forEach((unit, index) => {
    if (unit.n === 0) {
      estimates[index] = NaN;
      return;
    }
    const noise = withinVariance / unit.n;
    const weight = betweenVariance + noise > 0 ? betweenVariance / (betweenVariance + noise) : 1;
    weights[index] = weight;
    estimates[index] = mean + weight * (unit.sum / unit.n - mean);
  });
  return { mean, withinVariance, betweenVariance, estimates, weights };
}
