import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { defaultIdentityModel, type FieldEvidence, type IdentityModel, isValidSid, sidFromSerial, type Waterfall, waterfall } from '@lantern/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { IDENTITY_LOCK_SQL } from './identity-resolution';
import { personRecordId } from './person-identity';

/** A record as its source sent it: what the steward compares. */
export interface ReviewedRecord {
  sourceSystem: string;
  localId: string;
  person: unknown;
}

export interface ReviewCandidateView {
  sid: string;
  score: number;
  evidence: readonly FieldEvidence[];
  /** The evidence as a steward reads it: the prior, each comparison with its level and weight, the running total, the score and probability. */
  explanation: Waterfall | null;
  /** The records under the candidate SID (the reviewed record itself left out). */
  records: ReviewedRecord[];
}

export interface ReviewView {
  id: number;
  reason: string;
  createdAt: string;
  record: ReviewedRecord & { provisionalSid: string };
  candidates: ReviewCandidateView[];
}

export interface ReviewQuery {
  /** Only reviews of records this source system sent. */
  sourceSystem?: string;
  /** Reviews after this id: the previous page's nextAfterId. */
  afterId?: number;
  limit: number;
}

/** A page of the open queue, oldest first, and how many are open from each source system (what the queue can be filtered by). */
export interface ReviewPage {
  reviews: ReviewView[];
  /** Open reviews matching the filter, on every page. */
  total: number;
  nextAfterId: number | null;
  sourceSystems: Array<{ sourceSystem: string; open: number }>;
}

/** One review with its state and the model whose decision opened it. */
export interface ReviewDetail extends ReviewView {
  status: 'open' | 'accepted' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  model: {
    modelId: string;
    /** The trained version's number; null for the shipped model. */
    version: number | null;
    /** Match weights (bits) at or above which a record links, or goes to review; null when the hub does not hold that model. */
    thresholds: { link: number; review: number } | null;
  };
}

interface ReviewRow {
  id: string;
  reason: string;
  created_at: Date;
  source_system: string;
  local_id: string;
  provisional_sid: string;
  candidates: Array<{ sid: string; score: number; evidence: FieldEvidence[] }>;
  person: unknown;
}

const REVIEW_COLUMNS = 'r.id, r.reason, r.created_at, r.source_system, r.local_id, r.provisional_sid, r.candidates, i.person';

const notFound = (what: string) => new LanternError(LanternErrorCode.RecordNotFound, `${what} not found.`);
const conflict = (detail: string) => new LanternError(LanternErrorCode.Conflict, detail);
const invalidSids = (detail: string) => new LanternError(LanternErrorCode.InvalidRequest, detail);

export interface LocalRecord {
  sourceSystem: string;
  localId: string;
}

/** A record in the crosswalk under a SID, with its identity fields and the SID it was first given. */
export interface SidRecord extends LocalRecord {
  person: unknown;
  originalSid: string;
}

/** What a merge does: every record of the retired SID moves to the survivor, and the retired SID (and those merged into it before) then lead to the survivor. */
export interface MergePlan {
  survivor: string;
  retired: string;
  moving: SidRecord[];
  staying: SidRecord[];
  /** SIDs merged into the retired one before, which will lead to the survivor too. */
  redirected: string[];
}

/** What a split does: the records that move, where to (a SID a merge retired, given back, or a new one), and the records that stay. */
export interface SplitPlan {
  sid: string;
  target: { kind: 'restored'; sid: string } | { kind: 'new'; sid: null };
  moving: SidRecord[];
  staying: SidRecord[];
}

/**
 * What stewards decide about identity: reviews accepted or rejected, SIDs merged or split.
 * Each decision runs under the identity lock, changes the crosswalk, leaves an event in the
 * outbox and an audit entry, and bumps the epoch so every ingest instance rebuilds its index
 * and honours it (a "not the same person" decision is never relinked automatically).
 */
