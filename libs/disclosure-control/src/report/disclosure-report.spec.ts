import { randomBytes } from 'node:crypto';
import { quasiIdentifierHierarchies, type ElementCatalogue } from '../elements/element-catalogue';
import { RecordDeidentifier } from '../elements/record-deidentifier';
import { valueMapHierarchy } from '../generalisation/hierarchy';
import { planKAnonymity } from '../microdata/k-anonymity';
import { QuasiIdentifierCounts } from '../microdata/quasi-identifier-counts';
import { ProjectPseudonymiser } from '../pseudonyms/project-pseudonymiser';
import { protectOneWayTable } from '../tables/one-way-table';
import { protectTable } from '../tables/two-way-table';
import { buildDisclosureReport, DISCLOSURE_REPORT_FORMAT } from './disclosure-report';
import { renderDisclosureReport } from './render-markdown';

const CATALOGUE: ElementCatalogue = {
  studentUniqueId: { role: 'direct-identifier', pseudonymAs: 'studentPseudonym' },
  lastSurname: { role: 'direct-identifier' },
  school: { role: 'quasi-identifier', hierarchy: valueMapHierarchy('school', [{ level: 'district', map: { s1: 'd1', s2: 'd1' } }]) },
  scaleScore: { role: 'sensitive' },
};

/** A record-level package of 24 students in two small schools, and two tables. */
function packageParts() {
  const deidentifier = new RecordDeidentifier(CATALOGUE, new ProjectPseudonymiser(randomBytes(32)));
  const hierarchies = quasiIdentifierHierarchies(CATALOGUE);
  const counts = new QuasiIdentifierCounts(Object.keys(hierarchies));
  for (let index = 0; index < 24; index++)
    counts.add(deidentifier.deidentify({ studentUniqueId: `${10_000_000_000 + index}`, lastSurname: 'Doe', school: index < 8 ? 's1' : 's2', scaleScore: 500 }));
  const plan = planKAnonymity(counts, hierarchies);
  const twoWay = protectTable({
    title: 'Students by school | grade band',
    rowLabels: ['s1', 's2'],
    columnLabels: ['K-2', '3-5'],
    counts: [
      [3, 40],
      [25, 30],
    ],
  });
  const oneWay = protectOneWayTable({ title: 'Students by program', labels: ['a', 'b'], counts: [20, 30] }, { threshold: 5 });
  return { elements: deidentifier.elementActions(plan.report), microdata: plan.report, tables: [twoWay.report, oneWay.report] };
}

describe('disclosure report', () => {
  it('lists the rules applied with their parameters', () => {
    const report = buildDisclosureReport(packageParts());
    expect(report.format).toBe(DISCLOSURE_REPORT_FORMAT);
    expect(report.rules.map(({ rule, parameters }) => [rule, parameters])).toEqual([
      ['no-direct-identifiers', { droppedElements: 1 }],
      ['extract-pseudonyms', { algorithm: 'HMAC-SHA256', pseudonymBits: 100, pseudonymisedElements: 1 }],
      ['k-anonymity', { k: 11, maxSuppressionRate: 0.05 }],
      ['small-cell-suppression', { threshold: 5, tables: 1 }],
      ['small-cell-suppression', { threshold: 10, tables: 1 }],
    ]);
    expect(report.microdata).toMatchObject({ records: 24, suppressedRecords: 0, levels: [{ element: 'school', meaning: 'district' }] });
    expect(report.tables.map(({ title, suppressedCounts }) => [title, suppressedCounts])).toEqual([
      ['Students by school | grade band', 4],
      ['Students by program', 0],
    ]);
  });

  it('is plain JSON and never labels a withheld count as small or complementary', () => {
    const report = buildDisclosureReport(packageParts());
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(JSON.stringify(report)).not.toMatch(/primary|complementary/);
  });

  it('names the linked pseudonyms and the union check, with how many people it withheld, for a linked extract', () => {
    const report = buildDisclosureReport({ ...packageParts(), linked: { earlierExtracts: 2, withheldRecords: 7 } });
    expect(report.rules.map(({ rule }) => rule)).toEqual([
      'no-direct-identifiers',
      'linked-extract-pseudonyms',
      'k-anonymity',
      'linked-extracts-k-anonymity',
      'small-cell-suppression',
      'small-cell-suppression',
    ]);
    expect(report.rules.find(({ rule }) => rule === 'linked-extracts-k-anonymity')?.parameters).toEqual({ k: 11, earlierExtracts: 2, withheldRecords: 7 });
    expect(renderDisclosureReport(report)).toContain('| linked-extracts-k-anonymity | k = 11, earlierExtracts = 2, withheldRecords = 7 |');
  });

  it('leaves out what a package does not contain', () => {
    const report = buildDisclosureReport({ tables: [protectOneWayTable({ title: 'Counts', labels: ['a'], counts: [12] }).report] });
    expect(report.rules.map(({ rule }) => rule)).toEqual(['small-cell-suppression']);
    expect(report).not.toHaveProperty('microdata');
    expect(renderDisclosureReport(report)).not.toContain('## Record-level data');
  });

  it('names the rule and the lines withheld whole when one-cell lines are suppressed', () => {
    const table = protectTable(
      {
        title: 'Students by school | sex',
        rowLabels: ['s1', 's2', 's3'],
        columnLabels: ['F', 'M'],
        counts: [
          [0, 40],
          [25, 30],
          [35, 20],
        ],
      },
      { singleCellLines: 'suppress' },
    );
    const report = buildDisclosureReport({ tables: [table.report] });
    expect(report.rules.find(({ rule }) => rule === 'single-cell-lines')).toMatchObject({ parameters: { tables: 1, withheldLines: 1 } });
    expect(renderDisclosureReport(report)).toContain('| Students by school \\| sex | 3 × 2 with totals | 1 to 10 | 12 |');
    expect(renderDisclosureReport(report)).toMatch(/\| row "s1" \|\n$/);
  });

  it('renders as Markdown for the package README', () => {
    const markdown = renderDisclosureReport(buildDisclosureReport(packageParts()));
    expect(markdown).toMatch(
      /^# Disclosure report\n\n## Rules applied\n\n\| Rule \| Parameters \| What it does \|\n\| --- \| --- \| --- \|\n\| no-direct-identifiers \| droppedElements = 1 \|/,
    );
    expect(markdown).toContain('| lastSurname | direct-identifier | dropped | direct identifier: never released |');
    expect(markdown).toContain('- k: 11; records: 24; released: 24; withheld: 0 (budget 1)');
    // Both schools are in one district, so the district stands for every school recorded: as much loss as '*'.
    expect(markdown).toContain('| school | district | 1 of 2 | 1.000 |');
    expect(markdown).toContain('| Students by school \\| grade band | 2 × 2 with totals | 1 to 10 | 9 | 4 |');
    expect(markdown.endsWith('|\n')).toBe(true);
  });
});
