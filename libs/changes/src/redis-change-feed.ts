import type { Redis } from "ioredis";
import { createRedisClient } from "@platform/counters";
import type { Change, ChangeFeed, ChangeListener } from "./change-feed.js";

const CHANNEL_PREFIX = "agp:changes:";

/**
 * Changes over Redis pub/sub (REDIS_URL): every replica of every service hears every
 * owner's changes, whichever replica made them. Pub/sub keeps nothing, so whenever the
 * subscriber connection is re-established its listeners are reset.
 */
export class RedisChangeFeed implements ChangeFeed {
  private readonly publisher: Redis;
  private subscriber: Redis | undefined;
  private readonly listeners = new Set<ChangeListener>();
  private subscribed = false;

  constructor(private readonly url: string) {
    this.publisher = createRedisClient(url, { maxRetriesPerRequest: 2 });
  }

  async publish(change: Change): Promise<void> {
    await this.publisher.publish(CHANNEL_PREFIX + change.topic, JSON.stringify([change.organizationId, change.key]));
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    listener.onLive?.(this.subscribed);
    this.connectSubscriber();
    return () => this.listeners.delete(listener);
  }

  private connectSubscriber(): void {
    if (this.subscriber) return;
    const subscriber = createRedisClient(this.url, { maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    let connectedBefore = false;
    subscriber.on("ready", () => {
      if (!connectedBefore) {
        connectedBefore = true;
        return;
      }
      // Reconnected: ioredis subscribes again by itself, and anything published while the
      // connection was down is lost, so listeners start from nothing and are live again.
      for (const listener of this.listeners) listener.onReset();
      this.setSubscribed(true);
    });
    subscriber.on("close", () => this.setSubscribed(false));
    subscriber.on("error", () => undefined); // ioredis reconnects by itself; "ready" resets the caches
    subscriber.on("pmessage", (_pattern: string, channel: string, message: string) => {
      const [organizationId = "", key = ""] = JSON.parse(message) as [string?, string?];
      const change = { topic: channel.slice(CHANNEL_PREFIX.length), organizationId, key };
      for (const listener of this.listeners) listener.onChange(change);
    });
    // Live once Redis confirmed the subscription (ioredis emits no event for it).
    subscriber.psubscribe(`${CHANNEL_PREFIX}*`).then(
      () => this.setSubscribed(true),
      () => undefined,
    );
  }

  private setSubscribed(subscribed: boolean): void {
    if (subscribed === this.subscribed) return;
    this.subscribed = subscribed;
    for (const listener of this.listeners) {
      if (!subscribed) listener.onReset();
      listener.onLive?.(subscribed);
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber?.quit()]);
  }
}
