import type { MalformedInput } from '@lantern/edfi-interchange';
import { LoadReport } from './load-report';

const at = (file: string, line: number, element?: string) => (element ? { file, line, element } : { file, line });
const topicFor = (contractId: string) => `ingest.${contractId}`;

describe('LoadReport', () => {
  it('summarises files, contracts, grouped rejections, left-out fields and skipped elements', () => {
    const report = new LoadReport();
    report.startFile('students.ndjson');
    report.published('edfi.student');
    report.published('edfi.student');
    report.rejected('edfi.student', 'schema: /record/birthDate is required', at('students.ndjson', 2));
    report.rejected('edfi.student', 'schema: /record/birthDate is required', at('students.ndjson', 9));
    report.leftOutFields('edfi.student', ['/personReference'], at('students.ndjson', 1));
    report.startFile('enrollment.xml');
    report.published('edfi.studentSchoolAssociation');
    report.skippedElement('GraduationPlan', at('enrollment.xml', 23, 'GraduationPlan'));
    report.startFile('broken.xml');
    const problem: MalformedInput = {
      kind: 'malformed',
      location: { file: 'broken.xml', line: 18, column: 11, element: 'InterchangeStudent/Student/Name' },
      reason: 'this end tag does not close <Name>, which is still open',
      resumable: false,
    };
    report.refuseFile([problem], 1);
    report.unsupportedFiles(['notes.txt']);

    expect(report.render(topicFor)).toBe(
      [
        'Files (3):',
        '  students.ndjson: published 2, rejected 2',
        '  enrollment.xml: published 1',
        '  broken.xml: malformed, nothing published',
        '    broken.xml:18:11 (InterchangeStudent/Student/Name): this end tag does not close <Name>, which is still open',
        '',
        '  contract                       topic                                 published  rejected',
        '  edfi.student                   ingest.edfi.student                           2         2',
        '  edfi.studentSchoolAssociation  ingest.edfi.studentSchoolAssociation          1         0',
        '  total                                                                        3         2',
        '',
        "Rejected by the hub's rules (not published; fix the source and load again):",
        '  edfi.student: schema: /record/birthDate is required — 2 records, first at students.ndjson:2',
        '',
        'Left out (in the source, not carried by the contract):',
        '  edfi.student: /personReference — 1 record',
        '',
        'Not loaded (no contract carries these interchange elements):',
        '  GraduationPlan — 1 element, first at enrollment.xml:23 (GraduationPlan)',
        '',
        'Not read (not .ndjson, .jsonl, .json or .xml):',
        '  notes.txt',
        '',
      ].join('\n'),
    );
    expect(report.succeeded()).toBe(false);
  });

  it('succeeds only when every file was published whole and nothing was rejected', () => {
    const clean = new LoadReport();
    clean.startFile('students.ndjson');
    clean.published('edfi.student');
    const partial = new LoadReport();
    partial.startFile('students.ndjson');
    partial.malformed({ kind: 'malformed', location: at('students.ndjson', 4), reason: 'not valid JSON', resumable: true });

    expect(clean.succeeded()).toBe(true);
    expect(partial.succeeded()).toBe(false);
    expect(partial.render(topicFor)).toContain('students.ndjson: malformed, published 0 before the error (--partial)\n    students.ndjson:4: not valid JSON');
  });
});
