import { invalidRequest } from "@platform/errors";

/** Lists take `limit` (default 50, max 500; api-contract section 7). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** The page size of a request; 0 (absent) means the default. Larger values are refused by protovalidate. */
export function pageSize(limit: number): number {
  return limit > 0 ? Math.min(limit, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

/** Where a newest-first keyset page ends: the last row's creation time and id. */
export interface PageCursor {
  readonly createdAt: Date;
  readonly id: string | number;
}

/** Opaque to clients: base64url of the position. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString("base64url");
}

/** The position of a cursor; undefined for none; INVALID_FIELD_VALUE for one this API did not issue. */
export function decodeCursor(cursor: string): PageCursor | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string | number];
    const createdAt = new Date(at);
    if ((typeof id !== "string" && !Number.isSafeInteger(id)) || Number.isNaN(createdAt.getTime()))
      throw new Error("bad cursor");
    return { createdAt, id };
  } catch {
    throw invalidRequest([
      { field: "cursor", rule: "cursor.opaque", text: "cursor is not one this API issued", location: "query" },
    ]);
  }
}

/** The filter of rows strictly after a cursor in newest-first (createdAt, id) order. */
export function olderThan(cursor: PageCursor | undefined): Record<string, unknown> {
  if (!cursor) return {};
  return { $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }] };
}

/**
 * One page out of `limit + 1` fetched rows: the extra row only says there is more,
 * and the cursor points after the last row returned.
 */
export function toPage<Row extends PageCursor, Item>(
  rows: readonly Row[],
  limit: number,
  map: (row: Row) => Item,
): { items: Item[]; nextCursor: string } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last) : "" };
}
