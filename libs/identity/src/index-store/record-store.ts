import type { NormalisedPerson } from '../normalisation/person';
import type { Sex } from '../records/person-record';
import { hashString } from './hashing';
import { HashChains, copyInto, grownCapacity } from './hash-chains';
import { NameTable } from './name-table';
import { TextTable } from './text-table';

export const UNASSIGNED = -1;
export const Outcome = { undecided: 0, new: 1, link: 2, review: 3 } as const;
export const SEX_UNKNOWN = 0;
const SEX_CODES: Readonly<Record<Sex, number>> = { F: 1, M: 2, X: 3 };

/**
 * Normalised records in columns of typed arrays, addressed by record number. Names are ids in
 * a shared NameTable, addresses and postcodes ids in TextTables (a comparison forgives a typo in
 * them); the local id is kept as a 32-bit hash because it is only ever compared for equality.
 * About 65 bytes per record plus its id string and its share of the address table.
 */
export class RecordStore {
  readonly names = new NameTable();
  readonly addresses = new TextTable();
  readonly postcodes = new TextTable();
  givenName = new Int32Array(1024);
  middleName = new Int32Array(1024);
  surname = new Int32Array(1024);
  birthDate = new Int32Array(1024);
  sex = new Uint8Array(1024);
  address = new Int32Array(1024);
  postcode = new Int32Array(1024);
  /** Identification codes up to 15 digits: beyond 32 bits. */
  ssn = new Float64Array(1024);
  source = new Int32Array(1024);
  localId = new Int32Array(1024);
  /** Entity (person cluster) the record belongs to; UNASSIGNED until decided. */
  entity = new Int32Array(1024);
  /** Next record of the same entity: each entity's records form a linked list. */
  nextInEntity = new Int32Array(1024);
  /** Entity the record was first assigned to: a split gives a merged-away SID its records back. */
  originEntity = new Int32Array(1024);
  /** How the record was decided (Outcome), and the score, so a repeated record id gets the same answer. */
  outcome = new Uint8Array(1024);
  score = new Float32Array(1024);
  private readonly recordIds: string[] = [];
  private readonly recordsById = new HashChains(1024);
  private readonly sourceIds = new Map<string, number>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Writes a record into the next free row without committing it, so it can be scored first. */
  stage(recordId: string, person: NormalisedPerson): number {
    const row = this.count;
    if (row === this.givenName.length) this.grow();
    this.givenName[row] = this.names.intern(person.givenName);
    this.middleName[row] = this.names.intern(person.middleName);
    this.surname[row] = this.names.intern(person.surname);
    this.birthDate[row] = person.birthDate;
    this.sex[row] = person.sex === null ? SEX_UNKNOWN : SEX_CODES[person.sex];
    this.address[row] = this.addresses.intern(person.address);
    this.postcode[row] = this.postcodes.intern(person.postcode);
    this.ssn[row] = person.ssn;
    this.source[row] = this.sourceId(person.source);
    this.localId[row] = person.localId === '' ? 0 : hashString(person.localId);
    this.entity[row] = UNASSIGNED;
    this.nextInEntity[row] = -1;
    this.originEntity[row] = UNASSIGNED;
    this.outcome[row] = Outcome.undecided;
    this.score[row] = Number.NaN;
    this.recordIds[row] = recordId;
    return row;
  }

  /** Keeps the staged row. */
  commit(row: number): void {
    if (row !== this.count) throw new Error(`row ${row} is not the staged row`);
    this.recordsById.add(hashString(this.recordIds[row]), row);
    this.count++;
  }

  recordId(row: number): string {
    return this.recordIds[row];
  }

  /** The committed row holding this record id, or -1. */
  rowOf(recordId: string): number {
    const fingerprint = hashString(recordId);
    for (let entry = this.recordsById.firstEntry(fingerprint); entry >= 0; entry = this.recordsById.nextEntry(entry, fingerprint)) {
      const row = this.recordsById.valueAt(entry);
      if (this.recordIds[row] === recordId) return row;
    }
    return -1;
  }

  /** Bytes held in typed arrays (the strings and name table are on the JavaScript heap). */
  get byteLength(): number {
    const columns = [
      this.givenName,
      this.middleName,
      this.surname,
      this.birthDate,
      this.sex,
      this.address,
      this.postcode,
      this.ssn,
      this.source,
      this.localId,
      this.entity,
      this.nextInEntity,
      this.originEntity,
      this.outcome,
      this.score,
    ];
    return columns.reduce((total, column) => total + column.byteLength, this.recordsById.byteLength + this.addresses.byteLength + this.postcodes.byteLength);
  }

  private sourceId(source: string): number {
    let id = this.sourceIds.get(source);
    if (id === undefined) {
      id = this.sourceIds.size + 1;
      this.sourceIds.set(source, id);
    }
    return id;
  }

  private grow(): void {
    const capacity = grownCapacity(this.givenName.length);
    this.givenName = copyInto(new Int32Array(capacity), this.givenName);
    this.middleName = copyInto(new Int32Array(capacity), this.middleName);
    this.surname = copyInto(new Int32Array(capacity), this.surname);
    this.birthDate = copyInto(new Int32Array(capacity), this.birthDate);
    this.sex = copyInto(new Uint8Array(capacity), this.sex);
    this.address = copyInto(new Int32Array(capacity), this.address);
    this.postcode = copyInto(new Int32Array(capacity), this.postcode);
    this.ssn = copyInto(new Float64Array(capacity), this.ssn);
    this.source = copyInto(new Int32Array(capacity), this.source);
    this.localId = copyInto(new Int32Array(capacity), this.localId);
    this.entity = copyInto(new Int32Array(capacity), this.entity);
    this.nextInEntity = copyInto(new Int32Array(capacity), this.nextInEntity);
    this.originEntity = copyInto(new Int32Array(capacity), this.originEntity);
    this.outcome = copyInto(new Uint8Array(capacity), this.outcome);
    this.score = copyInto(new Float32Array(capacity), this.score);
  }
}
