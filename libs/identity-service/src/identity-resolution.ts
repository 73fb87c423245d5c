import type { AuditLog } from '@lantern/audit';
import { type Decision, defaultIdentityModel, type FieldEvidence, type IdentityModel, type PersonRecord, type PersonReference, Resolver, type SidAllocator } from '@lantern/identity';
import type { EntityManager } from 'typeorm';
import { activeIdentityModel } from './active-model';
import { type PersonIdentity, personRecordId } from './person-identity';

/** One advisory lock for all identity decisions: the index is a single ID space. */
export const IDENTITY_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('lantern.identity'))`;

export type IdentityOutcome = { sid: string; decision?: Decision['type'] } | { unresolved: string };

/** Serials fetched ahead from the database sequence, handed to the resolver synchronously. */
class PrefetchedSerials implements SidAllocator {
  private serials: number[] = [];

  refill(serials: number[]) {
    this.serials = serials;
  }

  nextSerial(): number {
    const serial = this.serials.shift();
    if (serial === undefined) throw new Error('no SID serial reserved for this batch');
    return serial;
  }
}

interface IdentityRow {
  seq: string;
  source_system: string;
  local_id: string;
  person: PersonRecord | null;
  sid: string;
}

/**
 * The identity stage of ingestion (issue 4): gives every person a SID within the caller's
 * transaction, which ingestion commits before it stores the records. Decisions are made by the pure engine against an in-memory index;
 * the crosswalk in PostgreSQL is the truth. Across ingest instances and concurrent batches the
 * stage runs under one advisory lock, and each holder first applies the crosswalk rows other
 * holders committed (by seq, which the lock makes commit-ordered), so all decide in one ID space.
 */
export class IdentityResolution {
  private resolver?: Resolver;
  private appliedSeq = '0';
  private epoch = '0';
  private readonly serials = new PrefetchedSerials();
  /** The model in force: read again at every index rebuild, so a steward's activation (which bumps the epoch) takes effect. */
  private model: IdentityModel;

  constructor(
    private readonly audit: AuditLog,
    /** In force while no trained version has been activated. */
    private readonly shipped: IdentityModel = defaultIdentityModel(),
  ) {
    this.model = shipped;
  }

  /** Resolves each person within the caller's transaction; keyed by personRecordId. */
  async resolveWithin(manager: EntityManager, people: PersonIdentity[]): Promise<Map<string, IdentityOutcome>> {
    const outcomes = new Map<string, IdentityOutcome>();
    if (people.length === 0) return outcomes;
    // Only new people need the engine, and so the lock (held to commit, it serialises batches).
    // Known people and records named only by id read committed crosswalk rows; stored records
    // carry no SID of their own, so a later merge or split needs nothing from this batch.
    const mayBeNew = people.some((identity) => identity.person && this.resolver?.sidOf(personRecordId(identity.sourceSystem, identity.localId)) === undefined);
    if (!mayBeNew && this.resolver) return this.resolveKnown(manager, people, this.resolver);
    await manager.query(IDENTITY_LOCK_SQL);
    const resolver = await this.catchUp(manager);
    try {
      await this.attachAttributes(
        manager,
        resolver,
        people.filter((identity) => identity.person && resolver.sidOf(personRecordId(identity.sourceSystem, identity.localId)) === undefined),
      );
      const decisions: Array<{ identity: PersonIdentity; decision: Decision }> = [];
      const needsEngine = people.filter((identity) => identity.person && resolver.sidOf(personRecordId(identity.sourceSystem, identity.localId)) === undefined);
      const reserved: Array<{ serial: string }> = needsEngine.length
        ? await manager.query(`SELECT nextval('identity_sid_serial') AS serial FROM generate_series(1, $1)`, [needsEngine.length])
        : [];
      this.serials.refill(reserved.map((row) => Number(row.serial)));

      const namedOnlyById: PersonIdentity[] = [];
      for (const identity of people) {
        const key = personRecordId(identity.sourceSystem, identity.localId);
        if (outcomes.has(key)) continue;
        const known = resolver.sidOf(key);
        if (known !== undefined) {
          outcomes.set(key, { sid: known });
        } else if (identity.person) {
          const decision = resolver.resolve(identity.person, { source: identity.sourceSystem });
          decisions.push({ identity, decision });
          outcomes.set(key, { sid: decision.sid, decision: decision.type });
        } else {
          namedOnlyById.push(identity);
          outcomes.set(key, { unresolved: '' });
        }
      }
      for (const [key, outcome] of await this.viaStatewideLocalId(manager, namedOnlyById)) outcomes.set(key, outcome);
      await this.persist(manager, decisions);
      return outcomes;
    } catch (error) {
      // The in-memory index may now hold decisions the rolled-back transaction never stored.
      this.resolver = undefined;
      throw error;
    }
  }

  private async resolveKnown(manager: EntityManager, people: PersonIdentity[], resolver: Resolver): Promise<Map<string, IdentityOutcome>> {
    const outcomes = new Map<string, IdentityOutcome>();
    const namedOnlyById: PersonIdentity[] = [];
    for (const identity of people) {
      const key = personRecordId(identity.sourceSystem, identity.localId);
      const known = resolver.sidOf(key);
      if (known !== undefined) outcomes.set(key, { sid: known });
      else namedOnlyById.push(identity);
    }
    for (const [key, outcome] of await this.viaStatewideLocalId(manager, namedOnlyById)) outcomes.set(key, outcome);
    return outcomes;
  }

  /** Forgets the in-memory index (after a failed transaction); the next batch rebuilds it. */
  invalidate() {
    this.resolver = undefined;
  }

  /**
   * Enrolments and other records that name a person only by local id. The record's own source's
   * crosswalk entry decides. Only where the catalogue declares the id shared by every source
   * (sharedIdNamespace, e.g. the state-assigned studentUniqueId of Ed-Fi records) may a source
   * that never sent the person's identity be linked to the one child that id belongs to in that
   * namespace; that decision is written to the crosswalk as the source's own entry (decision
   * 'statewide-id', published and audited), so every reader of the record asks one question:
   * its own source's entry. An id that belongs to several children links no one, and a
   * source's own id (a case number) never joins another source's child, whatever it equals.
   */
  private async viaStatewideLocalId(manager: EntityManager, identities: PersonIdentity[]): Promise<Map<string, IdentityOutcome>> {
    const outcomes = new Map<string, IdentityOutcome>();
    if (identities.length === 0) return outcomes;
    const entries = await this.entriesFor(manager, identities);
    const toLink = identities.filter((identity) => !entries.own.has(personRecordId(identity.sourceSystem, identity.localId)) && entries.sidsOf(identity).length === 1);
    // Writing a crosswalk row needs the identity lock; under it, read again what others committed.
    const decided = toLink.length === 0 ? entries : await this.lockAndRead(manager, identities);
    const links = new Map<string, { identity: PersonIdentity; sid: string }>();
    for (const identity of identities) {
      const key = personRecordId(identity.sourceSystem, identity.localId);
      const own = decided.own.get(key);
      const sids = decided.sidsOf(identity);
      if (own !== undefined) outcomes.set(key, { sid: own });
      else if (sids.length === 1) {
        links.set(key, { identity, sid: sids[0] });
        outcomes.set(key, { sid: sids[0], decision: 'link' });
      } else
        outcomes.set(key, {
          unresolved: !identity.idNamespace
            ? 'the record names its person only by an id of its own source, and that source has sent no record with identity attributes (names, birth date) for that id yet'
            : sids.length === 0
              ? 'the record names its person only by local id, and no record with identity attributes (names, birth date) exists for that id yet'
              : 'the record names its person only by local id, and that id belongs to more than one person across sources',
        });
    }
    await this.persistStatewideLinks(manager, [...links.values()]);
    return outcomes;
  }

  /**
   * A source whose id for a child was linked by statewide id (its enrolment came before the
   * child's own record) now sends the child's attributes: the record keeps the SID its source's
   * crosswalk entry gives, and the entry gains the attributes (with a new seq, so every instance's
   * index learns them), so later records can be matched against them. Never a second entry.
   */
  private async attachAttributes(manager: EntityManager, resolver: Resolver, identities: PersonIdentity[]): Promise<void> {
    if (identities.length === 0) return;
    // TypeORM answers an UPDATE with [rows, affected count].
    const [attached]: [Array<{ source_system: string; sid: string; person: PersonRecord }>, number] = await manager.query(
      `UPDATE identity_record r SET person = x.p, seq = nextval('identity_record_seq_seq')
         FROM json_to_recordset($1::json) AS x(s text, l text, p jsonb)
        WHERE r.source_system = x.s AND r.local_id = x.l AND r.person IS NULL
        RETURNING r.source_system, r.sid, r.person`,
      [JSON.stringify(identities.map((identity) => ({ s: identity.sourceSystem, l: identity.localId, p: identity.person })))],
    );
    for (const row of attached) resolver.restoreRecord(row.person, row.sid, { source: row.source_system });
  }

  private async lockAndRead(manager: EntityManager, identities: PersonIdentity[]) {
    await manager.query(IDENTITY_LOCK_SQL);
    return this.entriesFor(manager, identities);
  }

  /** Crosswalk entries for these local ids: each source's own, and every SID an id has in a shared namespace. */
  private async entriesFor(manager: EntityManager, identities: PersonIdentity[]) {
    const rows: Array<{ source_system: string; local_id: string; sid: string; id_namespace: string | null }> = await manager.query(
      `SELECT source_system, local_id, sid, id_namespace FROM identity_record WHERE local_id = ANY($1::text[])`,
      [[...new Set(identities.map((identity) => identity.localId))]],
    );
    const own = new Map(rows.map((row) => [personRecordId(row.source_system, row.local_id), row.sid]));
    const sidsById = new Map<string, Set<string>>();
    for (const row of rows) {
      if (row.id_namespace === null) continue;
      const key = JSON.stringify([row.id_namespace, row.local_id]);
      sidsById.set(key, (sidsById.get(key) ?? new Set()).add(row.sid));
    }
    const sidsOf = (identity: PersonIdentity) => (identity.idNamespace ? [...(sidsById.get(JSON.stringify([identity.idNamespace, identity.localId])) ?? [])] : []);
    return { own, sidsOf };
  }

  /** Statewide-id links: a crosswalk row without attributes (the engine's index never holds it), an event, an audit entry. */
  private async persistStatewideLinks(manager: EntityManager, links: Array<{ identity: PersonIdentity; sid: string }>) {
    if (links.length === 0) return;
    const linked: Array<{ source_system: string; local_id: string; sid: string }> = await manager.query(
      `INSERT INTO identity_record (source_system, local_id, person, sid, original_sid, decision, score, model_id, id_namespace)
       SELECT s, l, NULL, sid, sid, 'statewide-id', NULL, 'statewide-id', n FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(s, l, sid, n)
       ON CONFLICT DO NOTHING
       RETURNING source_system, local_id, sid`,
      [links.map((link) => link.identity.sourceSystem), links.map((link) => link.identity.localId), links.map((link) => link.sid), links.map((link) => link.identity.idNamespace)],
    );
    if (linked.length === 0) return;
    const events = linked.map((row) => ({ type: 'link', sid: row.sid, sourceSystem: row.source_system, localId: row.local_id, score: null, modelId: 'statewide-id', evidence: [] }));
    await this.publishAndAudit(manager, events, {
      modelId: 'statewide-id',
      columns: ['type', 'sid', 'sourceSystem', 'localId'],
      decisions: events.map((e) => [e.type, e.sid, e.sourceSystem, e.localId]),
    });
  }

  /**
   * The outbox events of a batch's decisions (ids and evidence, never a person's attributes) and
   * one audit entry with the decisions as rows: the chain hashes every byte of it.
   */
  private async publishAndAudit(manager: EntityManager, events: Array<{ type: string; sid: string }>, details: { modelId: string; columns: string[]; decisions: unknown[][] }) {
    // In the batch's order: the outbox's ids are its publishing order.
    await manager.query(
      `INSERT INTO identity_event (type, sid, payload)
       SELECT e->>'type', e->>'sid', e FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
      [JSON.stringify(events)],
    );
    await this.audit.append({ kind: 'identity-link', actor: 'system', subject: `batch of ${events.length}`, details }, manager);
  }

  private async catchUp(manager: EntityManager): Promise<Resolver> {
    // A steward merged, split or separated people since our last batch: rebuild from the crosswalk.
    const [{ epoch }]: Array<{ epoch: string }> = await manager.query(`SELECT epoch::text FROM identity_epoch`);
    if (epoch !== this.epoch) this.resolver = undefined;
    let resolver = this.resolver;
    if (!resolver) {
      this.model = await activeIdentityModel(manager, this.shipped, this.model);
      resolver = this.resolver = new Resolver({ model: this.model, sidAllocator: this.serials });
      this.appliedSeq = '0';
      this.epoch = epoch;
      await this.applyRows(manager, resolver);
      const pairs: Array<{ reference_a: string; reference_b: string }> = await manager.query(`SELECT reference_a, reference_b FROM identity_not_same`);
      for (const pair of pairs) resolver.markNotSamePerson(personReference(pair.reference_a), personReference(pair.reference_b));
      return resolver;
    }
    await this.applyRows(manager, resolver);
    return resolver;
  }

  /** Applies crosswalk rows committed after the last one this instance saw. */
  private async applyRows(manager: EntityManager, resolver: Resolver): Promise<void> {
    for (;;) {
      const rows: IdentityRow[] = await manager.query(`SELECT seq, source_system, local_id, person, sid FROM identity_record WHERE seq > $1 ORDER BY seq LIMIT 10000`, [this.appliedSeq]);
      for (const row of rows) {
        // Statewide-id links carry no attributes: nothing for the engine to match against.
        if (row.person && resolver.sidOf(row.person.record_id) === undefined) resolver.restoreRecord(row.person, row.sid, { source: row.source_system });
      }
      if (rows.length > 0) this.appliedSeq = rows[rows.length - 1].seq;
      if (rows.length < 10000) return;
    }
  }

  private async persist(manager: EntityManager, decisions: Array<{ identity: PersonIdentity; decision: Decision }>) {
    if (decisions.length === 0) {
      await this.advanceSeq(manager);
      return;
    }
    // One JSON document per statement, not jsonb[] arrays: node-pg escapes every array element
    // again, and this runs under the identity lock (see docs/benchmarks.md).
    await manager.query(
      `INSERT INTO identity_record (source_system, local_id, person, sid, original_sid, decision, score, model_id, id_namespace, evidence)
       SELECT s, l, p, sid, sid, d, sc, m, n, e
         FROM json_to_recordset($1::json) AS r(s text, l text, p jsonb, sid text, d text, sc float8, m text, n text, e jsonb)`,
      [
        JSON.stringify(
          decisions.map(({ identity, decision }) => ({
            s: identity.sourceSystem,
            l: identity.localId,
            p: identity.person,
            sid: decision.sid,
            d: decision.type,
            sc: decision.score,
            m: decision.modelId,
            n: identity.idNamespace ?? null,
            // The match weights behind the decision, so a steward can read later why it was made.
            e: decision.evidence.length > 0 ? decision.evidence : null,
          })),
        ),
      ],
    );
    await this.countWarnings(manager, decisions);
    const reviews = decisions.filter((d) => d.decision.type === 'review');
    if (reviews.length > 0) {
      await manager.query(
        `INSERT INTO identity_review (source_system, local_id, provisional_sid, reason, candidates)
         SELECT s, l, sid, r, c FROM json_to_recordset($1::json) AS x(s text, l text, sid text, r text, c jsonb)`,
        [
          JSON.stringify(
            reviews.map(({ identity, decision }) => ({
              s: identity.sourceSystem,
              l: identity.localId,
              sid: decision.sid,
              r: decision.type === 'review' ? decision.reason : '',
              c: decision.type === 'review' ? decision.candidates : [],
            })),
          ),
        ],
      );
    }
    // Events carry ids, the decision and its field-level evidence, never the person's attributes.
    const events = decisions.map(({ identity, decision }) => ({
      type: decision.type,
      sid: decision.sid,
      sourceSystem: identity.sourceSystem,
      localId: identity.localId,
      score: decision.score,
      modelId: decision.modelId,
      evidence: decision.evidence,
      ...(decision.type === 'review' ? { reason: decision.reason, candidates: decision.candidates.map((c) => ({ sid: c.sid, score: c.score, evidence: c.evidence })) } : {}),
    }));
    const evidenceRow = (evidence: readonly FieldEvidence[]) => evidence.map((e) => [e.field, e.level, e.weight]);
    await this.publishAndAudit(manager, events, {
      modelId: decisions[0].decision.modelId,
      columns: ['type', 'sid', 'sourceSystem', 'localId', 'score', 'evidence [field, level, weight]', 'candidates [sid, score]'],
      decisions: decisions.map(({ identity, decision }) => [
        decision.type,
        decision.sid,
        identity.sourceSystem,
        identity.localId,
        decision.score,
        evidenceRow(decision.evidence),
        decision.type === 'review' ? decision.candidates.map((c) => [c.sid, c.score]) : [],
      ]),
    });
    await this.advanceSeq(manager);
  }

  /** Data-quality warnings per source system and field: counts only, never the values. */
  private async countWarnings(manager: EntityManager, decisions: Array<{ identity: PersonIdentity; decision: Decision }>) {
    const warned = decisions.flatMap(({ identity, decision }) => decision.warnings.map((warning) => [identity.sourceSystem, warning.field]));
    if (warned.length === 0) return;
    await manager.query(
      `INSERT INTO identity_quality_warning AS q (source_system, field, records)
       SELECT s, f, count(*) FROM unnest($1::text[], $2::text[]) AS w(s, f) GROUP BY s, f
       ON CONFLICT (source_system, field) DO UPDATE SET records = q.records + EXCLUDED.records`,
      [warned.map((w) => w[0]), warned.map((w) => w[1])],
    );
  }

  /** Our own rows are already in the index: skip them on the next catch-up. */
  private async advanceSeq(manager: EntityManager) {
    const [row]: Array<{ seq: string | null }> = await manager.query(`SELECT max(seq)::text AS seq FROM identity_record`);
    this.appliedSeq = row.seq ?? '0';
  }
}

/** Stored "not the same person" references: 'sid:<sid>' or 'record:<personRecordId>'. */
export function personReference(stored: string): PersonReference {
  return stored.startsWith('sid:') ? { sid: stored.slice(4) } : { recordId: stored.slice(7) };
}
