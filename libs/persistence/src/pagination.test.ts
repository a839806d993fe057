import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, olderThan, pageSize, toPage } from "./pagination.js";

describe("pagination", () => {
  it("pages 50 by default, at most 500", () => {
    expect([pageSize(0), pageSize(10), pageSize(900)]).toEqual([50, 10, 500]);
  });

  it("round-trips cursors and refuses foreign ones", () => {
    const at = new Date("2026-02-03T04:05:06.007Z");
    expect(decodeCursor(encodeCursor({ createdAt: at, id: "act_1" }))).toEqual({ createdAt: at, id: "act_1" });
    expect(decodeCursor("")).toBeUndefined();
    expect(() => decodeCursor("not-a-cursor")).toThrow(/cursor is not one this API issued|Invalid value/);
  });

  it("filters rows strictly after the cursor in newest-first order", () => {
    const at = new Date("2026-02-03T04:05:06.007Z");
    expect(olderThan(undefined)).toEqual({});
    expect(olderThan({ createdAt: at, id: "b" })).toEqual({
      $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: "b" } }],
    });
  });

  it("returns a cursor only when a row beyond the page was fetched", () => {
    const rows = ["c", "b", "a"].map((id, i) => ({ id, createdAt: new Date(Date.UTC(2026, 0, 3 - i)) }));
    const page = toPage(rows, 2, (row) => row.id);
    expect(page.items).toEqual(["c", "b"]);
    expect(decodeCursor(page.nextCursor)).toEqual({ createdAt: rows[1]!.createdAt, id: "b" });
    expect(toPage(rows, 3, (row) => row.id)).toEqual({ items: ["c", "b", "a"], nextCursor: "" });
  });
});
