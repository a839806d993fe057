import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { ChangeService } from "@platform/proto";
import { GuardedHttp2SessionManager } from "@platform/rpc";
import type { ChangeListener } from "./change-feed.js";

export interface WatchOptions {
  /** The owner's base URL (AUTH_URL, REGISTRY_URL, ...). */
  readonly url: string;
  readonly listener: ChangeListener;
  /** Longest wait between reconnection attempts. */
  readonly maxRetryMs?: number;
}

/**
 * Keeps a ChangeService.Watch stream open to the owner, reconnecting with backoff.
 * The listener is live from the owner's hello until the stream breaks; then it is
 * reset, since whatever changed meanwhile was not heard. Returns how to stop watching.
 */
export function watchOwner(options: WatchOptions): () => void {
  const { listener } = options;
  const maxRetryMs = options.maxRetryMs ?? 1_000;
  // No default deadline: the stream stays open for as long as both sides live.
  const client = createClient(
    ChangeService,
    createConnectTransport({
      httpVersion: "2",
      baseUrl: options.url,
      acceptCompression: [],
      // An owner that stops sends GOAWAY: its late session error must not crash the watcher.
      sessionManager: new GuardedHttp2SessionManager(options.url),
    }),
  );
  const stopped = new AbortController();
  listener.onLive?.(false);
  void (async () => {
    let delay = 50;
    while (!stopped.signal.aborted) {
      try {
        for await (const notice of client.watch({}, { signal: stopped.signal })) {
          if (notice.hello) {
            listener.onReset();
            listener.onLive?.(true);
            delay = 50;
          } else {
            listener.onChange({ topic: notice.topic, organizationId: notice.organizationId, key: notice.key });
          }
        }
      } catch {
        // The owner is down or restarting: retried below.
      }
      listener.onLive?.(false);
      listener.onReset();
      // stop() may have run while we awaited above; the types cannot know that.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (stopped.signal.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(maxRetryMs, delay * 2);
    }
  })();
  return () => stopped.abort();
}
