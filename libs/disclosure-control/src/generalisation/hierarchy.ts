import { DisclosureControlError, SUPPRESSED, type MicrodataValue } from '../values';

/**
 * Successively coarser versions of one quasi-identifier. Level 0 is the value as recorded, each
 * higher level is a function of the level below (so generalising further only ever merges
 * groups), and the top level replaces every value with SUPPRESSED.
 */
export interface GeneralisationHierarchy {
  /** One name per level, from the value as recorded up to 'suppressed', e.g. ['school', 'district', 'suppressed']. */
  readonly levels: readonly string[];
  /** The value at a level. A missing value (null) stays missing below the top: it is a group of its own. */
  generalise(value: MicrodataValue, level: number): MicrodataValue;
}

/** A level between the recorded value and the top: its name and how it coarsens a recorded value. */
export interface CoarserLevel {
  name: string;
  coarsen(recorded: string | number | boolean): string;
}

const TOP_LEVEL_NAME = 'suppressed';

/** A hierarchy from its levels between the recorded value and the top; the builders below are made with it. */
export function defineHierarchy(element: string, coarserLevels: readonly CoarserLevel[]): GeneralisationHierarchy {
  const levels = [element, ...coarserLevels.map((level) => level.name), TOP_LEVEL_NAME];
  const top = levels.length - 1;
  return {
    levels,
    generalise(value, level) {
      if (!Number.isInteger(level) || level < 0 || level > top) throw new DisclosureControlError(`level ${level} is not in the hierarchy ${levels.join(' → ')}`);
      if (level === top) return SUPPRESSED;
      if (level === 0 || value === null) return value;
      return coarserLevels[level - 1].coarsen(value);
    },
  };
}

/** Only two levels: as recorded, or suppressed. The default for a quasi-identifier declared without a hierarchy. */
export function suppressOnlyHierarchy(element: string): GeneralisationHierarchy {
  return defineHierarchy(element, []);
}

/**
 * One level only, as recorded: never generalised, never suppressed. For what the plan must keep
 * apart but never releases, such as a person's earlier linked releases (linked extracts): groups
 * of it are made k-anonymous by withholding records, never by merging.
 */
export function fixedHierarchy(element: string): GeneralisationHierarchy {
  return {
    levels: [element],
    generalise(value, level) {
      if (level !== 0) throw new DisclosureControlError(`level ${level} is not in the hierarchy ${element}, which has no level above as recorded`);
      return value;
    },
  };
}

/** One step of a value-map hierarchy: the next level's name and the map from each value at the level below to its value at this level. */
export interface ValueMapStep {
  level: string;
  map: Readonly<Record<string, string>>;
}

/**
 * Levels given by lookup tables, each applied to the level below, e.g. school → district:
 * `valueMapHierarchy('school', [{ level: 'district', map: districtOfSchool }])`.
 * A value missing from a map is an error rather than a silent guess.
 */
export function valueMapHierarchy(element: string, steps: readonly ValueMapStep[]): GeneralisationHierarchy {
  return defineHierarchy(
    element,
    steps.map((step, index) => ({
      name: step.level,
      coarsen: (recorded) =>
        steps.slice(0, index + 1).reduce((value, { level, map }) => {
          if (!Object.hasOwn(map, value)) throw new DisclosureControlError(`a value of ${element} has no ${level} in its hierarchy`);
          return map[value];
        }, String(recorded)),
    })),
  );
}

/**
 * Numbers (an age, a birth year) in bands that widen level by level, e.g. widths [5, 10] give
 * 2007 → "2005-2009" → "2000-2009" → '*'. Each width must be a multiple of the one before, so
 * every band lies inside one band of the next level.
 */
export function numericBandHierarchy(element: string, bandWidths: readonly number[] = [5, 10]): GeneralisationHierarchy {
  bandWidths.forEach((width, index) => {
    if (!Number.isInteger(width) || width < 2) throw new DisclosureControlError(`${element}: a band width must be an integer of at least 2`);
    if (index > 0 && width % bandWidths[index - 1] !== 0) throw new DisclosureControlError(`${element}: each band width must be a multiple of the one before, so bands nest`);
  });
  return defineHierarchy(
    element,
    bandWidths.map((width) => ({
      name: `${element} in bands of ${width}`,
      coarsen: (recorded) => {
        const lowest = Math.floor(numberOf(element, recorded) / width) * width;
        return `${lowest}-${lowest + width - 1}`;
      },
    })),
  );
}

function numberOf(element: string, recorded: string | number | boolean): number {
  const number = typeof recorded === 'boolean' || recorded === '' ? NaN : Number(recorded);
  if (!Number.isFinite(number)) throw new DisclosureControlError(`a value of ${element} is not a number`);
  return number;
}
