/** A contract's semantic version: major.minor.patch. */
export interface ContractVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

const SEMANTIC_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

export function parseContractVersion(text: string): ContractVersion {
  const match = SEMANTIC_VERSION.exec(text);
  if (!match) throw new Error(`not a semantic version: ${text}`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/**
 * Within a major version, contracts only gain optional fields or relax rules, so a record
 * written against an earlier version of the same major is valid against the published one.
 * A later version than the published one is refused: the producer may send fields the hub
 * does not know yet.
 */
export function publishedVersionAccepts(published: string, claimed: string): boolean {
  const p = parseContractVersion(published);
  const c = parseContractVersion(claimed);
  if (p.major !== c.major) return false;
  return c.minor < p.minor || (c.minor === p.minor && c.patch <= p.patch);
}
