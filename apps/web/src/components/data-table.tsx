import type { ReactNode } from 'react';

export interface DataTableProps {
  /** Names the table, and the scrolling region that holds it, for screen readers. */
  readonly caption: string;
  /** `hidden` when a heading or figure caption beside it already shows the words: only screen readers read it then. */
  readonly captionDisplay?: 'shown' | 'hidden';
  /** Borderless for a few rows; striped and compact for long lists. */
  readonly variant?: 'borderless' | 'striped';
  /** The column headers, in order. */
  readonly columns: readonly ReactNode[];
  /** The body's rows. */
  readonly children: ReactNode;
  /** Rows after the body: totals, thresholds. */
  readonly footer?: ReactNode;
}

/**
 * A table as every page shows one: in a scrolling region a keyboard can reach and a screen reader
 * names (a wide table scrolls on a narrow screen instead of the page), with a caption and headers.
 */
export function DataTable({ caption, captionDisplay = 'shown', variant = 'borderless', columns, children, footer }: DataTableProps) {
  return (
    <div className="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={caption}>
      <table className={variant === 'striped' ? 'usa-table usa-table--striped usa-table--compact' : 'usa-table usa-table--borderless'}>
        <caption className={captionDisplay === 'hidden' ? 'usa-sr-only' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer !== undefined && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
