import { LanternError, LanternErrorCode } from '@lantern/errors';
import { BlockingIndex } from '../blocking/blocking-index';
import { blockingKeys } from '../blocking/blocking-keys';
import { grownCapacity } from '../index-store/hash-chains';
import { Outcome, RecordStore, UNASSIGNED } from '../index-store/record-store';
import type { IdentityModel } from '../model/identity-model';
import { normalisePerson } from '../normalisation/person';
import { InvalidPersonRecordError, personRecordProblems, type PersonRecord } from '../records/person-record';
import { givenNamesDisagree, identifierRule, isTwinPattern, matchProbability, PairScorer, type IdentifierRule } from '../scoring/pair-scorer';
import { isValidSid, SequenceSidAllocator, sidFromSerial, type Sid, type SidAllocator } from '../sid/sid';
import { EntityTable } from './entity-table';
import type { CandidateScore, Decision, LinkEvent, MergeEvent, NewSidEvent, PersonReference, ReviewEvent, ReviewReason, SplitEvent, StewardAction } from './events';

export interface ResolverOptions {
  readonly model: IdentityModel;
  /** Source of never-reused SID serials; a counter from 1 when omitted (tests, CLI runs). */
  readonly sidAllocator?: SidAllocator;
  /** How many candidates a review shows the steward. */
  readonly reviewCandidates?: number;
  /**
   * Person records the ID space is expected to hold (all of the state's): the model's prior is
   * rescaled to it, so evidence that is enough among a few thousand records is not enough
   * among millions. Default: the model's training set, or the records indexed once more.
   */
  readonly expectedRecords?: number;
}

export interface ResolveOptions {
  /** Source system of the record: local ids are compared within one source only. */
  readonly source?: string;
}

export interface ResolverStats {
  /** SIDs not retired by a merge. */
  readonly people: number;
  readonly records: number;
  readonly pendingReviews: number;
  readonly blockingPostings: number;
  readonly distinctNames: number;
  /** Bytes in the typed arrays of the index (strings and maps come on top; see docs). */
  readonly typedArrayBytes: number;
}

const DEFAULT_SOURCE = 'unspecified';

/** How one candidate entity scored against the record being resolved. */
interface Assessment {
  readonly entity: number;
  /** Best score over the entity's records, and the record that reached it. */
  score: number;
  row: number;
  /** Best score over records whose given name does not disagree: the only ones that may link. */
  linkScore: number;
  linkRow: number;
  rule: IdentifierRule | undefined;
  ruleRow: number;
  blocked: boolean;
}

/**
 * Incremental identity resolution against an in-memory index: each record is linked to an
 * existing SID, given a new one, or given a provisional new one and sent to review. Steward
 * operations (accept/reject a review,
 * merge, split, "not the same person") change the same state and return events carrying the
 * evidence. Synchronous and free of I/O: the service persists the events.
 */
export class Resolver {
  readonly model: IdentityModel;
  private readonly store = new RecordStore();
  private readonly entities = new EntityTable();
  private readonly index: BlockingIndex;
  private readonly scorer: PairScorer;
  private readonly allocator: SidAllocator;
  private readonly reviewCandidates: number;
  private readonly expectedRecords: number;
  private readonly pendingReviews = new Map<string, ReviewEvent>();
  /** "r:<record id>" / "s:<sid>" → the references it is not the same person as (both directions). */
  private readonly notSamePerson = new Map<string, Set<string>>();
  private readonly keys: number[] = [];
  private readonly found: number[] = [];
  private seen = new Int32Array(1024);
  private lookup = 0;

  constructor(options: ResolverOptions) {
    this.model = options.model;
    this.index = new BlockingIndex(options.model.maxBlockSize);
    this.scorer = new PairScorer(options.model, this.store);
    this.allocator = options.sidAllocator ?? new SequenceSidAllocator();
    this.reviewCandidates = options.reviewCandidates ?? 5;
    this.expectedRecords = options.expectedRecords ?? 0;
  }

