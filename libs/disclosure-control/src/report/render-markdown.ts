import type { DisclosureReport } from './disclosure-report';

/** The report as Markdown, for the package's README. */
export function renderDisclosureReport(report: DisclosureReport): string {
  const sections = [
    '# Disclosure report',
    section(
      'Rules applied',
      markdownTable(
        ['Rule', 'Parameters', 'What it does'],
        report.rules.map(({ rule, parameters, description }) => [rule, parametersText(parameters), description]),
      ),
    ),
  ];
  if (report.elements.length > 0) {
    sections.push(
      section(
        'Elements',
        markdownTable(
          ['Element', 'Role', 'Action', 'Detail'],
          report.elements.map(({ element, role, action, detail }) => [element, role, action, detail]),
        ),
      ),
    );
  }
  const { microdata } = report;
  if (microdata) {
    sections.push(
      section(
        'Record-level data',
        [
          `- k: ${microdata.k}; records: ${microdata.records}; released: ${microdata.releasedRecords}; withheld: ${microdata.suppressedRecords} (budget ${microdata.suppressionBudget}${microdata.budgetMet ? '' : ', not met'})`,
          `- released groups of quasi-identifiers: ${microdata.releasedClasses}; smallest: ${microdata.smallestReleasedClass ?? 'none'}`,
          `- information loss: ${microdata.informationLoss.toFixed(3)} (0 = released as recorded, 1 = nothing released)`,
          `- search: ${microdata.search.strategy}, ${microdata.search.nodesEvaluated} of ${microdata.search.latticeSize} combinations of levels evaluated`,
          `- why: ${microdata.reason}`,
        ].join('\n'),
        markdownTable(
          ['Quasi-identifier', 'Released as', 'Level', 'Loss'],
          microdata.levels.map(({ element, meaning, level, top, loss }) => [element, meaning, `${level} of ${top}`, loss.toFixed(3)]),
        ),
      ),
    );
  }
  if (report.tables.length > 0) {
    sections.push(
      section(
        'Tables',
        'Withheld counts are shown as `*`. They are not labelled small or complementary: the label would narrow their values.',
        markdownTable(
          ['Table', 'Shape', 'Small counts', 'Counts', 'Withheld', 'Lines withheld whole (one-cell)'],
          report.tables.map(({ title, shape, threshold, counts, suppressedCounts, withheldLines }) => [
            title,
            shape,
            `1 to ${threshold}`,
            String(counts),
            String(suppressedCounts),
            withheldLines?.length ? withheldLines.join(', ') : 'none',
          ]),
        ),
      ),
    );
  }
  return `${sections.join('\n\n')}\n`;
}

function section(heading: string, ...blocks: string[]): string {
  return [`## ${heading}`, ...blocks].join('\n\n');
}

function parametersText(parameters: Readonly<Record<string, number | string>>): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${name} = ${value}`)
    .join(', ');
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
