import { DisclosureControlError } from '../values';

/**
 * Linked extracts (one pseudonym per person across a project's linked extracts) are joined by
 * a researcher into one union: a person's row there is their released cells in every extract,
 * absent where they were not released. A person's history is that row over the extracts
 * released before this one. The k check of this extract keeps (history, cells now) classes at
 * k or more; this rule keeps the other new class, (history, absent now), out of 1 to k − 1.
 *
 * Given per history how many people the earlier union holds (each at least k, by the same
 * rule at the earlier builds) and how many of them this extract's plan releases, answers the
 * histories whose people this extract must withhold: those where 1 to k − 1 would be left
 * absent. Withholding all of them leaves the earlier class whole (at least k) and changes no
 * other class, so one pass suffices.
 */
export function linkedHistoriesToWithhold(earlierPeople: ReadonlyMap<string, number>, releasedNow: ReadonlyMap<string, number>, k: number): Set<string> {
  if (!Number.isInteger(k) || k < 1) throw new DisclosureControlError('k must be a positive integer');
  const withheld = new Set<string>();
  for (const [history, released] of releasedNow) {
    const earlier = earlierPeople.get(history) ?? 0;
    if (released > earlier) throw new DisclosureControlError('more people released with a history than the earlier releases hold: the counts are not of one snapshot');
    const absent = earlier - released;
    if (absent > 0 && absent < k) withheld.add(history);
  }
  return withheld;
}
