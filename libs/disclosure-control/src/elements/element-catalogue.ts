import { suppressOnlyHierarchy, type GeneralisationHierarchy } from '../generalisation/hierarchy';

/**
 * What an element can reveal about a person:
 * - direct-identifier: names, local and state IDs, addresses, contact details. Never released.
 * - quasi-identifier: harmless alone, identifying in combination (birth year, sex,
 *   race/ethnicity, school, grade, program flags). Generalised until k records share each combination.
 * - sensitive: what the research is about (scores, placements); released as recorded.
 * - other: anything else the agreement permits; released as recorded.
 */
export type ElementRole = 'direct-identifier' | 'quasi-identifier' | 'sensitive' | 'other';

/** Applied to the recorded value before anything else. 'date-to-year': an ISO date (e.g. a birth date) becomes its year. */
export type ElementTransform = 'date-to-year';

export type ElementDeclaration =
  | {
      role: 'direct-identifier';
      /** Release a keyed pseudonym of the value under this name instead; meant for the SID. */
      pseudonymAs?: string;
    }
  | {
      role: 'quasi-identifier';
      /** How the element may be coarsened; suppress-only when absent. */
      hierarchy?: GeneralisationHierarchy;
      transform?: ElementTransform;
    }
  | { role: 'sensitive' | 'other'; transform?: ElementTransform };

/**
 * Every element an extract may contain, by name. An element a record carries but the
 * catalogue does not declare is dropped: release is opt-in, element by element.
 */
export type ElementCatalogue = Readonly<Record<string, ElementDeclaration>>;

/** The quasi-identifiers and their hierarchies, in catalogue order: what k-anonymity works on. */
export function quasiIdentifierHierarchies(catalogue: ElementCatalogue): Record<string, GeneralisationHierarchy> {
  return Object.fromEntries(
    Object.entries(catalogue).flatMap(([element, declaration]) => (declaration.role === 'quasi-identifier' ? [[element, declaration.hierarchy ?? suppressOnlyHierarchy(element)]] : [])),
  );
}
