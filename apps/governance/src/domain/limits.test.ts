import { catchPlatformError } from "@platform/testing";
import { describe, expect, it } from "vitest";
import {
  agentBudgetDay,
  assertWithinRateLimits,
  budgetDay,
  budgetExceeded,
  fromMicros,
  rateWindow,
  toMicros,
} from "./limits.js";

const day = (zone: string, iso: string) => budgetDay("org_1", "bot", zone, new Date(iso));

describe("budget days follow the agent's local calendar, DST included", () => {
  it("an ordinary day is 24 hours, keyed by the local date", () => {
    expect(day("America/New_York", "2026-06-10T04:00:00Z")).toEqual({
      key: "budget:org_1:bot:2026-06-10",
      resetsIn: 86_400,
    });
    expect(day("UTC", "2026-06-10T23:59:59.500Z")).toEqual({ key: "budget:org_1:bot:2026-06-10", resetsIn: 1 });
  });

  it("spring forward: the day of the change is 23 hours (New York, 8 March 2026)", () => {
    expect(day("America/New_York", "2026-03-08T05:00:00Z")).toEqual({
      key: "budget:org_1:bot:2026-03-08",
      resetsIn: 23 * 3600,
    });
    // 01:30 EST, before the clocks jump: 21.5 hours to midnight, not 24 - 1.5.
    expect(day("America/New_York", "2026-03-08T06:30:00Z").resetsIn).toBe(21.5 * 3600);
    expect(day("America/New_York", "2026-03-09T04:00:00Z").key).toBe("budget:org_1:bot:2026-03-09");
  });

  it("fall back: the day of the change is 25 hours (New York, 1 November 2026)", () => {
    expect(day("America/New_York", "2026-11-01T04:00:00Z")).toEqual({
      key: "budget:org_1:bot:2026-11-01",
      resetsIn: 25 * 3600,
    });
    // 01:30 EDT, the first of the two 01:30s: 23.5 hours to midnight.
    expect(day("America/New_York", "2026-11-01T05:30:00Z").resetsIn).toBe(23.5 * 3600);
    expect(day("America/New_York", "2026-11-02T04:59:59Z").key).toBe("budget:org_1:bot:2026-11-01");
    expect(day("America/New_York", "2026-11-02T05:00:00Z").key).toBe("budget:org_1:bot:2026-11-02");
  });

  it("both changes in Berlin (29 March and 25 October 2026)", () => {
    expect(day("Europe/Berlin", "2026-03-28T23:00:00Z")).toEqual({
      key: "budget:org_1:bot:2026-03-29",
      resetsIn: 23 * 3600,
    });
    expect(day("Europe/Berlin", "2026-10-24T22:00:00Z")).toEqual({
      key: "budget:org_1:bot:2026-10-25",
      resetsIn: 25 * 3600,
    });
  });

  it("an unknown timezone counts in UTC instead of failing", () => {
    expect(day("Mars/Olympus", "2026-06-10T12:00:00Z")).toEqual({
      key: "budget:org_1:bot:2026-06-10",
      resetsIn: 12 * 3600,
    });
  });

  it("an agent's day is its allowed window's timezone, else UTC; the same key the pipeline reserves in", () => {
    const at = new Date("2026-03-05T03:00:00Z"); // 22:00 on the 4th in New York
    const window = { startTime: "09:00", endTime: "17:00", timezone: "America/New_York", days: [] };
    expect(agentBudgetDay("org_1", { agentId: "bot", governance: { allowedWindow: window } }, at)).toEqual({
      ...budgetDay("org_1", "bot", "America/New_York", at),
      date: "2026-03-04",
      timezone: "America/New_York",
    });
    expect(agentBudgetDay("org_1", { agentId: "bot" }, at)).toMatchObject({ date: "2026-03-05", timezone: "UTC" });
    const unknown = { ...window, timezone: "Mars/Olympus" };
    expect(agentBudgetDay("org_1", { agentId: "bot", governance: { allowedWindow: unknown } }, at)).toMatchObject({
      key: "budget:org_1:bot:2026-03-05",
      timezone: "UTC",
    });
  });
});

describe("rateWindow", () => {
  it("keys the agent's minute and hour windows by their start, with the seconds left in them", () => {
    const now = new Date("2026-03-04T15:30:45Z");
    const minute = rateWindow("org_a", "bot", "per_minute", now);
    const hour = rateWindow("org_a", "bot", "per_hour", now);
    expect(minute.resetsIn).toBe(15);
    expect(hour.resetsIn).toBe(29 * 60 + 15);
    expect(minute.key).not.toBe(hour.key);
  });

  it("gives one key to every instant of a window and a new key in the next", () => {
    const key = (iso: string) => rateWindow("org_a", "bot", "per_minute", new Date(iso)).key;
    expect(key("2026-03-04T15:30:00Z")).toBe(key("2026-03-04T15:30:59.999Z"));
    expect(key("2026-03-04T15:31:00Z")).not.toBe(key("2026-03-04T15:30:59Z"));
  });

  it("keeps organizations and agents apart", () => {
    const now = new Date("2026-03-04T15:30:00Z");
    const keys = new Set([
      rateWindow("org_a", "bot", "per_hour", now).key,
      rateWindow("org_b", "bot", "per_hour", now).key,
      rateWindow("org_a", "bot2", "per_hour", now).key,
    ]);
    expect(keys.size).toBe(3);
  });
});

describe("assertWithinRateLimits", () => {
  it("lets counts at their limit through", () => {
    expect(() =>
      assertWithinRateLimits("bot", [{ window: "per_minute", limit: 2, current: 2, resetsIn: 10 }]),
    ).not.toThrow();
    expect(() => assertWithinRateLimits("bot", [])).not.toThrow();
  });

  it("refuses with every window's count, retrying when the last window over its limit resets", async () => {
    const refused = await catchPlatformError(() =>
      assertWithinRateLimits("bot", [
        { window: "per_minute", limit: 2, current: 3, resetsIn: 20 },
        { window: "per_hour", limit: 3, current: 4, resetsIn: 1200 },
      ]),
    );
    expect(refused.entry.key).toBe("AGENT_RATE_LIMIT_EXCEEDED");
    expect(refused.params).toMatchObject({
      agent_id: "bot",
      limits: { per_minute: { limit: 2, current: 3 }, per_hour: { limit: 3, current: 4 } },
      retry_after: 1200,
    });
    expect(refused.retryAfterSeconds).toBe(1200);
  });

  it("waits only for the window that is over", async () => {
    const refused = await catchPlatformError(() =>
      assertWithinRateLimits("bot", [
        { window: "per_minute", limit: 2, current: 3, resetsIn: 20 },
        { window: "per_hour", limit: 100, current: 4, resetsIn: 1200 },
      ]),
    );
    expect(refused.retryAfterSeconds).toBe(20);
  });
});

describe("budget", () => {
  it("counts in whole micro-dollars, so sums of cents stay exact", () => {
    expect(toMicros(0.1) + toMicros(0.2)).toBe(toMicros(0.3));
    expect(fromMicros(toMicros(1234.56))).toBe(1234.56);
  });

  it("refuses over budget with the limit, the spend and when the day resets", async () => {
    const refused = await catchPlatformError(() => {
      throw budgetExceeded("bot", 1000, toMicros(999.99), 7200);
    });
    expect(refused.entry.key).toBe("BUDGET_EXCEEDED");
    expect(refused.params).toMatchObject({
      agent_id: "bot",
      budget: { max_daily_usd: 1000, current_spend_usd: 999.99 },
      retry_after: 7200,
    });
    expect(refused.retryAfterSeconds).toBe(7200);
  });
});
