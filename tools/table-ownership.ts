import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Relations one library owns but publishes for others to read in SQL, with why a typed call
 * will not do. Everything else a library creates is private to it.
 */
export const PUBLISHED_RELATIONS: Record<string, string> = {
  crosswalk: 'identity-service: the records read model joins it to give each record its SID in one set-based query',
};

export interface SourceFile {
  /** Path from the repository root, with forward slashes. */
  path: string;
  text: string;
}

export interface OwnershipViolation {
  file: string;
  line: number;
  relation: string;
  owner: string;
}

/** Tables, views and sequences each library's migrations create: relation → owning library. */
export function relationOwners(migrations: readonly SourceFile[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of migrations) {
    const owner = libraryOf(file.path);
    if (!owner) continue;
    for (const match of file.text.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|SEQUENCE)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi)) {
      const previous = owners.get(match[1]);
      if (previous && previous !== owner) throw new Error(`${match[1]} is created by both ${previous} and ${owner}`);
      owners.set(match[1], owner);
    }
  }
  return owners;
}

/**
 * SQL in a library that names a relation another library owns (and does not publish). SQL is
 * recognised by the keyword before the name (FROM, JOIN, INTO, UPDATE, TABLE, TRUNCATE, COPY)
 * or a sequence call, so prose that mentions a table does not count.
 */
export function ownershipViolations(files: readonly SourceFile[], owners: ReadonlyMap<string, string>): OwnershipViolation[] {
  const violations: OwnershipViolation[] = [];
  const sqlReference = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|COPY)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)|\b(?:nextval|currval|setval)\s*\(\s*'([a-z_][a-z0-9_]*)'/gi;
  for (const file of files) {
    const library = libraryOf(file.path) ?? file.path.split('/').slice(0, 2).join('/');
    for (const match of file.text.matchAll(sqlReference)) {
      const relation = match[1] ?? match[2];
      const owner = owners.get(relation);
      if (!owner || owner === library || relation in PUBLISHED_RELATIONS) continue;
      violations.push({ file: file.path, line: file.text.slice(0, match.index).split('\n').length, relation, owner });
    }
  }
  return violations;
}

/** The library a path belongs to (`libs/<name>/…`), if any. */
function libraryOf(filePath: string): string | undefined {
  return /^libs\/([^/]+)\//.exec(filePath)?.[1];
}

/** Whether the ownership rule applies to a file: production code, not tests, test support, benchmarks or migrations. */
export function isCheckedSource(filePath: string): boolean {
  return (
    filePath.endsWith('.ts') &&
    !/\.(spec|integration-spec)\.ts$/.test(filePath) &&
    !filePath.includes('/migrations/') &&
    !filePath.includes('/testing/') &&
    !filePath.startsWith('libs/test-environment/') &&
    !filePath.startsWith('tools/')
  );
}

/** Every .ts file under the given folders of the repository, as SourceFiles. */
export function readSources(root: string, folders: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative))) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const child = `${relative}/${entry}`;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (child.endsWith('.ts')) files.push({ path: child, text: readFileSync(path.join(root, child), 'utf8') });
    }
  };
  folders.forEach(walk);
  return files;
}
