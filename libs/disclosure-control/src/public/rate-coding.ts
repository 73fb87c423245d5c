import { DisclosureControlError } from '../values';

/**
 * From a number of students up (until the next band), rates at or above `top` are shown as
 * "≥ top" and rates at or below `bottom` as "≤ bottom": near 0 % or 100 % a rate tells what
 * (nearly) every student in the group did. Proportions, 0–1.
 */
export interface RateCodingBand {
  fromN: number;
  top: number;
  bottom: number;
}

/**
 * outcomes.md §7: the NCES-style rule set [27] codes at ≥ 95 % / ≤ 5 % for n 40–99, ≥ 98 % / ≤ 2 %
 * for 100–299 and ≥ 99 % / ≤ 1 % from 300; below 40 it publishes nothing, where Delaware [28]
 * publishes with > 95 % / < 5 %. We publish from the minimum n with Delaware's 95/5 (inclusive).
 */
export const DEFAULT_RATE_CODING: readonly RateCodingBand[] = [
  { fromN: 0, top: 0.95, bottom: 0.05 },
  { fromN: 100, top: 0.98, bottom: 0.02 },
  { fromN: 300, top: 0.99, bottom: 0.01 },
];

export function assertRateCoding(bands: readonly RateCodingBand[]): void {
  const ordered = bands.every((band, index) => index === 0 || band.fromN > bands[index - 1].fromN);
  const sensible = bands.every(({ top, bottom }) => bottom >= 0 && top <= 1 && bottom < top);
  if (bands.length === 0 || bands[0].fromN !== 0 || !ordered || !sensible) {
    throw new DisclosureControlError('rate coding bands must start at n 0, rise in n, and each have 0 ≤ bottom < top ≤ 1');
  }
}

/** The band that applies to n students. */
export function bandFor(bands: readonly RateCodingBand[], n: number): RateCodingBand {
  let band = bands[0];
  for (const candidate of bands) if (n >= candidate.fromN) band = candidate;
  return band;
}
