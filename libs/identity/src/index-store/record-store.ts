import type { NormalisedPerson } from '../normalisation/person';
import type { Sex } from '../records/person-record';
import { hashString } from './hashing';
import { HashChains, copyInto } from './hash-chains';
import { NameTable } from './name-table';
import { TextTable } from './text-table';

export const UNASSIGNED = -1;
export const Outcome = { undecided: 0, new: 1, link: 2, review: 3 } as const;
export const SEX_UNKNOWN = 0;
const SEX_CODES: Readonly<Record<Sex, number>> = { F: 1, M: 2, X: 3 };

// A record's fields side by side in one 64-byte row (ROW_SIZE 32-bit slots), so comparing a
// candidate touches one cache line instead of one per column: the resolver compares records
// scattered across an index of a million, and is bound by memory latency, not arithmetic.
const GIVEN_NAME = 0;
const MIDDLE_NAME = 1;
const SURNAME = 2;
const BIRTH_DATE = 3;
const SEX = 4;
const ADDRESS = 5;
const POSTCODE = 6;
const SOURCE = 7;
const LOCAL_ID = 8;
const ENTITY = 9;
/** Slots 10 and 11: the identification code, a float64 (up to 15 digits, beyond 32 bits). */
const SSN = 10;
const NEXT_IN_ENTITY = 12;
const ORIGIN_ENTITY = 13;
const OUTCOME = 14;
/** A float32. */
const SCORE = 15;
const ROW_SIZE = 16;
// Rows live in pages of 1 MiB that are never copied, so growing costs no second copy in memory.
const PAGE_BITS = 14;
const PAGE_ROWS = 1 << PAGE_BITS;
const IN_PAGE = PAGE_ROWS - 1;

/**
 * Normalised records in rows of a typed array, addressed by record number. Names are ids in a
 * shared NameTable, addresses and postcodes ids in TextTables (a comparison forgives a typo in
 * them); the local id is kept as a 32-bit hash because it is only ever compared for equality.
 * 64 bytes per record plus its id string and its share of the address table.
 */
export class RecordStore {
  readonly names = new NameTable();
  readonly addresses = new TextTable();
  readonly postcodes = new TextTable();
  /** PAGE_ROWS rows each; the first page may be smaller. */
  private readonly pages: Int32Array[] = [new Int32Array(1024 * ROW_SIZE)];
  /** The same bytes as float64 (the identification code) and float32 (the score). */
  private readonly widePages = [new Float64Array(this.pages[0].buffer)];
  private readonly narrowPages = [new Float32Array(this.pages[0].buffer)];
  private capacity = 1024;
  private readonly recordIds: string[] = [];
  private readonly recordsById = new HashChains(1024);
  private readonly keepsRecordIds: boolean;
  private readonly sourceIds = new Map<string, number>();
  private count = 0;

  /**
   * `keepRecordIds: false` for a store whose records are never looked up by id (a training set):
   * a million ids are a million strings kept alive for nothing, and a higher memory peak.
   */
  constructor(options: { readonly keepRecordIds?: boolean } = {}) {
    this.keepsRecordIds = options.keepRecordIds ?? true;
  }

  get size(): number {
    return this.count;
  }

  /** Writes a record into the next free row without committing it, so it can be scored first. */
  stage(recordId: string, person: NormalisedPerson): number {
    const row = this.count;
    if (row === this.capacity) this.grow();
    const at = (row & IN_PAGE) * ROW_SIZE;
    const rows = this.pages[row >>> PAGE_BITS];
    rows[at + GIVEN_NAME] = this.names.intern(person.givenName);
    rows[at + MIDDLE_NAME] = this.names.intern(person.middleName);
    rows[at + SURNAME] = this.names.intern(person.surname);
    rows[at + BIRTH_DATE] = person.birthDate;
    rows[at + SEX] = person.sex === null ? SEX_UNKNOWN : SEX_CODES[person.sex];
    rows[at + ADDRESS] = this.addresses.intern(person.address);
    rows[at + POSTCODE] = this.postcodes.intern(person.postcode);
    this.widePages[row >>> PAGE_BITS][(at + SSN) / 2] = person.ssn;
    rows[at + SOURCE] = this.sourceId(person.source);
    rows[at + LOCAL_ID] = person.localId === '' ? 0 : hashString(person.localId);
    rows[at + ENTITY] = UNASSIGNED;
    rows[at + NEXT_IN_ENTITY] = -1;
    rows[at + ORIGIN_ENTITY] = UNASSIGNED;
    rows[at + OUTCOME] = Outcome.undecided;
    this.narrowPages[row >>> PAGE_BITS][at + SCORE] = Number.NaN;
    if (this.keepsRecordIds) this.recordIds[row] = recordId;
    return row;
  }

