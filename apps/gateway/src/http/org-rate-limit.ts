import { fixedWindow, type CounterStore } from "@platform/counters";
import { platformError } from "@platform/errors";

/** An organization's request limits (api-contract section 4). */
export interface OrganizationLimits {
  readonly requestsPerHour: number;
  readonly requestsPerDay: number;
}

const windows = [
  { name: "1h", seconds: 3600, limitOf: (l: OrganizationLimits) => l.requestsPerHour },
  { name: "1d", seconds: 86_400, limitOf: (l: OrganizationLimits) => l.requestsPerDay },
] as const;

/**
 * Counts one request of an organization in its hour and day windows (fixed, UTC) and
 * answers the `X-RateLimit-*` headers of the tightest window; throws 429
 * RATE_LIMIT_EXCEEDED with `Retry-After` when a window is used up. With Redis the
 * counters are shared by every gateway replica, so the limit holds in total.
 */
export async function countOrganizationRequest(
  counters: CounterStore,
  organizationId: string,
  limits: OrganizationLimits,
  now: Date,
): Promise<Record<string, string>> {
  const states = await Promise.all(
    windows.map(async (w) => {
      const { start, resetAt, resetsIn } = fixedWindow(now, w.seconds);
      const current = await counters.increment(`org:${organizationId}:${w.name}:${start}`, w.seconds + 60);
      const limit = w.limitOf(limits);
      return { window: w.name, limit, current, reset: resetAt, resetsIn, remaining: Math.max(0, limit - current) };
    }),
  );
  const tightest = states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  const headers = {
    "x-ratelimit-limit": String(tightest.limit),
    "x-ratelimit-remaining": String(tightest.remaining),
    "x-ratelimit-reset": String(tightest.reset),
  };
  const over = states.filter((s) => s.current > s.limit).sort((a, b) => b.reset - a.reset)[0];
  if (over) {
    const retryAfter = over.resetsIn;
    throw platformError(
      "RATE_LIMIT_EXCEEDED",
      { limit: over.limit, window: over.window, current: over.current, retry_after: retryAfter, reset: over.reset },
      {
        retryAfterSeconds: retryAfter,
        quota: [
          { subject: `organization:${organizationId}`, description: `${over.limit} requests per ${over.window}` },
        ],
      },
    );
  }
  return headers;
}
