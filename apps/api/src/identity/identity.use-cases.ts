import { Injectable } from '@nestjs/common';
import { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { IdentityDirectory, IdentityModels, IdentityStewardship, type ReviewView } from '@lantern/identity-service';
import { RecordsReadModel } from '@lantern/records';
import { HubConnections } from '../hub-connections';
import type { AcceptReviewCommand, CrosswalkLookupCommand, ListReviewsCommand, MergeSidsCommand, SplitSidCommand } from './identity.commands';

const notFound = (what: string) => new LanternError(LanternErrorCode.RecordNotFound, `${what} not found.`);

@Injectable()
export class IdentityQueries {
  private readonly directory: IdentityDirectory;
  private readonly records: RecordsReadModel;

  constructor(
    connections: HubConnections,
    private readonly audit: AuditLog,
  ) {
    this.directory = new IdentityDirectory(connections.dataSource);
    this.records = new RecordsReadModel(connections.dataSource);
  }

  async crosswalk(command: CrosswalkLookupCommand) {
    const entry = await this.directory.crosswalk(command.sourceSystem, command.localId);
    if (!entry) throw notFound('Crosswalk entry');
    return entry;
  }

  /** Every record about one child, so each read is audited: who, which SID, how many records (never the records). */
  async recordsOf(sid: string, steward: string) {
    const records = await this.records.currentRecordsOf(sid);
    if (records.length === 0) throw notFound('SID');
    await this.audit.append({ kind: 'record-read', actor: steward, subject: sid, details: { records: records.length } });
    return { sid, records };
  }
}

/** Review queue and steward decisions; every one is audited with the steward's client id. */
@Injectable()
export class IdentityStewardshipUseCases {
  private readonly stewardship: IdentityStewardship;

  constructor(
    connections: HubConnections,
    private readonly audit: AuditLog,
  ) {
    this.stewardship = new IdentityStewardship(connections.dataSource, audit);
  }

  /** The queue shows children's identity attributes, so each read is audited: who, and whose SIDs (never the attributes). */
  async reviews(command: ListReviewsCommand, steward: string) {
    const page = await this.stewardship.openReviews(command);
    await this.auditRead(steward, 'identity review queue', page.reviews);
    return page;
  }
  async review(reviewId: number, steward: string) {
    const review = await this.stewardship.review(reviewId);
    await this.auditRead(steward, `identity review ${reviewId}`, [review]);
    return review;
  }
  private async auditRead(steward: string, subject: string, reviews: ReviewView[]) {
    const sids = [...new Set(reviews.flatMap((review) => [review.record.provisionalSid, ...review.candidates.map((candidate) => candidate.sid)]))];
    await this.audit.append({ kind: 'record-read', actor: steward, subject, details: { reviews: reviews.length, sids } });
  }
  accept(reviewId: number, command: AcceptReviewCommand, steward: string) {
    return this.stewardship.acceptReview(reviewId, command.sid, steward);
  }
  reject(reviewId: number, steward: string) {
    return this.stewardship.rejectReview(reviewId, steward);
  }
  /** A SID's records show children's identity fields, so each read is audited: who, which SIDs, how many records (never the fields). */
  async recordsUnder(sid: string, steward: string) {
    const records = await this.stewardship.recordsUnder(sid);
    await this.audit.append({ kind: 'record-read', actor: steward, subject: sid, details: { crosswalkRecords: records.length } });
    return { sid, records };
  }
  async previewMerge(command: MergeSidsCommand, steward: string) {
    const plan = await this.stewardship.previewMerge(command.survivor, command.retired);
    await this.audit.append({
      kind: 'record-read',
      actor: steward,
      subject: 'identity merge preview',
      details: { sids: [plan.survivor, plan.retired], crosswalkRecords: plan.moving.length + plan.staying.length },
    });
    return plan;
  }
  async previewSplit(command: SplitSidCommand, steward: string) {
    const plan = await this.stewardship.previewSplit(command.sid, command.records);
    await this.audit.append({
      kind: 'record-read',
      actor: steward,
      subject: 'identity split preview',
      details: { sids: [plan.sid], crosswalkRecords: plan.moving.length + plan.staying.length },
    });
    return plan;
  }
  merge(command: MergeSidsCommand, steward: string) {
    return this.stewardship.merge(command.survivor, command.retired, steward);
  }
  split(command: SplitSidCommand, steward: string) {
    return this.stewardship.split(command.sid, command.records, steward);
  }
}

/** Retraining from the hub's crosswalk: train a version, read its card, then activate it; training and activation are audited. */
@Injectable()
export class IdentityModelUseCases {
  private readonly models: IdentityModels;

  constructor(connections: HubConnections, audit: AuditLog) {
    this.models = new IdentityModels(connections.dataSource, audit);
  }

  train(steward: string) {
    return this.models.train(steward);
  }
  versions() {
    return this.models.versions();
  }
  version(modelId: string) {
    return this.models.version(modelId);
  }
  activate(modelId: string, steward: string) {
    return this.models.activate(modelId, steward);
  }
}
