import { describe, expect, it } from "vitest";
import { newId } from "./ids.js";

describe("newId", () => {
  it("answers the prefix and 24 hex digits, never the same twice", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId("aud")));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) expect(id).toMatch(/^aud_[0-9a-f]{24}$/);
  });
});
