import path from 'node:path';
import { isCheckedSource, ownershipViolations, readSources, relationOwners } from './table-ownership';

const ROOT = path.resolve(__dirname, '..');
const sources = readSources(ROOT, ['libs', 'apps', 'infra']);
const owners = relationOwners(sources.filter((file) => /^libs\/[^/]+\/src\/migrations\/\d+-.*\.ts$/.test(file.path)));

describe('each table has one owner, and its SQL appears nowhere else', () => {
  it('knows the owner of every table the hub creates', () => {
    expect(owners.get('record_version')).toBe('records');
    expect(owners.get('parked_record')).toBe('records');
    expect(owners.get('identity_record')).toBe('identity-service');
    expect(owners.get('ingest_reject')).toBe('ingest');
    expect(owners.get('agreement_version')).toBe('agreements');
    expect(owners.get('disclosure')).toBe('disclosures');
    expect(owners.get('care_notice')).toBe('care-notices');
    expect(owners.get('extract_request')).toBe('extracts');
    expect(owners.size).toBeGreaterThanOrEqual(28);
  });

  it('finds no SQL naming another library’s table in production code', () => {
    const checked = sources.filter((file) => isCheckedSource(file.path));
    expect(checked.length).toBeGreaterThan(100);
    expect(ownershipViolations(checked, owners)).toEqual([]);
  });

  it('fails on a deliberately misplaced query, and names the table and its owner', () => {
    const misplaced = { path: 'libs/extracts/src/misplaced.ts', text: 'const sql = `SELECT sid FROM identity_record r\n  JOIN record_version v ON v.person_local_id = r.local_id`;\n' };
    expect(ownershipViolations([misplaced], owners)).toEqual([
      { file: misplaced.path, line: 1, relation: 'identity_record', owner: 'identity-service' },
      { file: misplaced.path, line: 2, relation: 'record_version', owner: 'records' },
    ]);
    const sequence = { path: 'apps/api/src/misplaced.ts', text: "query(`SELECT nextval('identity_sid_serial')`)" };
    expect(ownershipViolations([sequence], owners)).toHaveLength(1);
  });

  it('allows a library its own tables and any library the published crosswalk', () => {
    const own = { path: 'libs/records/src/reader.ts', text: 'SELECT * FROM record_version v JOIN crosswalk c ON c.sid = $1' };
    expect(ownershipViolations([own], owners)).toEqual([]);
  });

  it('leaves prose alone: a comment naming a table is not SQL', () => {
    const prose = { path: 'libs/extracts/src/notes.ts', text: '// the records library owns record_version; identity_record is the crosswalk' };
    expect(ownershipViolations([prose], owners)).toEqual([]);
  });

  it('applies to production code only', () => {
    expect(isCheckedSource('libs/extracts/src/extract-builder.ts')).toBe(true);
    expect(isCheckedSource('apps/api/src/students.controller.ts')).toBe(true);
    for (const exempt of [
      'libs/extracts/src/extracts.integration-spec.ts',
      'libs/records/src/migrations/1764000000000-record-versions.ts',
      'apps/api/src/access/testing/k12-fixtures.ts',
      'libs/test-environment/src/synthetic/linked-population.ts',
      'tools/bench/ingest-bench.ts',
    ]) {
      expect(isCheckedSource(exempt)).toBe(false);
    }
  });
});
