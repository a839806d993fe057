import type { ReactNode } from "react";

/** A coloured pill: `kind` and `value` pick the colour (`risk-high`, `status-killed`, `decision-denied`). */
export function StatusBadge({ kind, value, children }: { kind: string; value: string; children?: ReactNode }) {
  return <span className={`badge ${kind}-${value}`}>{children ?? value}</span>;
}
