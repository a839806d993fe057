/** Audit trail exports: CSV (RFC 4180 quoting) and JSON Lines, one entry a line. */

const csvColumns = [
  "sequence",
  "created_at",
  "event_type",
  "outcome",
  "agent_id",
  "action_id",
  "actor_user_id",
  "actor_api_key_id",
  "correlation_id",
  "hash",
  "data",
] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // Quote what would break a row, and neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(entries: readonly Record<string, unknown>[]): string {
  const rows = entries.map((e) => csvColumns.map((c) => csvCell(e[c])).join(","));
  return [csvColumns.join(","), ...rows].join("\r\n") + "\r\n";
}

export function toJsonLines(entries: readonly unknown[]): string {
  return entries.map((e) => JSON.stringify(e)).join("\n") + (entries.length > 0 ? "\n" : "");
}
