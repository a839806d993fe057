import { describe, expect, it } from "vitest";
import { randomHex } from "./random-hex.js";

describe("randomHex", () => {
  it("answers the asked number of bytes as hex, different every time, across pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const id = randomHex(12);
      expect(id).toMatch(/^[0-9a-f]{24}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1_000);
    expect(randomHex(5000)).toMatch(/^[0-9a-f]{10000}$/);
  });
});
