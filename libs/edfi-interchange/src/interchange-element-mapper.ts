import type { ShapedRecord } from './api-resource-mapper';
import { edfiDescriptorUri, isDescriptorProperty } from './descriptors';
import type { SchemaShape } from './schema-shape';

/** One element of an Ed-Fi XML interchange, as much of it as the mapper needs. */
export interface InterchangeElement {
  readonly name: string;
  readonly children: InterchangeElement[];
  /** Character content; only meaningful for elements without children. */
  text: string;
  /** A reference given by XML IDREF (ref="…") to another element of the file. */
  readonly refersById: boolean;
}

type PropertyMatch = { readonly name: string; readonly shape: SchemaShape };

/** Element name → matched property, per schema node: large files repeat the same elements millions of times. */
const matchCache = new WeakMap<SchemaShape, Map<string, PropertyMatch | null>>();

/** xs:gYear-range school years as the XML writes them ("2021-2022"); the contracts name the ending year. */
const SCHOOL_YEAR_RANGE = /^(\d{4})-(\d{4})$/;
const INTEGER = /^[+-]?\d+$/;
const ED_FI_NAME = /^[A-Z][A-Za-z0-9]*$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Maps an interchange element (Student, StudentSchoolAssociation, ...) to the contract's record,
 * steered by the contract's schema with the naming rules Ed-Fi uses between its XML and its
 * API JSON (checked against the Ed-Fi-Core XSDs of Data Standard 4 and 5):
 * - Element names are PascalCase property names: StudentUniqueId → studentUniqueId.
 * - Descriptor elements drop the suffix: Sex → sexDescriptor, EntryGradeLevel → entryGradeLevelDescriptor.
 * - School years are type references: SchoolYear → schoolYearTypeReference.schoolYear.
 * - Repeated elements are collections named in the plural, without a prefix they share with
 *   their parent: Race → races[].raceDescriptor, LanguageUse (in Language) → uses[].
 * - Wrappers the JSON flattens (Name, BirthData, Citizenship, and the *Identity inside every
 *   *Reference) contribute their children to the enclosing object.
 * *Lookup elements (find-by-attributes alternatives to an identity) and anything else the
 * contract does not carry are reported as left out.
 */
export function mapInterchangeElement(element: InterchangeElement, shape: SchemaShape, edfiDescriptors: boolean): ShapedRecord {
  const leftOut: string[] = [];

  /** Places the children into the target; returns how many found a field. */
  const fillObject = (target: Record<string, unknown>, objectShape: SchemaShape, children: readonly InterchangeElement[], path: string): number =>
    children.filter((child) => place(target, objectShape, child, `${path}/${child.name}`)).length;

  const place = (target: Record<string, unknown>, objectShape: SchemaShape, child: InterchangeElement, path: string): boolean => {
    if (child.children.length === 0 && child.text.trim() === '') {
      // IDREF references point into the file, which holds no copy of the identity they stand for.
      if (child.refersById) leftOut.push(`${path}/@ref`);
      return false;
    }
    const property = matchProperty(objectShape, child.name);
    if (!property) return isWrapper(child) ? unwrap(target, objectShape, child, path) : leaveOut(path);
    const items = property.shape.kind === 'array' ? property.shape.items() : undefined;
    const value = valueOf(child, items ?? property.shape, property.name, path);
    if (value === undefined) return false;
    if (items) {
      const collection = (target[property.name] as unknown[] | undefined) ?? [];
      target[property.name] = collection;
      collection.push(value);
    } else {
      target[property.name] = value;
    }
    return true;
  };

  /** A wrapper's children go into the enclosing object; a wrapper none of whose children fit is left out whole. */
  const unwrap = (target: Record<string, unknown>, objectShape: SchemaShape, wrapper: InterchangeElement, path: string): boolean => {
    const reportedBefore = leftOut.length;
    if (fillObject(target, objectShape, wrapper.children, path) > 0) return true;
    leftOut.length = reportedBefore;
    return leaveOut(path);
  };

  const leaveOut = (path: string): false => {
    leftOut.push(path);
    return false;
  };

  const valueOf = (source: InterchangeElement, valueShape: SchemaShape, property: string, path: string): unknown => {
    if (valueShape.kind !== 'object') return scalar(source.text.trim(), valueShape, property, edfiDescriptors);
    const target: Record<string, unknown> = {};
    if (source.children.length > 0) {
      fillObject(target, valueShape, source.children, path);
      return target;
    }
    // A bare value standing for a one-field object: <Race>…</Race> → { raceDescriptor: … },
    // <ClassOfSchoolYear>…</ClassOfSchoolYear> → { schoolYear: … }.
    const field = matchProperty(valueShape, source.name) ?? onlyProperty(valueShape);
    if (!field || field.shape.kind === 'object' || field.shape.kind === 'array') {
      leaveOut(path);
      return undefined;
    }
    target[field.name] = scalar(source.text.trim(), field.shape, field.name, edfiDescriptors);
    return target;
  };

  const record: Record<string, unknown> = {};
  fillObject(record, shape, element.children, element.name);
  return { record, leftOut: [...new Set(leftOut)] };
}