  /**
   * Decides one record. Resolving a record id again returns the first outcome (with the SID as
   * it is now), so redelivered messages change nothing.
   * @throws InvalidPersonRecordError when personRecordProblems finds any.
   */
  resolve(record: PersonRecord, options: ResolveOptions = {}): Decision {
    assertResolvable(record);
    const known = this.store.rowOf(record.record_id);
    if (known >= 0) return this.replay(known);
    const row = this.stage(record, options);
    this.store.commit(row);
    this.scorer.setPopulationRecords(Math.max(this.expectedRecords, this.store.size));
    return this.decide(row, this.assess(row));
  }

  /** The SIDs a record would be scored against, best first, without changing anything. */
  candidates(record: PersonRecord, options: ResolveOptions = {}): CandidateScore[] {
    assertResolvable(record);
    const row = this.stage(record, options);
    return this.assess(row)
      .sort((a, b) => b.score - a.score)
      .map((assessment) => this.candidateScore(row, assessment));
  }

  /** A steward decides a reviewed record is the person of `sid`: its provisional SID is merged into it. */
  acceptReview(recordId: string, sid: Sid, action: StewardAction): MergeEvent {
    const review = this.openReview(recordId);
    const provisional = this.currentSid(review.sid) as Sid;
    const merge = this.merge(sid, provisional, action);
    this.pendingReviews.delete(recordId);
    this.store.outcome[this.store.rowOf(recordId)] = Outcome.link;
    return merge;
  }

  /** A steward decides a reviewed record is a new person: its provisional SID stands, and the candidates are remembered as different people. */
  rejectReview(recordId: string, action: StewardAction): NewSidEvent {
    const review = this.openReview(recordId);
    const sid = this.currentSid(review.sid) as Sid;
    for (const candidate of review.candidates) this.markNotSamePerson({ sid }, { sid: candidate.sid });
    this.pendingReviews.delete(recordId);
    const row = this.store.rowOf(recordId);
    this.store.outcome[row] = Outcome.new;
    this.entities.provisional[this.entities.find(sid)] = 0;
    return { type: 'new', recordId, sid, modelId: this.model.id, score: review.score, probability: review.probability, evidence: review.evidence, action };
  }

  /**
   * Remembers that two records, two SIDs, or a record and a SID are different people: never
   * linked or merged automatically afterwards. A SID reference follows later merges.
   */
  markNotSamePerson(a: PersonReference, b: PersonReference): void {
    const [refA, refB] = [referenceKey(a), referenceKey(b)];
    if (refA === refB) throw invalid('a person cannot be marked as not the same as itself');
    for (const [from, to] of [
      [refA, refB],
      [refB, refA],
    ]) {
      const set = this.notSamePerson.get(from) ?? new Set<string>();
      set.add(to);
      this.notSamePerson.set(from, set);
    }
  }

  /** The retired SID's records move to the survivor; the retired SID points to it from now on. */
  merge(survivorSid: Sid, retiredSid: Sid, action: StewardAction): MergeEvent {
    const survivor = this.activeEntity(survivorSid);
    const retired = this.activeEntity(retiredSid);
    if (survivor === retired) throw invalid(`SID ${survivorSid} cannot be merged with itself`);
    if (this.entitiesMarkedDifferent(survivor, retired)) throw invalid(`SIDs ${survivorSid} and ${retiredSid} are marked as not the same person`);
    const moved = this.rowsOf(retired);
    const best = this.bestPairBetween(this.rowsOf(survivor), moved);
    for (const row of moved) this.attach(row, survivor);
    this.entities.firstRecord[retired] = -1;
    this.entities.recordCount[retired] = 0;
    this.entities.retire(retired, survivor);
    return {
      type: 'merge',
      survivor: survivorSid,
      retired: retiredSid,
      recordIds: moved.map((row) => this.store.recordId(row)),
      score: round(best.score),
      evidence: this.scorer.evidence(best.a, best.b),
      action,
    };
  }

