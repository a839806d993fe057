import type { CatalogueEntry } from "./catalogue-entry.js";

/** Deterministic example params for an entry, for golden tests and the catalogue document. */
export function sampleParams(entry: CatalogueEntry): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(entry.params ?? {})) {
    params[name] =
      kind === "number" ? 2 : kind === "boolean" ? true : kind === "json" ? { example: name } : `${name}-1`;
  }
  return params;
}
