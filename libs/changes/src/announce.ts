import type { HandlerContext } from "@connectrpc/connect";
import { principalKey } from "@platform/rpc";
import type { ChangeFeed } from "./change-feed.js";

/** For each handler that changes cached data: which key of the caller's organization it changes ("" = all of it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ChangedKeys = Readonly<Record<string, (req: any) => string>>;

type Handler = (req: unknown, ctx: HandlerContext) => Promise<unknown>;

/**
 * Wraps an owner's handlers so that each successful change is announced on `feed`
 * under `topic`, after it committed and before it is answered: once the caller hears
 * back, every replica's copy is already being forgotten. The organization is the
 * caller's; a call without one (never expected) makes every organization forget.
 */
export function announceChanges<Impl extends object>(
  impl: Impl,
  feed: ChangeFeed,
  topic: string,
  changed: ChangedKeys,
): Impl {
  const wrapped: Record<string, unknown> = { ...(impl as Record<string, unknown>) };
  for (const [method, keyOf] of Object.entries(changed)) {
    const handler = (impl as Record<string, unknown>)[method] as Handler | undefined;
    if (!handler) throw new Error(`announceChanges: ${method} is not a handler`);
    wrapped[method] = async (req: unknown, ctx: HandlerContext) => {
      const res = await handler(req, ctx);
      await feed.publish({
        topic,
        organizationId: ctx.values.get(principalKey)?.organizationId ?? "",
        key: keyOf(req),
      });
      return res;
    };
  }
  return wrapped as Impl;
}
