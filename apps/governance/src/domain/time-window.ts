import { platformError } from "@platform/errors";
import { localTime } from "./local-time.js";

export interface AllowedWindow {
  readonly startTime: string;
  readonly endTime: string;
  readonly timezone: string;
  /** ISO weekdays; empty means every day. */
  readonly days: readonly number[];
}

/**
 * Refuses an action outside the agent's allowed window (first page: "Action outside
 * allowed time window" with `allowed_window`). A window whose end is before its
 * start runs over midnight (22:00-06:00).
 */
export function assertInsideWindow(agentId: string, window: AllowedWindow, now: Date): void {
  const local = localTime(now, window.timezone);
  const t = local.hhmm;
  const overnight = window.endTime < window.startTime;
  const inHours = overnight ? t >= window.startTime || t < window.endTime : t >= window.startTime && t < window.endTime;
  const onDay = window.days.length === 0 || window.days.includes(local.isoWeekday);
  if (inHours && onDay) return;
  const allowed_window = {
    start_time: window.startTime,
    end_time: window.endTime,
    timezone: window.timezone,
    current_time: t,
    ...(window.days.length ? { days: [...window.days] } : {}),
  };
  throw platformError("OUTSIDE_TIME_WINDOW", {
    agent_id: agentId,
    start_time: window.startTime,
    end_time: window.endTime,
    timezone: window.timezone,
    allowed_window,
    policy_violations: [
      {
        policy_id: "time_window",
        policy_name: "Agent time window",
        reason: `Outside ${window.startTime}-${window.endTime} ${window.timezone}`,
      },
    ],
  });
}
