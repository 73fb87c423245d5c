import type { Agreement, AgreementChange, AgreementTerms, LifecycleEventKind } from '@lantern/governance';
import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

interface VersionRow {
  agreement_id: string;
  version: number;
  terms: AgreementTerms;
  drafted_at: Date;
  drafted_by: string;
}

interface ApprovalRow {
  agreement_id: string;
  version: number;
  organization_id: string;
  approved_at: Date;
  approved_by: string;
}

interface LifecycleRow {
  agreement_id: string;
  kind: LifecycleEventKind;
  at: Date;
  by_client: string;
  reason: string;
}

/** Reads agreements whole (versions, approvals, lifecycle) and writes only what a change adds. */
export class AgreementStore {
  /** The terms of these agreement versions, keyed by `versionKey`: what the record of disclosures shows beside each entry. */
  async termsOf(queryable: Queryable, versions: ReadonlyArray<{ agreementId: string; version: number }>): Promise<Map<string, AgreementTerms>> {
    if (versions.length === 0) return new Map();
    const rows: Array<Pick<VersionRow, 'agreement_id' | 'version' | 'terms'>> = await queryable.query(
      `SELECT v.agreement_id, v.version, v.terms FROM agreement_version v
         JOIN unnest($1::uuid[], $2::int[]) AS k(id, version) ON v.agreement_id = k.id AND v.version = k.version`,
      [versions.map((v) => v.agreementId), versions.map((v) => v.version)],
    );
    return new Map(rows.map((row) => [versionKey(row.agreement_id, row.version), row.terms]));
  }

  async load(queryable: Queryable, ids: readonly string[]): Promise<Agreement[]> {
    if (ids.length === 0) return [];
    // One after another: inside a transaction they share one connection, which runs one query at a time.
    const versions: VersionRow[] = await queryable.query(`SELECT agreement_id, version, terms, drafted_at, drafted_by FROM agreement_version WHERE agreement_id = ANY($1) ORDER BY version`, [
      ids,
    ]);
    const approvals: ApprovalRow[] = await queryable.query(
      `SELECT agreement_id, version, organization_id, approved_at, approved_by FROM agreement_approval WHERE agreement_id = ANY($1) ORDER BY approved_at, organization_id`,
      [ids],
    );
    const events: LifecycleRow[] = await queryable.query(`SELECT agreement_id, kind, at, by_client, reason FROM agreement_lifecycle_event WHERE agreement_id = ANY($1) ORDER BY id`, [ids]);
    return ids.flatMap((id) => {
      const own = versions.filter((row) => row.agreement_id === id);
      if (own.length === 0) return [];
      return [
        {
          id,
          versions: own.map((row) => ({
            version: row.version,
            terms: row.terms,
            draftedAt: row.drafted_at.toISOString(),
            draftedBy: row.drafted_by,
            approvals: approvals
              .filter((approval) => approval.agreement_id === id && approval.version === row.version)
              .map((approval) => ({ organizationId: approval.organization_id, approvedAt: approval.approved_at.toISOString(), approvedBy: approval.approved_by })),
          })),
          lifecycle: events.filter((event) => event.agreement_id === id).map((event) => ({ kind: event.kind, at: event.at.toISOString(), by: event.by_client, reason: event.reason })),
        },
      ];
    });
  }

  /** Ids of every agreement, oldest first. */
  async allIds(queryable: Queryable): Promise<string[]> {
    const rows: Array<{ id: string }> = await queryable.query(`SELECT id FROM agreement ORDER BY created_at, id`);
    return rows.map((row) => row.id);
  }

  /** Ids of the agreements with a version whose parties include this one (with these roles, when given). */
  async idsNaming(queryable: Queryable, party: { organizationId: string; roles?: string[] }): Promise<string[]> {
    const rows: Array<{ agreement_id: string }> = await queryable.query(`SELECT DISTINCT agreement_id FROM agreement_version WHERE terms -> 'parties' @> $1::jsonb ORDER BY agreement_id`, [
      JSON.stringify([party]),
    ]);
    return rows.map((row) => row.agreement_id);
  }

  async record(manager: EntityManager, agreementId: string, change: AgreementChange): Promise<void> {
    switch (change.kind) {
      case 'drafted':
        await manager.query(`INSERT INTO agreement (id) VALUES ($1)`, [agreementId]);
        return this.insertVersion(manager, agreementId, change);
      case 'amended':
        return this.insertVersion(manager, agreementId, change);
      case 'approved':
        await manager.query(`INSERT INTO agreement_approval (agreement_id, version, organization_id, approved_at, approved_by) VALUES ($1, $2, $3, $4, $5)`, [
          agreementId,
          change.version,
          change.approval.organizationId,
          change.approval.approvedAt,
          change.approval.approvedBy,
        ]);
        return;
      default:
        await manager.query(`INSERT INTO agreement_lifecycle_event (agreement_id, kind, at, by_client, reason) VALUES ($1, $2, $3, $4, $5)`, [
          agreementId,
          change.event.kind,
          change.event.at,
          change.event.by,
          change.event.reason,
        ]);
    }
  }

  private async insertVersion(manager: EntityManager, agreementId: string, change: Extract<AgreementChange, { kind: 'drafted' | 'amended' }>) {
    const { version, terms, draftedAt, draftedBy } = change.version;
    await manager.query(`INSERT INTO agreement_version (agreement_id, version, terms, drafted_at, drafted_by) VALUES ($1, $2, $3, $4, $5)`, [
      agreementId,
      version,
      terms,
      draftedAt,
      draftedBy,
    ]);
  }
}

export function versionKey(agreementId: string, version: number): string {
  return `${agreementId}#${version}`;
}
