import type { ElementAction } from '../elements/record-deidentifier';
import type { KAnonymityReport } from '../microdata/k-anonymity';
import type { TableReport } from '../tables/small-cells';

export const DISCLOSURE_REPORT_FORMAT = 'lantern.disclosure-report/1';

/** A disclosure-control rule the package was put through, with its parameters. */
export interface AppliedRule {
  rule: 'no-direct-identifiers' | 'extract-pseudonyms' | 'linked-extract-pseudonyms' | 'k-anonymity' | 'linked-extracts-k-anonymity' | 'small-cell-suppression' | 'single-cell-lines';
  description: string;
  parameters: Readonly<Record<string, number | string>>;
}

/**
 * What disclosure control did to a package and why; it travels inside the package, so it says
 * nothing a researcher could use to narrow a withheld value. Plain JSON.
 */
export interface DisclosureReport {
  format: typeof DISCLOSURE_REPORT_FORMAT;
  rules: AppliedRule[];
  elements: ElementAction[];
  microdata?: KAnonymityReport;
  tables: TableReport[];
}

export interface DisclosureReportParts {
  /** From RecordDeidentifier.elementActions, for a record-level package. */
  elements?: readonly ElementAction[];
  /** From the k-anonymity plan, for a record-level package. */
  microdata?: KAnonymityReport;
  tables?: readonly TableReport[];
  /**
   * For a record-level package of a project whose agreement links its extracts: how many linked
   * extracts of the project were released before it, and how many people the union check
   * (linkedHistoriesToWithhold) withheld.
   */
  linked?: { earlierExtracts: number; withheldRecords: number };
}

export function buildDisclosureReport(parts: DisclosureReportParts): DisclosureReport {
  const { elements = [], microdata, tables = [], linked } = parts;
  const rules: AppliedRule[] = [];
  if (elements.length > 0) {
    rules.push({
      rule: 'no-direct-identifiers',
      description: 'Names, local and state IDs, addresses, contact details and every element the catalogue does not declare are dropped; full dates are released as years.',
      parameters: { droppedElements: elements.filter(({ action }) => action === 'dropped').length },
    });
  }
  const pseudonymised = elements.filter(({ action }) => action === 'pseudonymised').length;
  if (pseudonymised > 0 && linked) {
    rules.push({
      rule: 'linked-extract-pseudonyms',
      description:
        "Student IDs are replaced by HMAC-SHA256 pseudonyms keyed with a secret derived from the project's for all its linked extracts (the agreement allows linking across extracts): a person has the same pseudonym in every linked extract of the project, and in no other extract.",
      parameters: { algorithm: 'HMAC-SHA256', pseudonymBits: 100, pseudonymisedElements: pseudonymised },
    });
  } else if (pseudonymised > 0) {
    rules.push({
      rule: 'extract-pseudonyms',
      description:
        "Student IDs are replaced by HMAC-SHA256 pseudonyms keyed with a secret derived for this extract from its project's: stable within the extract, not joinable with any other extract's, so no two k-anonymous extracts combine into one that is not.",
      parameters: { algorithm: 'HMAC-SHA256', pseudonymBits: 100, pseudonymisedElements: pseudonymised },
    });
  }
  if (microdata) {
    rules.push({
      rule: 'k-anonymity',
      description:
        'Every released combination of quasi-identifiers is shared by at least k records: quasi-identifiers are generalised first, then records left in smaller groups are withheld.',
      parameters: { k: microdata.k, maxSuppressionRate: microdata.maxSuppressionRate },
    });
  }
  if (microdata && linked) {
    rules.push({
      rule: 'linked-extracts-k-anonymity',
      description:
        "The project's linked extracts joined on pseudonyms stay k-anonymous: each person's released cells in the earlier linked extracts are one more quasi-identifier of the k check, never generalised, and when the people of one earlier group not released now would be 1 to k − 1, everyone of that group is withheld from this extract.",
      parameters: { k: microdata.k, earlierExtracts: linked.earlierExtracts, withheldRecords: linked.withheldRecords },
    });
  }
  for (const threshold of [...new Set(tables.map((table) => table.threshold))].sort((a, b) => a - b)) {
    rules.push({
      rule: 'small-cell-suppression',
      description: `Counts from 1 to ${threshold} are withheld, and further counts with them so that none can be derived from the totals; zeros are released.`,
      parameters: { threshold, tables: tables.filter((table) => table.threshold === threshold).length },
    });
  }
  const singleCellTables = tables.filter((table) => table.singleCellLines === 'suppress');
  if (singleCellTables.length > 0) {
    rules.push({
      rule: 'single-cell-lines',
      description:
        'A row or column whose whole count would sit in one cell, beside zeros, tells the attribute of everyone in it: such lines are withheld whole, zeros included, and further counts with them (each table lists its lines).',
      parameters: { tables: singleCellTables.length, withheldLines: singleCellTables.reduce((lines, table) => lines + (table.withheldLines?.length ?? 0), 0) },
    });
  }
  return { format: DISCLOSURE_REPORT_FORMAT, rules, elements: [...elements], ...(microdata ? { microdata } : {}), tables: [...tables] };
}
