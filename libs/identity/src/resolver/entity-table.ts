import { HashChains, copyInto, grownCapacity } from '../index-store/hash-chains';
import { mixHash } from '../index-store/hashing';
import { sidBody, sidFromBody, type Sid } from '../sid/sid';

export const ACTIVE = -1;

/**
 * Entities (one per SID ever minted) in typed arrays: the SID, the head of the entity's record
 * list, its size, and for a retired SID the entity it was merged into.
 */
export class EntityTable {
  firstRecord = new Int32Array(1024);
  recordCount = new Int32Array(1024);
  mergedInto = new Int32Array(1024);
  /** 1 while the SID is provisional: minted for a record under review. */
  provisional = new Uint8Array(1024);
  private sidBodies = new Float64Array(1024);
  private readonly bySid = new HashChains(1024);
  private count = 0;
  private active = 0;

  get size(): number {
    return this.count;
  }

  get activeCount(): number {
    return this.active;
  }

  get byteLength(): number {
    return this.firstRecord.byteLength + this.recordCount.byteLength + this.mergedInto.byteLength + this.provisional.byteLength + this.sidBodies.byteLength + this.bySid.byteLength;
  }

  create(sid: Sid): number {
    const entity = this.count;
    if (entity === this.firstRecord.length) this.grow();
    const body = sidBody(sid);
    this.sidBodies[entity] = body;
    this.firstRecord[entity] = -1;
    this.recordCount[entity] = 0;
    this.mergedInto[entity] = ACTIVE;
    this.provisional[entity] = 0;
    this.bySid.add(bodyFingerprint(body), entity);
    this.count++;
    this.active++;
    return entity;
  }

  sid(entity: number): Sid {
    return sidFromBody(this.sidBodies[entity]);
  }

  /** The entity minted with this SID (retired or not), or -1. */
  find(sid: Sid): number {
    const body = sidBody(sid);
    const fingerprint = bodyFingerprint(body);
    for (let entry = this.bySid.firstEntry(fingerprint); entry >= 0; entry = this.bySid.nextEntry(entry, fingerprint)) {
      const entity = this.bySid.valueAt(entry);
      if (this.sidBodies[entity] === body) return entity;
    }
    return -1;
  }

  /** The active entity an entity now lives on as (itself unless merged away). */
  survivor(entity: number): number {
    let current = entity;
    while (this.mergedInto[current] !== ACTIVE) current = this.mergedInto[current];
    return current;
  }

  retire(entity: number, survivor: number): void {
    this.mergedInto[entity] = survivor;
    this.active--;
  }

  restore(entity: number): void {
    this.mergedInto[entity] = ACTIVE;
    this.active++;
  }

  private grow(): void {
    const capacity = grownCapacity(this.firstRecord.length);
    this.firstRecord = copyInto(new Int32Array(capacity), this.firstRecord);
    this.recordCount = copyInto(new Int32Array(capacity), this.recordCount);
    this.mergedInto = copyInto(new Int32Array(capacity), this.mergedInto);
    this.provisional = copyInto(new Uint8Array(capacity), this.provisional);
    this.sidBodies = copyInto(new Float64Array(capacity), this.sidBodies);
  }
}

// SID bodies exceed 32 bits: fold both halves into the fingerprint.
function bodyFingerprint(body: number): number {
  return mixHash(body % 0x1_0000_0000, Math.floor(body / 0x1_0000_0000));
}
