import type { KAnonymityReport } from '../microdata/k-anonymity';
import { DisclosureControlError, type MicrodataRecord, type MicrodataValue } from '../values';
import type { ElementCatalogue, ElementDeclaration, ElementRole, ElementTransform } from './element-catalogue';

/** A record as read from the hub, before de-identification. */
export type SourceRecord = Readonly<Record<string, unknown>>;

/** Turns a direct identifier's value into its pseudonym (ProjectPseudonymiser, or an adapter over MACs computed elsewhere). */
export interface Pseudonymiser {
  pseudonym(value: string): string;
}

export type ElementActionKind = 'dropped' | 'pseudonymised' | 'generalised' | 'suppressed' | 'released';

/** What happened to one element, and why: a line of the disclosure report. */
export interface ElementAction {
  element: string;
  role: ElementRole | 'undeclared';
  action: ElementActionKind;
  detail: string;
}

/**
 * The first step for every record of an extract: drops direct identifiers and undeclared
 * elements, replaces the SID with the project's pseudonym and applies declared transforms.
 * Quasi-identifiers come out as recorded; a k-anonymity plan generalises them afterwards.
 */
export class RecordDeidentifier {
  private readonly declarations: ReadonlyArray<[string, ElementDeclaration]>;
  private readonly undeclared = new Set<string>();

  constructor(
    private readonly catalogue: ElementCatalogue,
    private readonly pseudonymiser?: Pseudonymiser,
  ) {
    this.declarations = Object.entries(catalogue);
    const pseudonymNames = this.declarations.flatMap(([, declaration]) =>
      declaration.role === 'direct-identifier' && declaration.pseudonymAs !== undefined ? [declaration.pseudonymAs] : [],
    );
    if (pseudonymNames.length > 0 && !pseudonymiser) throw new DisclosureControlError('the element catalogue releases pseudonyms: give the project pseudonymiser');
    const clashing = pseudonymNames.filter((name, index) => Object.hasOwn(catalogue, name) || pseudonymNames.indexOf(name) !== index);
    if (clashing.length > 0) throw new DisclosureControlError(`pseudonym names must differ from every declared element and from each other: ${clashing.join(', ')}`);
  }

  deidentify(record: SourceRecord): MicrodataRecord {
    for (const element of Object.keys(record)) if (!Object.hasOwn(this.catalogue, element)) this.undeclared.add(element);
    const released: Record<string, MicrodataValue> = {};
    for (const [element, declaration] of this.declarations) {
      const value = record[element];
      if (declaration.role !== 'direct-identifier') released[element] = transformed(element, scalar(element, value), declaration.transform);
      else if (declaration.pseudonymAs !== undefined) released[declaration.pseudonymAs] = this.pseudonymOf(element, value);
    }
    return released;
  }

  /** Elements seen in records that the catalogue does not declare, and so dropped. */
  get undeclaredElements(): readonly string[] {
    return [...this.undeclared].sort();
  }

  /** One line per declared element and per undeclared element seen, for the disclosure report. */
  elementActions(kAnonymity: KAnonymityReport): ElementAction[] {
    const declared = this.declarations.map(([element, declaration]): ElementAction => {
      switch (declaration.role) {
        case 'direct-identifier':
          return declaration.pseudonymAs === undefined
            ? { element, role: declaration.role, action: 'dropped', detail: 'direct identifier: never released' }
            : { element, role: declaration.role, action: 'pseudonymised', detail: `direct identifier: released only as ${declaration.pseudonymAs}, a keyed pseudonym (HMAC-SHA256)` };
        case 'quasi-identifier':
          return quasiIdentifierAction(element, declaration.transform, kAnonymity);
        default:
          return declaration.transform
            ? { element, role: declaration.role, action: 'generalised', detail: TRANSFORMS[declaration.transform].detail }
            : { element, role: declaration.role, action: 'released', detail: 'released as recorded' };
      }
    });
    const undeclared = this.undeclaredElements.map((element): ElementAction => ({ element, role: 'undeclared', action: 'dropped', detail: 'not declared in the element catalogue' }));
    return [...declared, ...undeclared];
  }

  private pseudonymOf(element: string, value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw new DisclosureControlError(`${element} must be a string to be pseudonymised`);
    return this.pseudonymiser!.pseudonym(value);
  }
}

const TRANSFORMS: Readonly<Record<ElementTransform, { detail: string; apply(element: string, value: Exclude<MicrodataValue, null>): MicrodataValue }>> = {
  'date-to-year': {
    detail: 'full date released as its year',
    apply(element, value) {
      const isoDate = typeof value === 'string' ? /^(\d{4})-\d{2}-\d{2}/.exec(value) : null;
      if (!isoDate) throw new DisclosureControlError(`${element} is not an ISO date (YYYY-MM-DD), so it cannot be released as a year`);
      return Number(isoDate[1]);
    },
  },
};

function quasiIdentifierAction(element: string, transform: ElementTransform | undefined, kAnonymity: KAnonymityReport): ElementAction {
  const { level, top, meaning } = kAnonymity.levels.find((chosen) => chosen.element === element)!;
  const steps = transform ? [TRANSFORMS[transform].detail] : [];
  if (level === top) return { element, role: 'quasi-identifier', action: 'suppressed', detail: [...steps, `withheld ('*') in every record to reach k = ${kAnonymity.k}`].join('; ') };
  if (level > 0)
    return { element, role: 'quasi-identifier', action: 'generalised', detail: [...steps, `released as ${meaning} (level ${level} of ${top}) to reach k = ${kAnonymity.k}`].join('; ') };
  return {
    element,
    role: 'quasi-identifier',
    action: transform ? 'generalised' : 'released',
    detail: [...steps, `released as recorded: k = ${kAnonymity.k} needed no generalisation`].join('; '),
  };
}

function scalar(element: string, value: unknown): MicrodataValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new DisclosureControlError(`${element} must be a single string, finite number or boolean to be released`);
}

function transformed(element: string, value: MicrodataValue, transform: ElementTransform | undefined): MicrodataValue {
  return transform === undefined || value === null ? value : TRANSFORMS[transform].apply(element, value);
}
