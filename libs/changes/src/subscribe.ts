import type { ChangeFeed, ChangeListener } from "./change-feed.js";
import { watchOwner } from "./watch-owner.js";

/**
 * Listens to an owner's changes: on the shared feed when there is one (Redis, which
 * carries every replica's changes), else on the owner's Watch stream. Returns how to stop.
 */
export function listenToOwner(
  listener: ChangeListener,
  source: { readonly feed?: ChangeFeed; readonly ownerUrl: string },
): () => void {
  return source.feed ? source.feed.subscribe(listener) : watchOwner({ url: source.ownerUrl, listener });
}