export class IdentityStewardship {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    /** In force while no trained version has been activated: the thresholds of the decisions it made. */
    private readonly shipped: IdentityModel = defaultIdentityModel(),
  ) {}

  async openReviews({ sourceSystem, afterId = 0, limit }: ReviewQuery): Promise<ReviewPage> {
    // One row past the page tells whether another page follows.
    const rows: ReviewRow[] = await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS}
         FROM identity_review r JOIN identity_record i USING (source_system, local_id)
        WHERE r.status = 'open' AND ($1::text IS NULL OR r.source_system = $1) AND r.id > $2
        ORDER BY r.id LIMIT $3`,
      [sourceSystem ?? null, afterId, limit + 1],
    );
    const shown = rows.slice(0, limit);
    const sourceSystems: Array<{ sourceSystem: string; open: number }> = await this.dataSource.query(
      `SELECT source_system AS "sourceSystem", count(*)::int AS open FROM identity_review WHERE status = 'open' GROUP BY source_system ORDER BY source_system`,
    );
    const total = sourceSystems.filter((source) => sourceSystem === undefined || source.sourceSystem === sourceSystem).reduce((sum, source) => sum + source.open, 0);
    return { reviews: await this.views(shown), total, nextAfterId: rows.length > limit ? Number(shown[shown.length - 1].id) : null, sourceSystems };
  }

  /** One review, open or decided, with the model version whose decision opened it and that model's thresholds. */
  async review(reviewId: number): Promise<ReviewDetail> {
    const [row]: Array<
      ReviewRow & {
        status: ReviewDetail['status'];
        decided_by: string | null;
        decided_at: Date | null;
        model_id: string;
        version: string | null;
        thresholds: ReviewDetail['model']['thresholds'];
      }
    > = await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS}, r.status, r.decided_by, r.decided_at, i.model_id, m.version, m.card->'thresholds' AS thresholds
           FROM identity_review r JOIN identity_record i USING (source_system, local_id) LEFT JOIN identity_model m ON m.id = i.model_id
          WHERE r.id = $1`,
      [reviewId],
    );
    if (!row) throw notFound('Review');
    const [view] = await this.views([row]);
    const shipped = row.model_id === this.shipped.id;
    return {
      ...view,
      status: row.status,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at?.toISOString() ?? null,
      model: {
        modelId: row.model_id,
        version: row.version === null ? null : Number(row.version),
        thresholds: shipped ? { link: this.shipped.thresholds.link, review: this.shipped.thresholds.review } : row.thresholds,
      },
    };
  }

  /** Reviews as a steward reads them: each candidate's waterfall and records, read in one query for the lot. */
  private async views(rows: ReviewRow[]): Promise<ReviewView[]> {
    const sids = [...new Set(rows.flatMap((row) => row.candidates.map((candidate) => candidate.sid)))];
    const candidateRecords: Array<{ sid: string; source_system: string; local_id: string; person: unknown }> = sids.length
      ? await this.dataSource.query(`SELECT sid, source_system, local_id, person FROM identity_record WHERE sid = ANY($1::text[]) AND person IS NOT NULL ORDER BY seq`, [sids])
      : [];
    return rows.map((row) => ({
      id: Number(row.id),
      reason: row.reason,
      createdAt: row.created_at.toISOString(),
      record: { sourceSystem: row.source_system, localId: row.local_id, provisionalSid: row.provisional_sid, person: row.person },
      candidates: row.candidates.map(({ sid, score, evidence }) => ({
        sid,
        score,
        evidence,
        explanation: waterfall(evidence),
        records: candidateRecords
          .filter((other) => other.sid === sid && !(other.source_system === row.source_system && other.local_id === row.local_id))
          .map((other) => ({ sourceSystem: other.source_system, localId: other.local_id, person: other.person })),
      })),
    }));
  }

  /** The record under review is the candidate's person: its provisional SID merges into the candidate. */
  async acceptReview(reviewId: number, sid: string, steward: string) {
    return this.decide(async (manager) => {
      const review = await this.openReview(manager, reviewId);
      if (!review.candidates.some((candidate) => candidate.sid === sid)) throw conflict('sid must be one of the review candidates');
      await manager.query(`UPDATE identity_review SET status = 'accepted', decided_by = $2, decided_at = now() WHERE id = $1`, [reviewId, steward]);
      return this.mergeWithin(manager, sid, review.provisional_sid, steward, { reviewId });
    });
  }

  /** The record under review is nobody among the candidates: it keeps its SID, and they are kept apart for good. */
  async rejectReview(reviewId: number, steward: string) {
    return this.decide(async (manager) => {
      const review = await this.openReview(manager, reviewId);
      await manager.query(`UPDATE identity_review SET status = 'rejected', decided_by = $2, decided_at = now() WHERE id = $1`, [reviewId, steward]);
      const record = `record:${personRecordId(review.source_system, review.local_id)}`;
      await this.rememberNotSame(
        manager,
        review.candidates.map((candidate) => [record, `sid:${candidate.sid}`]),
        steward,
      );
      const event = { type: 'new', sid: review.provisional_sid, reviewId, sourceSystem: review.source_system, localId: review.local_id, notSameAs: review.candidates.map((c) => c.sid) };
      await this.emit(manager, event, 'identity-link', steward);
      return event;
    });
  }

  /** A SID's records in the crosswalk, oldest first: what a merge would move or a split could move off it. */
  async recordsUnder(sid: string): Promise<SidRecord[]> {
    if (!isValidSid(sid)) throw invalidSids('sid must be a valid SID');
    const records = await this.recordsOf(this.dataSource.manager, sid);
    if (records.length === 0) throw notFound('SID');
    return records;
  }

  /** What merging would do, changing nothing: the same checks and the same records as the merge. */
  async previewMerge(survivor: string, retired: string): Promise<MergePlan> {
    return this.planMerge(this.dataSource.manager, survivor, retired);
  }

  async merge(survivor: string, retired: string, steward: string) {
    return this.decide((manager) => this.mergeWithin(manager, survivor, retired, steward, {}));
  }

  /** What splitting would do, changing nothing: the same checks, and where the records would go by the same rule as the split. */
  async previewSplit(sid: string, records: readonly LocalRecord[]): Promise<SplitPlan> {
    return this.planSplit(this.dataSource.manager, sid, records);
  }

  /** Moves the named records off `sid` where planSplit says; the two parts are remembered as different people. */
  async split(sid: string, records: readonly LocalRecord[], steward: string) {
    return this.decide(async (manager) => {
      const plan = await this.planSplit(manager, sid, records);
      const restorable = plan.target.kind === 'restored';
      const target = plan.target.sid ?? sidFromSerial(Number((await manager.query(`SELECT nextval('identity_sid_serial') AS serial`))[0].serial));
      if (restorable) await manager.query(`DELETE FROM identity_sid_alias WHERE retired_sid = $1`, [target]);
      await manager.query(`UPDATE identity_record SET sid = $1 WHERE sid = $2 AND (source_system, local_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))`, [
        target,
        sid,
        plan.moving.map((r) => r.sourceSystem),
        plan.moving.map((r) => r.localId),
      ]);
      await this.rememberNotSame(manager, [[`sid:${sid}`, `sid:${target}`]], steward);
      const event = {
        type: 'split',
        sid,
        parts: [
          { sid, kept: true },
          { sid: target, restored: restorable, records: plan.moving.map(({ sourceSystem, localId }) => ({ sourceSystem, localId })) },
        ],
      };
      await this.emit(manager, event, 'identity-split', steward);
      return event;
    });
  }

  /**
   * Where a split sends the named records: back to the SID a merge took them from when they all
   * came from one that now points to `sid`, else to a new SID. A split must leave a record behind.
   */
  private async planSplit(manager: EntityManager, sid: string, records: readonly LocalRecord[]): Promise<SplitPlan> {
    if (!isValidSid(sid)) throw invalidSids('sid must be a valid SID');
    const under = await this.recordsOf(manager, sid);
    const named = new Set(records.map((record) => JSON.stringify([record.sourceSystem, record.localId])));
    const moving = under.filter((record) => named.has(JSON.stringify([record.sourceSystem, record.localId])));
    if (moving.length !== named.size) throw notFound('One or more of those records under that SID');
    const staying = under.filter((record) => !moving.includes(record));
    if (staying.length === 0) throw conflict('a split must leave at least one record on the SID');
    const origins = new Set(moving.map((record) => record.originalSid));
    const [origin] = origins;
    const restorable =
      origins.size === 1 && origin !== sid && (await manager.query(`SELECT 1 FROM identity_sid_alias WHERE retired_sid = $1 AND survivor_sid = $2`, [origin, sid])).length === 1;
    return { sid, target: restorable ? { kind: 'restored', sid: origin } : { kind: 'new', sid: null }, moving, staying };
  }

  /** Every record of the retired SID moves to the survivor; both SIDs must hold records. */
  private async planMerge(manager: EntityManager, survivor: string, retired: string): Promise<MergePlan> {
    if (!isValidSid(survivor) || !isValidSid(retired)) throw invalidSids('survivor and retired must be valid SIDs');
    if (survivor === retired) throw conflict('a SID cannot be merged into itself');
    const [moving, staying] = [await this.recordsOf(manager, retired), await this.recordsOf(manager, survivor)];
    if (moving.length === 0 || staying.length === 0) throw notFound('SID');
    const formerlyRetired: Array<{ retired_sid: string }> = await manager.query(`SELECT retired_sid FROM identity_sid_alias WHERE survivor_sid = $1 ORDER BY retired_sid`, [retired]);
    return { survivor, retired, moving, staying, redirected: formerlyRetired.map((alias) => alias.retired_sid) };
  }

  private async mergeWithin(manager: EntityManager, survivor: string, retired: string, steward: string, context: Record<string, unknown>) {
    const plan = await this.planMerge(manager, survivor, retired);
    await manager.query(`UPDATE identity_record SET sid = $1 WHERE sid = $2`, [survivor, retired]);
    // The retired SID is never reused; lookups of it lead to the survivor.
    await manager.query(`INSERT INTO identity_sid_alias (retired_sid, survivor_sid, merged_by) VALUES ($1, $2, $3)`, [retired, survivor, steward]);
    await manager.query(`UPDATE identity_sid_alias SET survivor_sid = $1 WHERE survivor_sid = $2`, [survivor, retired]);
    const event = { type: 'merge', sid: survivor, survivor, retired, records: plan.moving.map(({ sourceSystem, localId }) => ({ sourceSystem, localId })), ...context };
    await this.emit(manager, event, 'identity-merge', steward);
    return event;
  }

  private async recordsOf(manager: EntityManager, sid: string): Promise<SidRecord[]> {
    const rows: Array<{ source_system: string; local_id: string; person: unknown; original_sid: string }> = await manager.query(
      `SELECT source_system, local_id, person, original_sid FROM identity_record WHERE sid = $1 ORDER BY seq`,
      [sid],
    );
    return rows.map((row) => ({ sourceSystem: row.source_system, localId: row.local_id, person: row.person, originalSid: row.original_sid }));
  }

  private async decide<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(IDENTITY_LOCK_SQL);
      const result = await work(manager);
      await manager.query(`UPDATE identity_epoch SET epoch = epoch + 1`);
      return result;
    });
  }

  private async openReview(manager: EntityManager, reviewId: number) {
    const [review]: Array<{ source_system: string; local_id: string; provisional_sid: string; candidates: Array<{ sid: string }>; status: string }> = await manager.query(
      `SELECT source_system, local_id, provisional_sid, candidates, status FROM identity_review WHERE id = $1 FOR UPDATE`,
      [reviewId],
    );
    if (!review) throw notFound('Review');
    if (review.status !== 'open') throw conflict(`the review is already ${review.status}`);
    return review;
  }

  private async rememberNotSame(manager: EntityManager, pairs: string[][], steward: string) {
    await manager.query(`INSERT INTO identity_not_same (reference_a, reference_b, decided_by) SELECT a, b, $3 FROM unnest($1::text[], $2::text[]) AS p(a, b) ON CONFLICT DO NOTHING`, [
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
      steward,
    ]);
  }

  private async emit(manager: EntityManager, event: { type: string; sid: string }, kind: 'identity-link' | 'identity-merge' | 'identity-split', steward: string) {
    await manager.query(`INSERT INTO identity_event (type, sid, payload) VALUES ($1, $2, $3)`, [event.type, event.sid, JSON.stringify({ ...event, steward })]);
    await this.audit.append({ kind, actor: steward, subject: event.sid, details: event }, manager);
  }
}
