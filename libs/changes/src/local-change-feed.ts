import type { Change, ChangeFeed, ChangeListener } from "./change-feed.js";

/** Changes inside one process: what an owner publishes reaches its own caches and its watch streams. */
export class LocalChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  async publish(change: Change): Promise<void> {
    for (const listener of this.listeners) listener.onChange(change);
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    listener.onLive?.(true);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
