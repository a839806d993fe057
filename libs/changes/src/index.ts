import type { ChangeFeed } from "./change-feed.js";
import { LocalChangeFeed } from "./local-change-feed.js";
import { RedisChangeFeed } from "./redis-change-feed.js";

export { TOPICS, type Change, type ChangeFeed, type ChangeListener } from "./change-feed.js";
export { LocalChangeFeed } from "./local-change-feed.js";
export { RedisChangeFeed } from "./redis-change-feed.js";
export { changeWatchService } from "./watch-service.js";
export { watchOwner } from "./watch-owner.js";
export { keyedId, OwnedCache, type Loaded, type OwnedCacheOptions } from "./owned-cache.js";
export { listenToOwner } from "./subscribe.js";

/** The feed shared by every replica when REDIS_URL is set; undefined means each owner's Watch stream. */
export function sharedChangeFeed(env: NodeJS.ProcessEnv = process.env): ChangeFeed | undefined {
  const url = env["REDIS_URL"];
  return url ? new RedisChangeFeed(url) : undefined;
}

/** The feed an owner publishes on: the shared one, or this process's (served by its Watch stream). */
export function ownerChangeFeed(env: NodeJS.ProcessEnv = process.env): ChangeFeed {
  return sharedChangeFeed(env) ?? new LocalChangeFeed();
}
export { announceChanges, type ChangedKeys } from "./announce.js";
