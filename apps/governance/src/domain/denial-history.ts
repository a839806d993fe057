/**
 * The agent's denials of the last 24 hours, a risk factor, kept as two day-long
 * counters instead of a query over stored decisions: the previous day's count is
 * weighted by how much of it still lies inside the sliding 24 hours (the standard
 * sliding-window estimate), so the figure moves smoothly rather than dropping at midnight.
 */
const DAY_SECONDS = 86_400;

export interface DenialWindows {
  /** Counter of the current UTC day, and of the day before. */
  readonly currentKey: string;
  readonly previousKey: string;
  /** Share of the previous day still inside the last 24 hours (1 at midnight, near 0 just before the next). */
  readonly previousWeight: number;
  /** How long a day's counter must live: through the next day, while it is the previous one. */
  readonly ttlSeconds: number;
}

export function denialWindows(organizationId: string, agentId: string, now: Date): DenialWindows {
  const epoch = now.getTime() / 1000;
  const day = Math.floor(epoch / DAY_SECONDS);
  const elapsed = epoch - day * DAY_SECONDS;
  return {
    currentKey: `denials:${organizationId}:${agentId}:${day}`,
    previousKey: `denials:${organizationId}:${agentId}:${day - 1}`,
    previousWeight: 1 - elapsed / DAY_SECONDS,
    ttlSeconds: 2 * DAY_SECONDS + 60,
  };
}

/** The estimate of denials in the last 24 hours from the two day counters. */
export function recentDenials(windows: DenialWindows, current: number, previous: number): number {
  return current + Math.floor(previous * windows.previousWeight);
}