  /**
   * Moves some of a SID's records to another SID: the one they had before a merge when they are
   * exactly that SID's records, else a new one. The two are remembered as not the same person.
   */
  split(sid: Sid, recordIds: readonly string[], action: StewardAction): SplitEvent {
    const entity = this.activeEntity(sid);
    const rows = recordIds.map((recordId) => {
      const row = this.store.rowOf(recordId);
      if (row < 0 || this.store.entity[row] !== entity) throw invalid(`record ${recordId} does not belong to SID ${sid}`);
      return row;
    });
    const allRows = this.rowsOf(entity);
    if (rows.length === 0 || new Set(rows).size === allRows.length) throw invalid('a split must move some, not all, of the records');
    const restorable = this.restorableEntity(entity, rows, allRows);
    let target: number;
    if (restorable >= 0) {
      this.entities.restore(restorable);
      target = restorable;
    } else {
      target = this.entities.create(this.mintSid());
    }
    const moving = new Set(rows);
    this.entities.firstRecord[entity] = -1;
    this.entities.recordCount[entity] = 0;
    for (const row of allRows) this.attach(row, moving.has(row) ? target : entity);
    for (const row of rows) this.indexRow(row, target);
    const targetSid = this.entities.sid(target);
    this.markNotSamePerson({ sid }, { sid: targetSid });
    const staying = allRows.filter((row) => !moving.has(row));
    const best = this.bestPairBetween(staying, [...moving]);
    return {
      type: 'split',
      sid,
      parts: [
        { sid, recordIds: staying.map((row) => this.store.recordId(row)), restored: false },
        { sid: targetSid, recordIds: [...moving].map((row) => this.store.recordId(row)), restored: restorable >= 0 },
      ],
      score: round(best.score),
      evidence: this.scorer.evidence(best.a, best.b),
      action,
    };
  }

  /**
   * Places a record under a SID decided earlier, without scoring: how a service rebuilds the
   * index from its database at start-up. Unknown SIDs are registered as they are.
   */
  restoreRecord(record: PersonRecord, sid: Sid, options: ResolveOptions = {}): void {
    assertResolvable(record);
    if (!isValidSid(sid)) throw invalid(`${sid} is not a valid SID`);
    if (this.store.rowOf(record.record_id) >= 0) throw invalid(`record ${record.record_id} is already indexed`);
    let entity = this.entities.find(sid);
    if (entity < 0) entity = this.entities.create(sid);
    const row = this.stage(record, options);
    this.store.commit(row);
    this.store.outcome[row] = Outcome.link;
    this.store.originEntity[row] = entity;
    this.attach(row, this.entities.survivor(entity));
    this.indexRow(row, entity);
  }

  /** The SID a record belongs to now (after merges and splits; provisional while under review); undefined when unknown. */
  sidOf(recordId: string): Sid | undefined {
    const row = this.store.rowOf(recordId);
    if (row < 0 || this.store.entity[row] === UNASSIGNED) return undefined;
    return this.entities.sid(this.store.entity[row]);
  }

  /** The SID that a (possibly retired) SID lives on as; undefined for a SID this resolver never issued. */
  currentSid(sid: Sid): Sid | undefined {
    const entity = isValidSid(sid) ? this.entities.find(sid) : -1;
    return entity < 0 ? undefined : this.entities.sid(this.entities.survivor(entity));
  }

  recordsOf(sid: Sid): string[] {
    return this.rowsOf(this.activeEntity(sid)).map((row) => this.store.recordId(row));
  }

  pendingReview(recordId: string): ReviewEvent | undefined {
    return this.pendingReviews.get(recordId);
  }

