import { type IdentityModel, parseIdentityModel } from '@lantern/identity';
import type { EntityManager } from 'typeorm';

/**
 * The model in force: the version activated last, or `shipped` while none was. Reads only the
 * id unless it differs from `current`, so a service can ask at every index rebuild.
 */
export async function activeIdentityModel(manager: EntityManager, shipped: IdentityModel, current?: IdentityModel): Promise<IdentityModel> {
  const activeId = await activatedModelId(manager);
  if (activeId === undefined) return shipped;
  if (activeId === current?.id) return current;
  const [row]: Array<{ model: string }> = await manager.query(`SELECT model FROM identity_model WHERE id = $1`, [activeId]);
  return parseIdentityModel(row.model);
}

/** The id of the version activated last; undefined while none was. */
export async function activatedModelId(manager: EntityManager): Promise<string | undefined> {
  const [active]: Array<{ model_id: string }> = await manager.query(`SELECT model_id FROM identity_model_activation ORDER BY seq DESC LIMIT 1`);
  return active?.model_id;
}
