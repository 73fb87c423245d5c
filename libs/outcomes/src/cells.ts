import { GROUP_COUNT, MAX_GROUPS_PER_STUDENT, STUDENT_GROUPS, groupsOf, type GroupColumns, type StudentGroup } from './student-groups';

/** Schools and districts by index; facts refer to schools by index so that rows stay numbers. */
export interface SchoolDirectory {
  schoolIds: readonly string[];
  districtIds: readonly string[];
  /** School index → district index. */
  districtOfSchool: Int32Array;
}

export type Level = 'school' | 'district' | 'state';

/** The most cells one fact counts in: three levels × the groups of one student. */
export const CELLS_PER_FACT = 3 * MAX_GROUPS_PER_STUDENT;

/** The id the state itself carries in results. */
export const STATE_ENTITY = 'state';

/** How a value reads: a proportion (0–1), a mean, a median, or money. */
export type ValueKind = 'rate' | 'mean' | 'median' | 'amount';

/**
 * One indicator value for one school, district or the state and one student group, with what it
 * was computed from. Values are unprotected: disclosure control (publicTableOf) decides what is published.
 */
export interface IndicatorValue {
  indicator: string;
  level: Level;
  entity: string;
  group: StudentGroup;
  kind: ValueKind;
  /** For rates the students with the outcome; for means the sum; null for medians. */
  numerator: number | null;
  /** The students (or scores) the value is from: the n that disclosure control checks. */
  denominator: number;
  value: number | null;
  /** Counts of the inputs behind this value, by name (e.g. transfersIn, removed, belowMinimumDays). */
  inputs: Readonly<Record<string, number>>;
  /** Growth only: EBLP-weighted or a simple average (outcomes.md §1). */
  estimate?: 'weighted' | 'simple';
}

/**
 * Cells are (entity, group) with entities laid out schools first, then districts, then the state,
 * so a cell is one index into flat typed arrays.
 */
export class CellLayout {
  readonly schools: number;
  readonly districts: number;
  readonly entities: number;
  readonly cells: number;

  constructor(readonly directory: SchoolDirectory) {
    this.schools = directory.schoolIds.length;
    this.districts = directory.districtIds.length;
    if (directory.districtOfSchool.length !== this.schools) throw new RangeError('districtOfSchool must have one district per school');
    this.entities = this.schools + this.districts + 1;
    this.cells = this.entities * GROUP_COUNT;
  }

  districtEntity(school: number): number {
    return this.schools + this.directory.districtOfSchool[school];
  }

  get stateEntity(): number {
    return this.schools + this.districts;
  }

  levelOf(entity: number): Level {
    return entity < this.schools ? 'school' : entity < this.stateEntity ? 'district' : 'state';
  }

  idOf(entity: number): string {
    if (entity < this.schools) return this.directory.schoolIds[entity];
    return entity < this.stateEntity ? this.directory.districtIds[entity - this.schools] : STATE_ENTITY;
  }
}

/**
 * Named counters per cell. `add` puts an amount into the school's, its district's and the state's
 * cells of every group the student belongs to: a constant number of array writes per fact.
 */
export class CellCounters<Name extends string> {
  readonly layout: CellLayout;
  private readonly counters: Record<Name, Float64Array>;
  private readonly groupBuffer = new Int32Array(MAX_GROUPS_PER_STUDENT);

  constructor(
    directory: SchoolDirectory | CellLayout,
    readonly names: readonly Name[],
    private readonly groups: GroupColumns,
  ) {
    this.layout = directory instanceof CellLayout ? directory : new CellLayout(directory);
    this.counters = Object.fromEntries(names.map((name) => [name, new Float64Array(this.layout.cells)])) as Record<Name, Float64Array>;
  }

  counter(name: Name): Float64Array {
    return this.counters[name];
  }

  /** Adds to the school's, district's and state's cells. */
  add(name: Name, student: number, school: number, amount = 1): void {
    const counter = this.counters[name];
    const count = groupsOf(this.groups, student, this.groupBuffer);
    const schoolBase = school * GROUP_COUNT;
    const districtBase = this.layout.districtEntity(school) * GROUP_COUNT;
    const stateBase = this.layout.stateEntity * GROUP_COUNT;
    for (let index = 0; index < count; index++) {
      const group = this.groupBuffer[index];
      counter[schoolBase + group] += amount;
      counter[districtBase + group] += amount;
      counter[stateBase + group] += amount;
    }
  }

  /** Adds to one entity's cells only (e.g. a student counted once per district however many of its schools they attended). */
  addAt(name: Name, student: number, entity: number, amount = 1): void {
    const counter = this.counters[name];
    const count = groupsOf(this.groups, student, this.groupBuffer);
    const base = entity * GROUP_COUNT;
    for (let index = 0; index < count; index++) counter[base + this.groupBuffer[index]] += amount;
  }

  /** Writes the cells `add` would add to (school, district and state, each group) into `out`; returns how many. */
  cellsOf(student: number, school: number, out: Int32Array): number {
    const count = groupsOf(this.groups, student, this.groupBuffer);
    const bases = [school, this.layout.districtEntity(school), this.layout.stateEntity];
    let written = 0;
    for (const entity of bases) for (let index = 0; index < count; index++) out[written++] = entity * GROUP_COUNT + this.groupBuffer[index];
    return written;
  }

  /** The cells with a non-zero count in any of the given counters, in layout order. */
  cellsWithAny(names: readonly Name[] = this.names): number[] {
    const cells: number[] = [];
    for (let cell = 0; cell < this.layout.cells; cell++) if (names.some((name) => this.counters[name][cell] !== 0)) cells.push(cell);
    return cells;
  }

  /** Where a cell sits and what its counters hold, for building an IndicatorValue. */
  describe(cell: number): { level: Level; entity: string; group: StudentGroup; inputs: Record<Name, number> } {
    const entity = Math.floor(cell / GROUP_COUNT);
    return {
      level: this.layout.levelOf(entity),
      entity: this.layout.idOf(entity),
      group: STUDENT_GROUPS[cell % GROUP_COUNT],
      inputs: Object.fromEntries(this.names.map((name) => [name, this.counters[name][cell]])) as Record<Name, number>,
    };
  }
}

/** Rates for every cell with a denominator: numerator / denominator, with every counter as an input count. */
export function rateValues<Name extends string>(indicator: string, counters: CellCounters<Name>, numerator: Name, denominator: Name): IndicatorValue[] {
  const numerators = counters.counter(numerator);
  const denominators = counters.counter(denominator);
  return counters.cellsWithAny().map((cell) => {
    const { inputs, ...where } = counters.describe(cell);
    const n = denominators[cell];
    return { indicator, ...where, kind: 'rate', numerator: numerators[cell], denominator: n, value: n > 0 ? numerators[cell] / n : null, inputs };
  });
}