  stats(): ResolverStats {
    return {
      people: this.entities.activeCount,
      records: this.store.size,
      pendingReviews: this.pendingReviews.size,
      blockingPostings: this.index.postingCount,
      distinctNames: this.store.names.size,
      typedArrayBytes: this.store.byteLength + this.entities.byteLength + this.index.byteLength + this.seen.byteLength,
    };
  }

  private stage(record: PersonRecord, options: ResolveOptions): number {
    return this.store.stage(record.record_id, normalisePerson(record, options.source ?? DEFAULT_SOURCE));
  }

  private assess(row: number): Assessment[] {
    const keys = this.keys;
    const found = this.found;
    keys.length = 0;
    found.length = 0;
    blockingKeys(this.store, row, keys);
    for (const key of keys) this.index.collect(key, found);
    if (this.seen.length < this.entities.size) this.seen = new Int32Array(grownCapacity(this.entities.size));
    const lookup = ++this.lookup;
    const assessments: Assessment[] = [];
    for (const filed of found) {
      const entity = this.entities.survivor(filed);
      if (this.seen[entity] === lookup) continue;
      this.seen[entity] = lookup;
      assessments.push(this.assessEntity(row, entity));
    }
    return assessments;
  }

  private assessEntity(row: number, entity: number): Assessment {
    const assessment: Assessment = { entity, score: -Infinity, row: -1, linkScore: -Infinity, linkRow: -1, rule: undefined, ruleRow: -1, blocked: false };
    const levels = this.scorer.levels;
    let twinConflict = false;
    for (let other = this.entities.firstRecord[entity]; other >= 0; other = this.store.nextInEntity[other]) {
      const score = this.scorer.score(row, other);
      if (score > assessment.score) {
        assessment.score = score;
        assessment.row = other;
      }
      if (isTwinPattern(levels)) twinConflict = true;
      if (!givenNamesDisagree(levels) && score > assessment.linkScore) {
        assessment.linkScore = score;
        assessment.linkRow = other;
      }
      const rule = identifierRule(levels);
      if (rule !== undefined && assessment.rule === undefined) {
        assessment.rule = rule;
        assessment.ruleRow = other;
      }
    }
    // One record of the entity looking like the new record's twin vetoes linking by the others:
    // single-linkage would otherwise chain a twin in through a shared nickname (Ellie).
    if (twinConflict) {
      assessment.linkScore = -Infinity;
      assessment.linkRow = -1;
      assessment.rule = undefined;
    }
    assessment.blocked = this.notSamePerson.size > 0 && this.isMarkedDifferent(row, entity);
    return assessment;
  }

  /**
   * Link when exactly one SID qualifies; review when several do (a bridge) or the best is in the
   * grey zone; otherwise a new SID. A provisional SID (its record is already under review)
   * yields to an established one that qualifies too: the pending review settles whether they are
   * one person, and each further record of that person would otherwise open another review.
   */
  private decide(row: number, assessments: Assessment[]): Decision {
    const open = assessments.filter((assessment) => !assessment.blocked).sort((a, b) => b.score - a.score);
    const linkable = open.filter((assessment) => assessment.rule !== undefined || assessment.linkScore >= this.model.thresholds.link);
    const established = linkable.filter((assessment) => this.entities.provisional[assessment.entity] === 0);
    const contenders = established.length > 0 ? established : linkable;
    if (contenders.length === 1) return this.link(row, contenders[0]);
    if (contenders.length > 1) return this.review(row, 'bridge', contenders);
    const reviewable = open.filter((assessment) => assessment.score >= this.model.thresholds.review);
    if (reviewable.length > 0) {
      const reason: ReviewReason = reviewable[0].score >= this.model.thresholds.link ? 'given_names_disagree' : 'grey_zone';
      return this.review(row, reason, reviewable);
    }
    return this.mintFor(row, open[0] ?? null);
  }

