import type { ReactNode } from "react";

/** One column: its header, and what a row shows in it. An action column's header is for screen readers only. */
export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  readonly hiddenHeader?: boolean;
}

/**
 * A data table with a caption for assistive technology and column headers scoped to
 * their columns; it scrolls sideways inside its own box on a narrow screen.
 */
export function DataTable<T>(props: {
  caption: string;
  columns: readonly (Column<T> | false)[];
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string | number;
}) {
  const columns = props.columns.filter((c): c is Column<T> => c !== false);
  return (
    <div className="table-wrap">
      <table>
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.header}>
                {c.hiddenHeader ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows?.map((row) => (
            <tr key={props.rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The last column of a table whose rows have buttons; its header is for screen readers. */
export const actionsColumn = <T,>(cell: (row: T) => ReactNode): Column<T> => ({
  header: "Actions",
  hiddenHeader: true,
  cell,
});

/** A button that removes or revokes something; its label names what. */
export function DangerButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" className="danger" onClick={onClick}>
      {children}
    </button>
  );
}
