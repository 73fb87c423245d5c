import type { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { defaultIdentityModel, type IdentityModel, type ModelCard, modelCard, type PersonRecord, serialiseIdentityModel, trainModel, TrainingSet } from '@lantern/identity';
import type { DataSource, EntityManager } from 'typeorm';
import { activatedModelId, activeIdentityModel } from './active-model';
import { IDENTITY_LOCK_SQL } from './identity-resolution';

const MIN_TRAINING_RECORDS = 100;
const PAGE = 5_000;
// The retrain is reproducible: the same crosswalk gives the same model id.
const TRAINING_SEED = 1;

/** A model version as a steward reviews it before activating it. */
export interface ModelVersion {
  version: number;
  modelId: string;
  trainedBy: string;
  trainedAt: string;
  /** In force now: the version activated last. */
  active: boolean;
  card: ModelCard;
}

export interface ModelVersions {
  /** The model in force: a version's, or the shipped synthetic model's while none was activated. */
  activeModelId: string;
  versions: Array<Omit<ModelVersion, 'card'> & { records: number; expected: { precision: number; recall: number } }>;
}

const notFound = () => new LanternError(LanternErrorCode.RecordNotFound, 'Model version not found.');

/**
 * Steward-run retraining from the hub's own crosswalk (the person attributes each source sent),
 * versioned. Training stores a version with its card and changes nothing else; a second,
 * explicit call activates it, after a steward read the card. Activation bumps the identity
 * epoch, so every service rebuilds its index under the new model at its next batch; every
 * decision row names the model that made it. Both are audited.
 */
export class IdentityModels {
  private training = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly shipped: IdentityModel = defaultIdentityModel(),
  ) {}

  /**
   * Trains a model on every person record in the crosswalk and stores it as a new version (not
   * in force). Policy (thresholds, twin weight, block size) is carried over from the model in
   * force. CPU-bound for seconds to minutes: one training at a time per process.
   */
  async train(steward: string): Promise<ModelVersion> {
    if (this.training) throw new LanternError(LanternErrorCode.Overloaded, 'A model is being trained already; try again when it is done.', 60);
    this.training = true;
    try {
      const policy = await activeIdentityModel(this.dataSource.manager, this.shipped);
      const { set, inputs } = await this.trainingSet();
      if (set.size < MIN_TRAINING_RECORDS) {
        throw new LanternError(LanternErrorCode.Conflict, `training needs at least ${MIN_TRAINING_RECORDS} person records; the crosswalk holds ${set.size}`);
      }
      const model = trainModel(set, {
        seed: TRAINING_SEED,
        thresholds: policy.thresholds,
        twinWeight: policy.twinWeight,
        maxBlockSize: policy.maxBlockSize,
        description: `Trained on the hub's crosswalk: ${set.size} person records from ${inputs.length} source systems`,
      });
      const card = modelCard(model, { ...set.counts(), inputs });
      return await this.dataSource.transaction(async (manager) => {
        // The same crosswalk gives the same model: then the version it already has stands.
        const inserted: unknown[] = await manager.query(`INSERT INTO identity_model (id, model, card, trained_by) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING version`, [
          model.id,
          serialiseIdentityModel(model),
          JSON.stringify(card),
          steward,
        ]);
        const version = await this.versionOf(manager, model.id);
        await this.audit.append(
          {
            kind: 'identity-model',
            actor: steward,
            subject: model.id,
            details: {
              action: 'trained',
              version: version.version,
              newVersion: inserted.length === 1,
              records: set.size,
              sources: inputs.length,
              expected: { precision: card.expected.precision, recall: card.expected.recall },
            },
          },
          manager,
        );
        return version;
      });
    } finally {
      this.training = false;
    }
  }

  async versions(): Promise<ModelVersions> {
    const activeModelId = (await activatedModelId(this.dataSource.manager)) ?? this.shipped.id;
    const rows: Array<{ version: string; id: string; trained_by: string; trained_at: Date; records: number; precision: number; recall: number }> = await this.dataSource.query(
      `SELECT version, id, trained_by, trained_at, (card->'data'->>'records')::int AS records,
              (card->'expected'->>'precision')::float8 AS precision, (card->'expected'->>'recall')::float8 AS recall
         FROM identity_model ORDER BY version DESC`,
    );
    return {
      activeModelId,
      versions: rows.map((row) => ({
        version: Number(row.version),
        modelId: row.id,
        trainedBy: row.trained_by,
        trainedAt: row.trained_at.toISOString(),
        active: row.id === activeModelId,
        records: row.records,
        expected: { precision: row.precision, recall: row.recall },
      })),
    };
  }

  async version(modelId: string): Promise<ModelVersion> {
    return this.versionOf(this.dataSource.manager, modelId);
  }

  /** Puts a trained version in force from the next batch of every service on. */
  async activate(modelId: string, steward: string): Promise<ModelVersion> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(IDENTITY_LOCK_SQL);
      const previous = (await activatedModelId(manager)) ?? this.shipped.id;
      const version = await this.versionOf(manager, modelId);
      if (previous === modelId) return version;
      await manager.query(`INSERT INTO identity_model_activation (model_id, activated_by) VALUES ($1, $2)`, [modelId, steward]);
      // Every service rebuilds its index, under the new model, before its next decision.
      await manager.query(`UPDATE identity_epoch SET epoch = epoch + 1`);
      await this.audit.append({ kind: 'identity-model', actor: steward, subject: modelId, details: { action: 'activated', version: version.version, previous } }, manager);
      return { ...version, active: true };
    });
  }

  /** Every person record in the crosswalk, read page by page into the engine's compact columns. */
  private async trainingSet(): Promise<{ set: TrainingSet; inputs: Array<{ name: string; rows: number; records: number }> }> {
    const set = new TrainingSet();
    const bySource = new Map<string, { name: string; rows: number; records: number }>();
    for (let after = '0'; ;) {
      const rows: Array<{ seq: string; source_system: string; person: PersonRecord }> = await this.dataSource.query(
        `SELECT seq, source_system, person FROM identity_record WHERE person IS NOT NULL AND seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [after],
      );
      for (const row of rows) {
        const input = bySource.get(row.source_system) ?? { name: row.source_system, rows: 0, records: 0 };
        bySource.set(row.source_system, input);
        input.rows++;
        if (set.add(row.person, row.source_system)) input.records++;
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].seq;
    }
    return { set, inputs: [...bySource.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) };
  }

  private async versionOf(manager: EntityManager, modelId: string): Promise<ModelVersion> {
    const [row]: Array<{ version: string; id: string; card: ModelCard; trained_by: string; trained_at: Date }> = await manager.query(
      `SELECT version, id, card, trained_by, trained_at FROM identity_model WHERE id = $1`,
      [modelId],
    );
    if (!row) throw notFound();
    const activeModelId = (await activatedModelId(manager)) ?? this.shipped.id;
    return { version: Number(row.version), modelId: row.id, trainedBy: row.trained_by, trainedAt: row.trained_at.toISOString(), active: row.id === activeModelId, card: row.card };
  }
}
