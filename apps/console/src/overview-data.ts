/** The overview's chart data, computed from the organization's actions. */

export interface ActionLike {
  readonly status: string;
  readonly reason: string;
  readonly created_at: string | null;
}

export const outcomes = ["auto_approved", "pending_approval", "approved", "denied", "completed", "failed"] as const;

export type OutcomeBucket = { bucket: string } & Record<(typeof outcomes)[number], number>;

/** Decisions per outcome per hour (UTC), oldest first; empty hours between are kept so the time axis is honest. */
export function decisionsOverTime(actions: readonly ActionLike[], maxBuckets = 48): OutcomeBucket[] {
  const byHour = new Map<number, OutcomeBucket>();
  const hourOf = (iso: string) => Math.floor(Date.parse(iso) / 3_600_000);
  const hours = actions.flatMap((a) => (a.created_at ? [hourOf(a.created_at)] : []));
  if (hours.length === 0) return [];
  const last = Math.max(...hours);
  const first = Math.max(Math.min(...hours), last - maxBuckets + 1);
  for (let h = first; h <= last; h++) {
    const bucket = `${new Date(h * 3_600_000).toISOString().slice(0, 13).replace("T", " ")}:00`;
    byHour.set(h, { bucket, ...Object.fromEntries(outcomes.map((o) => [o, 0])) } as OutcomeBucket);
  }
  for (const a of actions) {
    if (!a.created_at) continue;
    const row = byHour.get(hourOf(a.created_at));
    const status = a.status as (typeof outcomes)[number];
    if (row && outcomes.includes(status)) row[status] += 1;
  }
  return [...byHour.values()];
}

/** The most frequent reasons of denied actions, most frequent first. */
export function topRefusalReasons(actions: readonly ActionLike[], top = 8): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const a of actions) {
    if (a.status !== "denied") continue;
    const reason = a.reason || "(no reason given)";
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((x, y) => y.count - x.count || x.reason.localeCompare(y.reason))
    .slice(0, top);
}