  givenName(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + GIVEN_NAME];
  }

  middleName(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + MIDDLE_NAME];
  }

  surname(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + SURNAME];
  }

  birthDate(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + BIRTH_DATE];
  }

  sex(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + SEX];
  }

  address(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + ADDRESS];
  }

  postcode(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + POSTCODE];
  }

  /** Identification codes up to 15 digits: beyond 32 bits. */
  ssn(row: number): number {
    return this.widePages[row >>> PAGE_BITS][((row & IN_PAGE) * ROW_SIZE + SSN) / 2];
  }

  source(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + SOURCE];
  }

  localId(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + LOCAL_ID];
  }

  /** Entity (person cluster) the record belongs to; UNASSIGNED until decided. */
  entity(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + ENTITY];
  }

  setEntity(row: number, entity: number): void {
    this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + ENTITY] = entity;
  }

  /** Next record of the same entity: each entity's records form a linked list. */
  nextInEntity(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + NEXT_IN_ENTITY];
  }

  setNextInEntity(row: number, next: number): void {
    this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + NEXT_IN_ENTITY] = next;
  }

  /** Entity the record was first assigned to: a split gives a merged-away SID its records back. */
  originEntity(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + ORIGIN_ENTITY];
  }

  setOriginEntity(row: number, entity: number): void {
    this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + ORIGIN_ENTITY] = entity;
  }

  /** How the record was decided (Outcome), and the score, so a repeated record id gets the same answer. */
  outcome(row: number): number {
    return this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + OUTCOME];
  }

  setOutcome(row: number, outcome: number): void {
    this.pages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + OUTCOME] = outcome;
  }

  /** Kept as a float32. */
  score(row: number): number {
    return this.narrowPages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + SCORE];
  }

  setScore(row: number, score: number): void {
    this.narrowPages[row >>> PAGE_BITS][(row & IN_PAGE) * ROW_SIZE + SCORE] = score;
  }

  /** Keeps the staged row. */
  commit(row: number): void {
    if (row !== this.count) throw new Error(`row ${row} is not the staged row`);
    if (this.keepsRecordIds) this.recordsById.add(hashString(this.recordIds[row]), row);
    this.count++;
  }

  recordId(row: number): string {
    this.assertKeepsRecordIds();
    return this.recordIds[row];
  }

  /** The committed row holding this record id, or -1. */
  rowOf(recordId: string): number {
    this.assertKeepsRecordIds();
    const fingerprint = hashString(recordId);
    for (let entry = this.recordsById.firstEntry(fingerprint); entry >= 0; entry = this.recordsById.nextEntry(entry, fingerprint)) {
      const row = this.recordsById.valueAt(entry);
      if (this.recordIds[row] === recordId) return row;
    }
    return -1;
  }

  /** Bytes held in typed arrays (the strings and name table are on the JavaScript heap). */
  get byteLength(): number {
    return this.capacity * ROW_SIZE * 4 + this.recordsById.byteLength + this.addresses.byteLength + this.postcodes.byteLength;
  }

  private assertKeepsRecordIds(): void {
    if (!this.keepsRecordIds) throw new Error('this record store keeps no record ids');
  }

  private sourceId(source: string): number {
    let id = this.sourceIds.get(source);
    if (id === undefined) {
      id = this.sourceIds.size + 1;
      this.sourceIds.set(source, id);
    }
    return id;
  }

  // A small first page doubles until it is a full page (copied: it is small); after that pages are added.
  private grow(): void {
    let page: Int32Array;
    if (this.capacity < PAGE_ROWS) {
      this.capacity *= 2;
      page = copyInto(new Int32Array(this.capacity * ROW_SIZE), this.pages[0]);
      this.pages.length = this.widePages.length = this.narrowPages.length = 0;
    } else {
      this.capacity += PAGE_ROWS;
      page = new Int32Array(PAGE_ROWS * ROW_SIZE);
    }
    this.pages.push(page);
    this.widePages.push(new Float64Array(page.buffer));
    this.narrowPages.push(new Float32Array(page.buffer));
  }
}