  private link(row: number, assessment: Assessment, action?: StewardAction): LinkEvent {
    const evidenceRow = assessment.rule !== undefined ? assessment.ruleRow : assessment.linkRow >= 0 ? assessment.linkRow : assessment.row;
    const score = evidenceRow >= 0 ? this.scorer.score(row, evidenceRow) : null;
    this.store.outcome[row] = Outcome.link;
    this.store.score[row] = score ?? Number.NaN;
    this.store.originEntity[row] = assessment.entity;
    this.attach(row, assessment.entity);
    this.indexRow(row, assessment.entity);
    return {
      type: 'link',
      recordId: this.store.recordId(row),
      sid: this.entities.sid(assessment.entity),
      modelId: this.model.id,
      ...this.scoreFields(row, evidenceRow, score),
      ...(assessment.rule !== undefined ? { rule: assessment.rule } : {}),
      ...(action !== undefined ? { action } : {}),
    };
  }

  private mintFor(row: number, nearest: Assessment | null): NewSidEvent {
    const entity = this.placeOnNewSid(row, Outcome.new);
    this.store.score[row] = nearest === null ? Number.NaN : nearest.score;
    return {
      type: 'new',
      recordId: this.store.recordId(row),
      sid: this.entities.sid(entity),
      modelId: this.model.id,
      ...this.scoreFields(row, nearest?.row ?? -1, nearest?.score ?? null),
    };
  }

  private review(row: number, reason: ReviewReason, candidates: Assessment[]): ReviewEvent {
    const shown = candidates.slice(0, this.reviewCandidates).map((assessment) => this.candidateScore(row, assessment));
    const entity = this.placeOnNewSid(row, Outcome.review);
    this.entities.provisional[entity] = 1;
    this.store.score[row] = shown[0].score;
    const event: ReviewEvent = {
      type: 'review',
      recordId: this.store.recordId(row),
      sid: this.entities.sid(entity),
      modelId: this.model.id,
      score: shown[0].score,
      probability: shown[0].probability,
      evidence: shown[0].evidence,
      reason,
      candidates: shown,
    };
    this.pendingReviews.set(event.recordId, event);
    return event;
  }

  private placeOnNewSid(row: number, outcome: number): number {
    const entity = this.entities.create(this.mintSid());
    this.store.outcome[row] = outcome;
    this.store.originEntity[row] = entity;
    this.attach(row, entity);
    this.indexRow(row, entity);
    return entity;
  }

  private replay(row: number): Decision {
    const recordId = this.store.recordId(row);
    const review = this.pendingReviews.get(recordId);
    if (review !== undefined) return { ...review, sid: this.entities.sid(this.store.entity[row]), replayed: true };
    const score = Number.isNaN(this.store.score[row]) ? null : round(this.store.score[row]);
    const common = {
      recordId,
      sid: this.entities.sid(this.store.entity[row]),
      modelId: this.model.id,
      score,
      probability: score === null ? null : matchProbability(score),
      evidence: [],
      replayed: true,
    } as const;
    return this.store.outcome[row] === Outcome.link ? { type: 'link', ...common } : { type: 'new', ...common };
  }

  private candidateScore(row: number, assessment: Assessment): CandidateScore {
    const evidenceRow = assessment.rule !== undefined ? assessment.ruleRow : assessment.row;
    const score = this.scorer.score(row, evidenceRow);
    return {
      sid: this.entities.sid(assessment.entity),
      score: round(score),
      probability: matchProbability(score),
      evidence: this.scorer.evidence(row, evidenceRow),
      ...(assessment.rule !== undefined ? { rule: assessment.rule } : {}),
      givenNamesDisagree: assessment.linkRow < 0,
    };
  }

  private scoreFields(row: number, evidenceRow: number, score: number | null): Pick<Decision, 'score' | 'probability' | 'evidence'> {
    if (score === null || evidenceRow < 0) return { score: null, probability: null, evidence: [] };
    return { score: round(score), probability: matchProbability(score), evidence: this.scorer.evidence(row, evidenceRow) };
  }

