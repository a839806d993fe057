import { describe, expect, it } from "vitest";
import { budgetDay } from "./limits.js";

const day = (zone: string, iso: string) => budgetDay("org_1", "bot", zone, new Date(iso));

describe("budget days follow the agent's local calendar, DST included", () => {
  it("an ordinary day is 24 hours, keyed by the local date", () => {
    expect(day("America/New_York", "2026-06-10T04:00:00Z")).toEqual({ key: "budget:org_1:bot:2026-06-10", resetsIn: 86_400 });
    expect(day("UTC", "2026-06-10T23:59:59.500Z")).toEqual({ key: "budget:org_1:bot:2026-06-10", resetsIn: 1 });
  });

  it("spring forward: the day of the change is 23 hours (New York, 8 March 2026)", () => {
    expect(day("America/New_York", "2026-03-08T05:00:00Z")).toEqual({ key: "budget:org_1:bot:2026-03-08", resetsIn: 23 * 3600 });
    // 01:30 EST, before the clocks jump: 21.5 hours to midnight, not 24 - 1.5.
    expect(day("America/New_York", "2026-03-08T06:30:00Z").resetsIn).toBe(21.5 * 3600);
    expect(day("America/New_York", "2026-03-09T04:00:00Z").key).toBe("budget:org_1:bot:2026-03-09");
  });

  it("fall back: the day of the change is 25 hours (New York, 1 November 2026)", () => {
    expect(day("America/New_York", "2026-11-01T04:00:00Z")).toEqual({ key: "budget:org_1:bot:2026-11-01", resetsIn: 25 * 3600 });
    // 01:30 EDT, the first of the two 01:30s: 23.5 hours to midnight.
    expect(day("America/New_York", "2026-11-01T05:30:00Z").resetsIn).toBe(23.5 * 3600);
    expect(day("America/New_York", "2026-11-02T04:59:59Z").key).toBe("budget:org_1:bot:2026-11-01");
    expect(day("America/New_York", "2026-11-02T05:00:00Z").key).toBe("budget:org_1:bot:2026-11-02");
  });

  it("both changes in Berlin (29 March and 25 October 2026)", () => {
    expect(day("Europe/Berlin", "2026-03-28T23:00:00Z")).toEqual({ key: "budget:org_1:bot:2026-03-29", resetsIn: 23 * 3600 });
    expect(day("Europe/Berlin", "2026-10-24T22:00:00Z")).toEqual({ key: "budget:org_1:bot:2026-10-25", resetsIn: 25 * 3600 });
  });

  it("an unknown timezone counts in UTC instead of failing", () => {
    expect(day("Mars/Olympus", "2026-06-10T12:00:00Z")).toEqual({ key: "budget:org_1:bot:2026-06-10", resetsIn: 12 * 3600 });
  });
});
