import type { DataQualityWarning } from '../records/person-record';
import type { FieldEvidence, IdentifierRule } from '../scoring/pair-scorer';
import type { Sid } from '../sid/sid';

/** Who changed identity by hand, and why: kept on the event for the audit trail. */
export interface StewardAction {
  readonly steward: string;
  readonly reason: string;
}

/** One existing SID a record was scored against. */
export interface CandidateScore {
  readonly sid: Sid;
  /** Match weight in bits, prior included (higher = more likely the same person). */
  readonly score: number;
  readonly probability: number;
  readonly evidence: readonly FieldEvidence[];
  /** Set when a trusted identifier links this candidate regardless of the score. */
  readonly rule?: IdentifierRule;
  /** Given names disagree: never linked automatically, whatever the score. */
  readonly givenNamesDisagree: boolean;
}

interface DecisionBase {
  readonly recordId: string;
  /** The model that scored the record (IdentityModel.id). */
  readonly modelId: string;
  /** Match weight of the linked or nearest candidate; null when no candidate was found. */
  readonly score: number | null;
  readonly probability: number | null;
  /** Field-level evidence behind `score`; empty when there was no candidate, or on a replay. */
  readonly evidence: readonly FieldEvidence[];
  /**
   * Fields of the record that were missing or malformed and so compared as missing (field
   * names, never values): data-quality warnings for the source, not reasons to refuse it.
   */
  readonly warnings: readonly DataQualityWarning[];
  /** True when the record id had been resolved before and this repeats that outcome. */
  readonly replayed?: true;
}

/** The record joins an existing SID. */
export interface LinkEvent extends DecisionBase {
  readonly type: 'link';
  readonly sid: Sid;
  /** The trusted identifier that decided, when one did. */
  readonly rule?: IdentifierRule;
  /** Set when a steward accepted a review. */
  readonly action?: StewardAction;
}

/** The record is a person not seen before: a new SID is minted (or, after a rejected review, confirmed). */
export interface NewSidEvent extends DecisionBase {
  readonly type: 'new';
  readonly sid: Sid;
  readonly action?: StewardAction;
}

/**
 * - grey_zone: best score between the review and link thresholds;
 * - bridge: the record would link to one SID while another is still in play (would link too, or
 *   is at or above the review threshold): one record never joins two people silently;
 * - given_names_disagree: would link on score, but the given names disagree;
 * - family_evidence_only: would link on score, but only on fields a family shares (surname,
 *   residence): the given name and birth date are missing or disagree.
 */
export type ReviewReason = 'grey_zone' | 'bridge' | 'given_names_disagree' | 'family_evidence_only';

/**
 * A steward decides. Meanwhile the record holds a provisional new SID, so it is stored and
 * later records of the same person find it (rather than each waiting for review as well):
 * accepting merges the provisional SID into the chosen candidate; rejecting keeps it and
 * remembers the candidates as not the same person.
 */
export interface ReviewEvent extends DecisionBase {
  readonly type: 'review';
  /** The provisional SID. */
  readonly sid: Sid;
  readonly reason: ReviewReason;
  /** Best first. */
  readonly candidates: readonly CandidateScore[];
}

export type Decision = LinkEvent | NewSidEvent | ReviewEvent;

/** Two SIDs found to be one person: the retired SID points to the survivor from now on. */
export interface MergeEvent {
  readonly type: 'merge';
  readonly survivor: Sid;
  readonly retired: Sid;
  /** Records that moved from the retired SID to the survivor. */
  readonly recordIds: readonly string[];
  /** Best match weight between records of the two SIDs, and its evidence. */
  readonly score: number;
  readonly evidence: readonly FieldEvidence[];
  readonly action: StewardAction;
}

export interface SplitPart {
  readonly sid: Sid;
  readonly recordIds: readonly string[];
  /** True when the part got back a SID retired by an earlier merge rather than a new one. */
  readonly restored: boolean;
}

/** One SID found to hold two people: some records move to a restored or new SID. */
export interface SplitEvent {
  readonly type: 'split';
  readonly sid: Sid;
  /** The part that keeps `sid` first, then the part that moved. */
  readonly parts: readonly [SplitPart, SplitPart];
  /** Best match weight between the two parts (what the model thought of them), and its evidence. */
  readonly score: number;
  readonly evidence: readonly FieldEvidence[];
  readonly action: StewardAction;
}

export type IdentityEvent = Decision | MergeEvent | SplitEvent;

/** Either side of a remembered "not the same person" decision. */
export type PersonReference = { readonly recordId: string } | { readonly sid: Sid };
