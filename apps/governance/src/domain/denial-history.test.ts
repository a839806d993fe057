import { describe, expect, it } from "vitest";
import { denialWindows, recentDenials } from "./denial-history.js";

describe("denial history", () => {
  it("names the UTC day's counter and the day before, per organization and agent", () => {
    const w = denialWindows("org_a", "bot-1", new Date("2026-03-10T00:00:00Z"));
    const day = Math.floor(Date.parse("2026-03-10T00:00:00Z") / 86_400_000);
    expect(w.currentKey).toBe(`denials:org_a:bot-1:${day}`);
    expect(w.previousKey).toBe(`denials:org_a:bot-1:${day - 1}`);
    expect(denialWindows("org_b", "bot-1", new Date("2026-03-10T00:00:00Z")).currentKey).not.toBe(w.currentKey);
  });

  it("counts all of yesterday at midnight, half of it at noon, and today's in full", () => {
    expect(recentDenials(denialWindows("o", "a", new Date("2026-03-10T00:00:00Z")), 0, 8)).toBe(8);
    expect(recentDenials(denialWindows("o", "a", new Date("2026-03-10T12:00:00Z")), 3, 8)).toBe(7);
    expect(recentDenials(denialWindows("o", "a", new Date("2026-03-10T23:59:59Z")), 5, 8)).toBe(5);
  });

  it("keeps a day's counter while it is still the previous day", () => {
    expect(denialWindows("o", "a", new Date()).ttlSeconds).toBeGreaterThan(2 * 86_400);
  });
});
