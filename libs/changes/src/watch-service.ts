import type { ServiceImpl } from "@connectrpc/connect";
import type { ChangeService } from "@platform/proto";
import type { WatchResponse } from "@platform/proto/changes";
import type { Change, ChangeFeed } from "./change-feed.js";

type Notice = Pick<WatchResponse, "topic" | "organizationId" | "key" | "hello">;

/**
 * The owner's side of ChangeService.Watch: a hello, then every change of `topic`
 * published on `feed` while the stream is open. A reset of the feed (changes were
 * lost) is passed on as a change of every organization.
 */
export function changeWatchService(feed: ChangeFeed, topic: string): ServiceImpl<typeof ChangeService> {
  return {
    async *watch(_req, ctx) {
      const queue: Change[] = [];
      let wake: (() => void) | undefined;
      const push = (change: Change) => {
        queue.push(change);
        wake?.();
      };
      const unsubscribe = feed.subscribe({
        onChange: (change) => {
          if (change.topic === topic) push(change);
        },
        onReset: () => push({ topic, organizationId: "", key: "" }),
      });
      const closed = new Promise<void>((resolve) =>
        ctx.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      try {
        yield { topic, organizationId: "", key: "", hello: true } satisfies Notice;
        while (!ctx.signal.aborted) {
          for (let change = queue.shift(); change; change = queue.shift()) {
            yield {
              topic: change.topic,
              organizationId: change.organizationId,
              key: change.key,
              hello: false,
            } satisfies Notice;
          }
          await Promise.race([closed, new Promise<void>((resolve) => (wake = resolve))]);
          wake = undefined;
        }
      } finally {
        unsubscribe();
      }
    },
  };
}
