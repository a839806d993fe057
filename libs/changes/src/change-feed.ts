/** What changed: the owner's topic, the organization ("" = every one) and a key inside it ("" = all of it). */
export interface Change {
  readonly topic: string;
  readonly organizationId: string;
  readonly key: string;
}

/**
 * Hears changes. `onReset` means changes may have been missed (a lost stream or Redis
 * connection): forget everything. `onLive(false)` means none will be heard until
 * `onLive(true)`: keep nothing new meanwhile.
 */
export interface ChangeListener {
  onChange(change: Change): void;
  onReset(): void;
  onLive?(live: boolean): void;
}

/**
 * Where an owner announces changes and watchers hear them. Publishing happens after
 * the change is committed and before it is answered, so every watcher forgets its
 * copy within the propagation delay of the change being visible.
 */
export interface ChangeFeed {
  publish(change: Change): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

/** The owners' topics. */
export const TOPICS = {
  /** Callers (keys, users, roles) and organization limits. */
  auth: "auth",
  /** Agents, their governance settings and kill switches, organization kill switches. */
  registry: "registry",
  /** Policies and smart rules. */
  governance: "governance",
} as const;
