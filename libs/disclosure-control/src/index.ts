// Disclosure control for research extracts: no direct identifiers, per-extract (or linked) pseudonyms,
// k-anonymity for record-level data, small-cell suppression for tables, and a report of all of it.
// And for public tables (outcomes): minimum n, complementary suppression along every margin, rate coding.
// Pure and synchronous; the extract job streams records through it. See docs/adr/0007-disclosure-control-defaults.md.

export { SUPPRESSED, DisclosureControlError } from './values';
export type { MicrodataValue, MicrodataRecord } from './values';

export { quasiIdentifierHierarchies } from './elements/element-catalogue';
export type { ElementCatalogue, ElementDeclaration, ElementRole, ElementTransform } from './elements/element-catalogue';
export { RecordDeidentifier } from './elements/record-deidentifier';
export type { SourceRecord, ElementAction, ElementActionKind, Pseudonymiser } from './elements/record-deidentifier';

export { ProjectPseudonymiser, MIN_PROJECT_SECRET_BYTES, extractPseudonymSecret, linkedExtractsPseudonymSecret } from './pseudonyms/project-pseudonymiser';

export { defineHierarchy, fixedHierarchy, suppressOnlyHierarchy, valueMapHierarchy, numericBandHierarchy } from './generalisation/hierarchy';
export type { CoarserLevel, GeneralisationHierarchy, ValueMapStep } from './generalisation/hierarchy';
export { gradeBandHierarchy } from './generalisation/grade-bands';

export { QuasiIdentifierCounts } from './microdata/quasi-identifier-counts';
export type { QuasiIdentifierCombination } from './microdata/quasi-identifier-counts';
export { planKAnonymity, DEFAULT_K, DEFAULT_MAX_SUPPRESSION_RATE } from './microdata/k-anonymity';
export type { KAnonymityOptions, KAnonymityPlan, KAnonymityReport, LatticeSearch, QuasiIdentifierLevel } from './microdata/k-anonymity';
export { linkedHistoriesToWithhold } from './microdata/linked-releases';

export { DEFAULT_SMALL_CELL_THRESHOLD } from './tables/small-cells';
export type { TableProtectionOptions, ReleasedCount, SuppressionKind, CellSuppression, TableReport } from './tables/small-cells';
export { protectTable } from './tables/two-way-table';
export type { TwoWayTable, TablePosition, ProtectedTwoWayTable, TwoWayProtectionOptions } from './tables/two-way-table';
export { protectOneWayTable } from './tables/one-way-table';
export type { OneWayTable, ProtectedOneWayTable } from './tables/one-way-table';

export { buildDisclosureReport, DISCLOSURE_REPORT_FORMAT } from './report/disclosure-report';
export type { DisclosureReport, DisclosureReportParts, AppliedRule } from './report/disclosure-report';
export { renderDisclosureReport } from './report/render-markdown';

export { protectPublicTable, DEFAULT_PUBLIC_MINIMUM_N, DEFAULT_EXACT_CHECK_LIMIT } from './public/public-table';
export type {
  PublicTable,
  PublicCell,
  PublicMargin,
  PublicValueKind,
  PublicProtectionOptions,
  PublicReason,
  PublishedValue,
  PublishedCell,
  PublicProtectionReport,
  ProtectedPublicTable,
} from './public/public-table';
export { DEFAULT_RATE_CODING } from './public/rate-coding';
export type { RateCodingBand } from './public/rate-coding';