/** An Ed-Fi element with children that names no field: Name, BirthData, …Identity. Not lookups, not extensions. */
function isWrapper(element: InterchangeElement): boolean {
  return element.children.length > 0 && ED_FI_NAME.test(element.name) && !element.name.endsWith('Lookup');
}

function matchProperty(objectShape: SchemaShape, elementName: string): PropertyMatch | undefined {
  let cache = matchCache.get(objectShape);
  if (!cache) {
    cache = new Map();
    matchCache.set(objectShape, cache);
  }
  let match = cache.get(elementName);
  if (match === undefined) {
    match = findProperty(objectShape, elementName) ?? null;
    cache.set(elementName, match);
  }
  return match ?? undefined;
}

function findProperty(objectShape: SchemaShape, elementName: string): PropertyMatch | undefined {
  const direct =
    objectShape.propertyIgnoringCase(elementName) ?? objectShape.propertyIgnoringCase(`${elementName}Descriptor`) ?? objectShape.propertyIgnoringCase(`${elementName}TypeReference`);
  if (direct) return direct;
  const element = elementName.toLowerCase();
  const collections = objectShape
    .propertyNames()
    .map((name) => ({ name, singular: singularOf(name).toLowerCase() }))
    .filter(({ name, singular }) => objectShape.property(name)?.kind === 'array' && endsWithWord(elementName, element, singular))
    .sort((a, b) => b.singular.length - a.singular.length);
  const best = collections[0];
  return best && { name: best.name, shape: objectShape.property(best.name)! };
}

/** The element name ends with the word: LanguageUse ends with "use", Because does not end with "cause". */
function endsWithWord(elementName: string, lowerCased: string, word: string): boolean {
  if (!lowerCased.endsWith(word)) return false;
  const first = elementName.charAt(elementName.length - word.length);
  return first === first.toUpperCase();
}

function onlyProperty(objectShape: SchemaShape): PropertyMatch | undefined {
  const [name, ...others] = objectShape.propertyNames();
  return name !== undefined && others.length === 0 ? { name, shape: objectShape.property(name)! } : undefined;
}

function singularOf(plural: string): string {
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (plural.endsWith('sses')) return plural.slice(0, -2);
  return plural.endsWith('s') ? plural.slice(0, -1) : plural;
}

/** XML text to the JSON type the contract declares; text that does not fit is kept, for the hub to reject. */
function scalar(text: string, shape: SchemaShape, property: string, edfiDescriptors: boolean): unknown {
  switch (shape.kind) {
    case 'integer': {
      const schoolYear = SCHOOL_YEAR_RANGE.exec(text);
      if (schoolYear) return Number(schoolYear[2]);
      return INTEGER.test(text) ? Number(text) : text;
    }
    case 'number':
      return DECIMAL.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text;
    case 'string':
      return edfiDescriptors && isDescriptorProperty(property) ? edfiDescriptorUri(property, text) : text;
    default:
      return text;
  }
}
