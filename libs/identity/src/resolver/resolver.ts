import { LanternError, LanternErrorCode } from '@lantern/errors';
import { BlockingIndex } from '../blocking/blocking-index';
import { blockingKeys } from '../blocking/blocking-keys';
import { grownCapacity } from '../index-store/hash-chains';
import { MISSING_NAME } from '../index-store/name-table';
import { Outcome, RecordStore, UNASSIGNED } from '../index-store/record-store';
import type { IdentityModel } from '../model/identity-model';
import { normalisePerson } from '../normalisation/person';
import { checkPersonRecord, type DataQualityWarning, InvalidPersonRecordError, type PersonRecord } from '../records/person-record';
import { givenNamesDisagree, identifierRule, isTwinPattern, matchProbability, mayLink, PairScorer, sharesGivenName, type IdentifierRule } from '../scoring/pair-scorer';
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
  /** Given names disagree in the best-scoring pair. */
  bestGivenNamesDisagree: boolean;
  /** Best score over the pairs that may link (mayLink): given names agree and a personal field does. */
  linkScore: number;
  linkRow: number;
  rule: IdentifierRule | undefined;
  ruleRow: number;
  /** One of the entity's records looks like the record's twin: it may not link. */
  twinVetoed: boolean;
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
  /** Provisional entity → the entities its pending review weighs it against. */
  private readonly reviewedAgainst = new Map<number, number[]>();
  /** "r:<record id>" / "s:<sid>" → the references it is not the same person as (both directions). */
  private readonly notSamePerson = new Map<string, Set<string>>();
  private readonly keys: number[] = [];
  /** The row whose blocking keys `keys` holds (-1: none): a record is filed under the keys it was looked up by. */
  private keysRow = -1;
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
   * it is now), so redelivered messages change nothing. A missing or malformed field counts as
   * missing and comes back as a warning on the decision.
   * @throws InvalidPersonRecordError when the record has no id, or neither a name nor an identifier.
   */
  resolve(record: PersonRecord, options: ResolveOptions = {}): Decision {
    const warnings = assertResolvable(record);
    const known = this.store.rowOf(record.record_id);
    if (known >= 0) return this.replay(known, warnings);
    const row = this.stage(record, options);
    this.store.commit(row);
    this.scorer.setPopulationRecords(Math.max(this.expectedRecords, this.store.size));
    return this.decide(row, this.assess(row), warnings);
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
    this.reviewedAgainst.delete(this.entities.find(provisional));
    this.store.setOutcome(this.store.rowOf(recordId), Outcome.link);
    return merge;
  }

  /** A steward decides a reviewed record is a new person: its provisional SID stands, and the candidates are remembered as different people. */
  rejectReview(recordId: string, action: StewardAction): NewSidEvent {
    const review = this.openReview(recordId);
    const sid = this.currentSid(review.sid) as Sid;
    for (const candidate of review.candidates) this.markNotSamePerson({ sid }, { sid: candidate.sid });
    this.pendingReviews.delete(recordId);
    const row = this.store.rowOf(recordId);
    this.store.setOutcome(row, Outcome.new);
    this.entities.provisional[this.entities.find(sid)] = 0;
    this.reviewedAgainst.delete(this.entities.find(sid));
    return { type: 'new', recordId, sid, modelId: this.model.id, score: review.score, probability: review.probability, evidence: review.evidence, warnings: review.warnings, action };
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
      if (row < 0 || this.store.entity(row) !== entity) throw invalid(`record ${recordId} does not belong to SID ${sid}`);
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
    this.store.setOutcome(row, Outcome.link);
    this.store.setOriginEntity(row, entity);
    this.attach(row, this.entities.survivor(entity));
    this.indexRow(row, entity);
  }

  /** The SID a record belongs to now (after merges and splits; provisional while under review); undefined when unknown. */
  sidOf(recordId: string): Sid | undefined {
    const row = this.store.rowOf(recordId);
    if (row < 0 || this.store.entity(row) === UNASSIGNED) return undefined;
    return this.entities.sid(this.store.entity(row));
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
    this.keysRow = -1;
    return this.store.stage(record.record_id, normalisePerson(record, options.source ?? DEFAULT_SOURCE));
  }

  private assess(row: number): Assessment[] {
    const keys = this.keys;
    const found = this.found;
    keys.length = 0;
    found.length = 0;
    blockingKeys(this.store, row, keys);
    this.keysRow = row;
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
    const assessment: Assessment = {
      entity,
      score: -Infinity,
      row: -1,
      bestGivenNamesDisagree: false,
      linkScore: -Infinity,
      linkRow: -1,
      rule: undefined,
      ruleRow: -1,
      twinVetoed: false,
      blocked: false,
    };
    const levels = this.scorer.levels;
    let twinConflict = false;
    let twinWithAnotherName = false;
    let givenNameShared = false;
    for (let other = this.entities.firstRecord[entity]; other >= 0; other = this.store.nextInEntity(other)) {
      const score = this.scorer.score(row, other);
      if (score > assessment.score) {
        assessment.score = score;
        assessment.row = other;
        assessment.bestGivenNamesDisagree = givenNamesDisagree(levels);
      }
      if (isTwinPattern(levels)) {
        twinConflict = true;
        if (givenNamesDisagree(levels)) twinWithAnotherName = true;
      }
      if (mayLink(levels)) {
        if (sharesGivenName(levels)) givenNameShared = true;
        if (score > assessment.linkScore) {
          assessment.linkScore = score;
          assessment.linkRow = other;
        }
      }
      const rule = identifierRule(levels);
      if (rule !== undefined && assessment.rule === undefined) {
        assessment.rule = rule;
        assessment.ruleRow = other;
      }
    }
    // One record of the entity looking like the new record's twin vetoes linking by the others:
    // single-linkage would otherwise chain a twin in through a shared nickname (Ellie). A trusted
    // identifier still links when the twin-like record's given name is only a misspelling of the
    // record's (Aiistin, Austin): twins do not share a number, only a name slip explains both.
    // Nor does a twin share a given name: a record of the entity with the record's own given name
    // (or one slip from it) shows the twin-like record is that person's, under a corrupted name.
    if (twinConflict && !givenNameShared) {
      assessment.twinVetoed = true;
      assessment.linkScore = -Infinity;
      assessment.linkRow = -1;
      if (twinWithAnotherName) assessment.rule = undefined;
    }
    assessment.blocked = this.notSamePerson.size > 0 && this.isMarkedDifferent(row, entity);
    return assessment;
  }

  /**
   * Link to the best SID that qualifies when every other candidate is either more likely someone
   * else (below the review threshold) or outweighed by it to the link probability (`outweighs`);
   * review when another is still that close (a bridge: one record must not chain two people
   * together), or the best is in the grey zone;
   * otherwise a new SID. A provisional SID (its record is already under review) yields to an
   * established one: the pending review settles whether they are one person, and each further
   * record of that person would otherwise open another review.
   */
  private decide(row: number, assessments: Assessment[], warnings: readonly DataQualityWarning[]): Decision {
    const open = assessments.filter((assessment) => !assessment.blocked).sort((a, b) => b.score - a.score);
    const linkable = open.filter((assessment) => assessment.rule !== undefined || assessment.linkScore >= this.model.thresholds.link);
    const contenders = linkable.filter((assessment) => !linkable.some((other) => this.outranks(other, assessment)));
    if (contenders.length > 0) {
      const chosen = contenders.reduce((best, contender) => (linkWeight(contender) > linkWeight(best) ? contender : best));
      const rivals = open.filter((assessment) => assessment !== chosen && !this.underReviewTogether(assessment, chosen) && this.isInPlay(assessment));
      const twin = this.twinItCannotTellApart(row, chosen, open);
      if (twin === undefined && this.outweighs(chosen, rivals)) return this.link(row, chosen, warnings);
      const others = twin !== undefined && !rivals.includes(twin) ? [...rivals, twin] : rivals;
      return this.review(row, 'bridge', contenders.length > 1 && twin === undefined ? contenders : [chosen, ...others], warnings);
    }
    const reviewable = open.filter((assessment) => assessment.score >= this.model.thresholds.review);
    if (reviewable.length > 0) {
      const reason: ReviewReason = reviewable[0].score < this.model.thresholds.link ? 'grey_zone' : reviewable[0].bestGivenNamesDisagree ? 'given_names_disagree' : 'family_evidence_only';
      // The steward sees the twin the record cannot be told apart from, however low it scored.
      const twin = this.twinItCannotTellApart(row, reviewable[0], open);
      return this.review(row, reason, twin === undefined || reviewable.includes(twin) ? reviewable : [...reviewable, twin], warnings);
    }
    return this.mintFor(row, open[0] ?? null, warnings);
  }

  // Two SIDs a pending review weighs against each other count as one contender: the better
  // linking score (the established SID on a tie) stands for both.
  private outranks(other: Assessment, assessment: Assessment): boolean {
    if (other === assessment || !this.underReviewTogether(other, assessment)) return false;
    return other.linkScore > assessment.linkScore || (other.linkScore === assessment.linkScore && this.entities.provisional[assessment.entity] === 1);
  }

  private underReviewTogether(a: Assessment, b: Assessment): boolean {
    const weighs = (provisional: number, other: number): boolean => this.reviewedAgainst.get(provisional)?.some((entity) => this.entities.survivor(entity) === other) === true;
    return weighs(a.entity, b.entity) || weighs(b.entity, a.entity);
  }

  /**
   * A record is at most one person, so "it is the chosen SID", "it is this rival" and "it is
   * someone new" are exclusive: the chosen SID's probability is 2^w / (1 + 2^w + Σ 2^rival), w
   * its linking weight. Rivals that leave it at or above the link probability do not hold the
   * record back (a rival about 6 bits below the chosen SID, or further); closer ones make it a bridge.
   */
  private outweighs(chosen: Assessment, rivals: readonly Assessment[]): boolean {
    if (rivals.length === 0) return true;
    const weight = linkWeight(chosen);
    const rivalOdds = rivals.reduce((sum, rival) => sum + 2 ** (rival.score - weight), 0);
    return 1 / (2 ** -weight + 1 + rivalOdds) >= matchProbability(this.model.thresholds.link);
  }

  /**
   * A record without a given name (missing, or only an initial) cannot tell twins apart: they
   * share surname, birth date and address. When another candidate SID is the chosen one's twin
   * (their best records show the twin pattern), whichever of them the record's other fields
   * favour (sex, a field the twin's records lack) is no reason to link: the record goes to review.
   */
  private twinItCannotTellApart(row: number, chosen: Assessment, open: readonly Assessment[]): Assessment | undefined {
    const given = this.store.givenName(row);
    if (given !== MISSING_NAME && this.store.names.text(this.store.names.joined(given)).length > 1) return undefined;
    const chosenRow = chosen.linkRow >= 0 ? chosen.linkRow : chosen.row;
    if (chosenRow < 0) return undefined;
    return open.find((other) => {
      if (other === chosen || other.row < 0) return false;
      this.scorer.score(chosenRow, other.row);
      return isTwinPattern(this.scorer.levels);
    });
  }

  // A SID the record could still be: at or above the review threshold, not vetoed as a twin,
  // given names not disagreeing. Missing fields keep it in play (they cannot tell the two apart).
  private isInPlay(assessment: Assessment): boolean {
    return assessment.score >= this.model.thresholds.review && !assessment.twinVetoed && !assessment.bestGivenNamesDisagree;
  }

  private link(row: number, assessment: Assessment, warnings: readonly DataQualityWarning[]): LinkEvent {
    const evidenceRow = assessment.rule !== undefined ? assessment.ruleRow : assessment.linkRow >= 0 ? assessment.linkRow : assessment.row;
    const score = evidenceRow >= 0 ? this.scorer.score(row, evidenceRow) : null;
    this.store.setOutcome(row, Outcome.link);
    this.store.setScore(row, score ?? Number.NaN);
    this.store.setOriginEntity(row, assessment.entity);
    this.attach(row, assessment.entity);
    this.indexRow(row, assessment.entity);
    return {
      type: 'link',
      recordId: this.store.recordId(row),
      sid: this.entities.sid(assessment.entity),
      modelId: this.model.id,
      ...this.scoreFields(row, evidenceRow, score),
      warnings,
      ...(assessment.rule !== undefined ? { rule: assessment.rule } : {}),
    };
  }

  private mintFor(row: number, nearest: Assessment | null, warnings: readonly DataQualityWarning[]): NewSidEvent {
    const entity = this.placeOnNewSid(row, Outcome.new);
    this.store.setScore(row, nearest === null ? Number.NaN : nearest.score);
    return {
      type: 'new',
      recordId: this.store.recordId(row),
      sid: this.entities.sid(entity),
      modelId: this.model.id,
      ...this.scoreFields(row, nearest?.row ?? -1, nearest?.score ?? null),
      warnings,
    };
  }

  private review(row: number, reason: ReviewReason, candidates: Assessment[], warnings: readonly DataQualityWarning[]): ReviewEvent {
    const shown = candidates.slice(0, this.reviewCandidates).map((assessment) => this.candidateScore(row, assessment));
    const entity = this.placeOnNewSid(row, Outcome.review);
    this.entities.provisional[entity] = 1;
    this.reviewedAgainst.set(
      entity,
      candidates.map((assessment) => assessment.entity),
    );
    this.store.setScore(row, shown[0].score);
    const event: ReviewEvent = {
      type: 'review',
      recordId: this.store.recordId(row),
      sid: this.entities.sid(entity),
      modelId: this.model.id,
      score: shown[0].score,
      probability: shown[0].probability,
      evidence: shown[0].evidence,
      warnings,
      reason,
      candidates: shown,
    };
    this.pendingReviews.set(event.recordId, event);
    return event;
  }

  private placeOnNewSid(row: number, outcome: number): number {
    const entity = this.entities.create(this.mintSid());
    this.store.setOutcome(row, outcome);
    this.store.setOriginEntity(row, entity);
    this.attach(row, entity);
    this.indexRow(row, entity);
    return entity;
  }

  private replay(row: number, warnings: readonly DataQualityWarning[]): Decision {
    const recordId = this.store.recordId(row);
    const review = this.pendingReviews.get(recordId);
    if (review !== undefined) return { ...review, sid: this.entities.sid(this.store.entity(row)), warnings, replayed: true };
    const score = Number.isNaN(this.store.score(row)) ? null : round(this.store.score(row));
    const common = {
      recordId,
      sid: this.entities.sid(this.store.entity(row)),
      modelId: this.model.id,
      score,
      probability: score === null ? null : matchProbability(score),
      evidence: [],
      warnings,
      replayed: true,
    } as const;
    return this.store.outcome(row) === Outcome.link ? { type: 'link', ...common } : { type: 'new', ...common };
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
      givenNamesDisagree: assessment.bestGivenNamesDisagree,
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
    this.store.setEntity(row, entity);
    this.store.setNextInEntity(row, this.entities.firstRecord[entity]);
    this.entities.firstRecord[entity] = row;
    this.entities.recordCount[entity]++;
  }

  private indexRow(row: number, entity: number): void {
    const keys = this.keys;
    if (this.keysRow !== row) {
      keys.length = 0;
      blockingKeys(this.store, row, keys);
      this.keysRow = row;
    }
    for (const key of keys) this.index.add(key, entity);
  }

  private rowsOf(entity: number): number[] {
    const rows: number[] = [];
    for (let row = this.entities.firstRecord[entity]; row >= 0; row = this.store.nextInEntity(row)) rows.push(row);
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
    const origin = this.store.originEntity(moving[0]);
    if (origin === entity || this.entities.mergedInto[origin] < 0 || this.entities.survivor(origin) !== entity) return -1;
    const fromOrigin = all.filter((row) => this.store.originEntity(row) === origin);
    return fromOrigin.length === moving.length && moving.every((row) => this.store.originEntity(row) === origin) ? origin : -1;
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
    return row < 0 ? -1 : this.store.entity(row);
  }
}

function assertResolvable(record: PersonRecord): readonly DataQualityWarning[] {
  const { refusals, warnings } = checkPersonRecord(record);
  if (refusals.length > 0) throw new InvalidPersonRecordError(refusals);
  return warnings;
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

/** The weight a SID qualifies to link with: its best pair that may link, or its best pair when a trusted identifier links it. */
function linkWeight(assessment: Assessment): number {
  return assessment.rule === undefined ? assessment.linkScore : Math.max(assessment.linkScore, assessment.score);
}