  private mintSid(): Sid {
    return sidFromSerial(this.allocator.nextSerial());
  }

  private attach(row: number, entity: number): void {
    this.store.entity[row] = entity;
    this.store.nextInEntity[row] = this.entities.firstRecord[entity];
    this.entities.firstRecord[entity] = row;
    this.entities.recordCount[entity]++;
  }

  private indexRow(row: number, entity: number): void {
    const keys = this.keys;
    keys.length = 0;
    blockingKeys(this.store, row, keys);
    for (const key of keys) this.index.add(key, entity);
  }

  private rowsOf(entity: number): number[] {
    const rows: number[] = [];
    for (let row = this.entities.firstRecord[entity]; row >= 0; row = this.store.nextInEntity[row]) rows.push(row);
    return rows.reverse();
  }

  private activeEntity(sid: Sid): number {
    const entity = isValidSid(sid) ? this.entities.find(sid) : -1;
    if (entity < 0) throw new LanternError(LanternErrorCode.RecordNotFound, `no SID ${sid}`);
    if (this.entities.mergedInto[entity] >= 0) throw invalid(`SID ${sid} was retired into ${this.entities.sid(this.entities.survivor(entity))}`);
    return entity;
  }

  private openReview(recordId: string): ReviewEvent {
    const review = this.pendingReviews.get(recordId);
    if (review === undefined) throw new LanternError(LanternErrorCode.RecordNotFound, `record ${recordId} is not waiting for review`);
    return review;
  }

  // A merged-away SID gets its records back when the split moves exactly the records it brought.
  private restorableEntity(entity: number, moving: number[], all: number[]): number {
    const origin = this.store.originEntity[moving[0]];
    if (origin === entity || this.entities.mergedInto[origin] < 0 || this.entities.survivor(origin) !== entity) return -1;
    const fromOrigin = all.filter((row) => this.store.originEntity[row] === origin);
    return fromOrigin.length === moving.length && moving.every((row) => this.store.originEntity[row] === origin) ? origin : -1;
  }

  private bestPairBetween(rowsA: readonly number[], rowsB: readonly number[]): { score: number; a: number; b: number } {
    let best = { score: -Infinity, a: -1, b: -1 };
    for (const rowA of rowsA) {
      for (const rowB of rowsB) {
        const score = this.scorer.score(rowA, rowB);
        if (score > best.score) best = { score, a: rowA, b: rowB };
      }
    }
    return best;
  }

  private isMarkedDifferent(row: number, entity: number): boolean {
    const marked = this.notSamePerson.get(`r:${this.store.recordId(row)}`);
    return marked !== undefined && [...marked].some((reference) => this.entityOfReference(reference) === entity);
  }

  private entitiesMarkedDifferent(a: number, b: number): boolean {
    for (const [reference, others] of this.notSamePerson) {
      if (this.entityOfReference(reference) !== a) continue;
      for (const other of others) if (this.entityOfReference(other) === b) return true;
    }
    return false;
  }

  private entityOfReference(reference: string): number {
    const value = reference.slice(2);
    if (reference.startsWith('s:')) {
      const entity = this.entities.find(value);
      return entity < 0 ? -1 : this.entities.survivor(entity);
    }
    const row = this.store.rowOf(value);
    return row < 0 ? -1 : this.store.entity[row];
  }
}

function assertResolvable(record: PersonRecord): void {
  const problems = personRecordProblems(record);
  if (problems.length > 0) throw new InvalidPersonRecordError(problems);
}

function referenceKey(reference: PersonReference): string {
  if ('sid' in reference) {
    if (!isValidSid(reference.sid)) throw invalid(`${reference.sid} is not a valid SID`);
    return `s:${reference.sid}`;
  }
  return `r:${reference.recordId}`;
}

function invalid(detail: string): LanternError {
  return new LanternError(LanternErrorCode.InvalidRequest, detail);
}

const round = (weight: number): number => Math.round(weight * 1000) / 1000;
