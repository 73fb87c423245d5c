import { isObject, mapApiResource } from './api-resource-mapper';
import type { ContractMappings } from './contract-mappings';
import type { InterchangeItem, SourceLocation } from './interchange-item';

/**
 * One parsed JSON object as an item: an envelope passes through; an Ed-Fi resource is mapped to
 * the contract the file is named after. `resumable` says whether the reader goes on after a
 * malformed object.
 */
export function itemFromJson(value: unknown, location: SourceLocation, fileContract: string | undefined, mappings: ContractMappings, resumable: boolean): InterchangeItem {
  if (!isObject(value)) {
    return { kind: 'malformed', location, reason: 'expected a JSON object (an Ed-Fi resource or an envelope)', resumable };
  }
  if (Object.hasOwn(value, 'contract') && Object.hasOwn(value, 'record')) return { kind: 'envelope', location, envelope: value };
  if (fileContract === undefined) {
    return {
      kind: 'malformed',
      location,
      reason:
        'cannot tell which contract this Ed-Fi resource follows: name the file after the resource ' +
        '(e.g. students.ndjson, studentSchoolAssociations.json) or the contract id, or send envelopes',
      resumable: false,
    };
  }
  const { record, leftOut } = mapApiResource(value, mappings.shapeOf(fileContract), mappings.usesEdfiDescriptors(fileContract));
  return { kind: 'record', location, contractId: fileContract, record, leftOut };
}
