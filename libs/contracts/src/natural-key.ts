import type { CatalogContract } from './catalog';
import { valueAtPointer } from './json-pointer';

/**
 * The record's natural key as one stable string: a JSON array of the key field values in
 * catalogue order, e.g. ["604822",255901001,"2024-08-19"]. Property order in the record does
 * not matter. Producers use it as the Kafka message key so that all versions of one source
 * record stay in order on one partition.
 */
export function naturalKeyOf(contract: Pick<CatalogContract, 'id' | 'naturalKey'>, record: unknown): string {
  const values = contract.naturalKey.map((pointer) => {
    const value = valueAtPointer(record, pointer);
    if (value === undefined) throw new Error(`${contract.id} record has no natural key field ${pointer}`);
    return value;
  });
  return JSON.stringify(values);
}
