import { fixedWindow } from "@platform/counters";
import { platformError } from "@platform/errors";
import { DateTime } from "luxon";

/** Fixed windows of the agent rate limits. */
export const RATE_WINDOWS = { per_minute: 60, per_hour: 3600 } as const;
export type RateWindow = keyof typeof RATE_WINDOWS;

/** The counter key of an agent's window containing `now`, and the seconds until it resets. */
export function rateWindow(
  organizationId: string,
  agentId: string,
  window: RateWindow,
  now: Date,
): { key: string; resetsIn: number } {
  const { start, resetsIn } = fixedWindow(now, RATE_WINDOWS[window]);
  return { key: `rate:${organizationId}:${agentId}:${window}:${start}`, resetsIn };
}

export interface WindowCount {
  readonly window: RateWindow;
  readonly limit: number;
  readonly current: number;
  readonly resetsIn: number;
}

/** 429 with the first page's `limits` when any window is over its limit; Retry-After when the last one resets. */
export function assertWithinRateLimits(agentId: string, counts: readonly WindowCount[]): void {
  const over = counts.filter((c) => c.current > c.limit);
  if (over.length === 0) return;
  const limits = Object.fromEntries(counts.map((c) => [c.window, { limit: c.limit, current: c.current }]));
  const retryAfter = Math.max(...over.map((c) => c.resetsIn));
  throw platformError(
    "AGENT_RATE_LIMIT_EXCEEDED",
    { agent_id: agentId, limits, retry_after: retryAfter },
    {
      retryAfterSeconds: retryAfter,
      quota: over.map((c) => ({
        subject: `agent:${agentId}`,
        description: `${c.window} limit ${c.limit} exceeded (${c.current})`,
      })),
    },
  );
}

/** Budgets are counted in whole micro-dollars so that totals add up exactly. */
export const toMicros = (usd: number) => Math.round(usd * 1_000_000);
export const fromMicros = (micros: number) => micros / 1_000_000;

/** The local day containing `now` in `timeZone`: its date, the zone used and the seconds until it ends. */
function localDay(timeZone: string, now: Date): { date: string; timezone: string; resetsIn: number } {
  const zoned = DateTime.fromJSDate(now, { zone: timeZone });
  // Timezones are checked when saved; one the runtime no longer knows counts in UTC rather than failing.
  const local = zoned.isValid ? zoned : DateTime.fromJSDate(now, { zone: "UTC" });
  const nextMidnight = local.startOf("day").plus({ days: 1 });
  const resetsIn = Math.ceil(nextMidnight.diff(local, "seconds").seconds);
  return { date: local.toISODate() ?? "", timezone: local.zoneName ?? "UTC", resetsIn: Math.max(1, resetsIn) };
}

/**
 * The agent's budget day: local midnight to the next local midnight in its timezone
 * (luxon, IANA rules), so a day is 23 or 25 hours long when the clocks change; the
 * key and the seconds until the reset.
 */
export function budgetDay(
  organizationId: string,
  agentId: string,
  timeZone: string,
  now: Date,
): { key: string; resetsIn: number } {
  const { date, resetsIn } = localDay(timeZone, now);
  return { key: `budget:${organizationId}:${agentId}:${date}`, resetsIn };
}

/** What an agent's budget is counted by: its allowed window's timezone, else UTC. */
interface BudgetedAgent {
  readonly agentId: string;
  readonly governance?: { readonly allowedWindow?: { readonly timezone: string } };
}

/** An agent's current budget day, as the pipeline reserves in it and the budget view reads it. */
export function agentBudgetDay(
  organizationId: string,
  agent: BudgetedAgent,
  now: Date,
): { key: string; resetsIn: number; date: string; timezone: string } {
  const day = localDay(agent.governance?.allowedWindow?.timezone || "UTC", now);
  return { ...day, key: `budget:${organizationId}:${agent.agentId}:${day.date}` };
}

export function budgetExceeded(agentId: string, maxDailyUsd: number, spentMicros: number, resetsIn: number) {
  return platformError(
    "BUDGET_EXCEEDED",
    {
      agent_id: agentId,
      budget: { max_daily_usd: maxDailyUsd, current_spend_usd: fromMicros(spentMicros) },
      retry_after: resetsIn,
    },
    {
      retryAfterSeconds: resetsIn,
      quota: [{ subject: `agent:${agentId}`, description: `daily budget $${maxDailyUsd}` }],
    },
  );
}
