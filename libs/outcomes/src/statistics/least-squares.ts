/**
 * Ordinary least squares, accumulated one observation at a time (X'X and X'y), so a model over a
 * million scores costs a few numbers of memory. The intercept is the first coefficient.
 */
export class LeastSquares {
  private readonly xtx: Float64Array;
  private readonly xty: Float64Array;
  private readonly width: number;
  count = 0;

  constructor(readonly predictors: number) {
    this.width = predictors + 1;
    this.xtx = new Float64Array(this.width * this.width);
    this.xty = new Float64Array(this.width);
  }

  /** Adds one observation; x holds `predictors` values starting at `offset`. */
  add(x: ArrayLike<number>, offset: number, y: number): void {
    const { width, xtx, xty } = this;
    for (let row = 0; row < width; row++) {
      const xr = row === 0 ? 1 : x[offset + row - 1];
      xty[row] += xr * y;
      for (let column = row; column < width; column++) xtx[row * width + column] += xr * (column === 0 ? 1 : x[offset + column - 1]);
    }
    this.count++;
  }

  /**
   * The coefficients, or undefined when the predictors are collinear in these data (e.g. everyone
   * had the same prior score): then no expected score can be told apart from the mean.
   */
  solve(): Float64Array | undefined {
    const { width } = this;
    const a = new Float64Array(width * (width + 1));
    for (let row = 0; row < width; row++) {
      for (let column = 0; column < width; column++) a[row * (width + 1) + column] = row <= column ? this.xtx[row * width + column] : this.xtx[column * width + row];
      a[row * (width + 1) + width] = this.xty[row];
    }
    return solveAugmented(a, width);
  }
}

/** Gauss–Jordan with partial pivoting on an n × (n + 1) augmented matrix (small n). */
function solveAugmented(a: Float64Array, n: number): Float64Array | undefined {
  const stride = n + 1;
  const scale = Math.max(...Array.from({ length: n }, (_, index) => Math.abs(a[index * stride + index])), 1);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs(a[row * stride + column]) > Math.abs(a[pivot * stride + column])) pivot = row;
    if (Math.abs(a[pivot * stride + column]) < scale * 1e-10) return undefined;
    if (pivot !== column) {
      for (let at = 0; at < stride; at++) [a[pivot * stride + at], a[column * stride + at]] = [a[column * stride + at], a[pivot * stride + at]];
    }
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const factor = a[row * stride + column] / a[column * stride + column];
      if (factor === 0) continue;
      for (let at = column; at < stride; at++) a[row * stride + at] -= factor * a[column * stride + at];
    }
  }
  return Float64Array.from({ length: n }, (_, row) => a[row * stride + n] / a[row * stride + row]);
}

/** The model's prediction for predictors starting at `offset`. */
export function predict(coefficients: Float64Array, x: ArrayLike<number>, offset: number): number {
  let value = coefficients[0];
  for (let index = 1; index < coefficients.length; index++) value += coefficients[index] * x[offset + index - 1];
  return value;
}
