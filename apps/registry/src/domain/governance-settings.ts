import { invalidRequest } from "@platform/errors";
import type { AgentGovernance } from "@platform/proto/registry";
import type { StoredGovernance } from "../persistence/agent-entity.js";

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * An agent's governance settings as stored. Every part is optional: an omitted part
 * means no limit of that kind (api-contract section 7). The timezone must be one the
 * runtime knows, or windows and budget days could not be computed.
 */
export function toStoredGovernance(input: AgentGovernance | undefined): StoredGovernance {
  const stored: StoredGovernance = {};
  const limits = input?.rateLimits;
  if (limits && (limits.perMinute !== undefined || limits.perHour !== undefined)) {
    stored.rate_limits = {
      ...(limits.perMinute !== undefined ? { per_minute: limits.perMinute } : {}),
      ...(limits.perHour !== undefined ? { per_hour: limits.perHour } : {}),
    };
  }
  if (input?.maxDailyUsd !== undefined) stored.max_daily_usd = input.maxDailyUsd;
  const window = input?.allowedWindow;
  if (window) {
    if (!isValidTimeZone(window.timezone)) {
      throw invalidRequest([
        {
          field: "governance.allowed_window.timezone",
          rule: "string.timezone",
          text: `unknown IANA timezone '${window.timezone}'`,
        },
      ]);
    }
    stored.allowed_window = {
      start_time: window.startTime,
      end_time: window.endTime,
      timezone: window.timezone,
      ...(window.days.length ? { days: [...window.days] } : {}),
    };
  }
  return stored;
}
