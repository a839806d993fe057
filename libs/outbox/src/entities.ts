import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/**
 * A message waiting to be delivered. Written by `enqueue` in the sender's own
 * transaction, so it exists exactly when the change that caused it committed.
 * Deleted once delivered. `seq` orders delivery; `claimToken`/`claimedUntil` let one
 * relay (of several replicas) own a row while it delivers it.
 */
export const OutboxMessageEntity = defineEntity({
  name: "OutboxMessage",
  tableName: "outbox_messages",
  properties: {
    seq: p.integer().primary().autoincrement(),
    /** The message id receivers deduplicate on (applyOnce). */
    id: p.string().unique(),
    topic: p.string(),
    /** Messages with one ordering key are delivered one after another, in enqueue order. */
    orderingKey: p.string(),
    payload: p.json<unknown>(),
    attempts: p.integer().default(0),
    /** Not delivered before this (backoff after a failed attempt). */
    availableAt: p.datetime(),
    claimToken: p.string().nullable(),
    claimedUntil: p.datetime().nullable(),
    lastError: p.text().nullable(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ["availableAt", "seq"] }, { properties: ["orderingKey", "seq"] }],
});

export type OutboxMessage = InferEntity<typeof OutboxMessageEntity>;

/**
 * A message a receiver has applied (the inbox side): its id is the primary key, so a
 * message delivered twice is applied once (applyOnce). Kept as long as a sender may
 * redeliver; `pruneProcessed` removes old ones.
 */
export const ProcessedMessageEntity = defineEntity({
  name: "ProcessedMessage",
  tableName: "processed_messages",
  properties: {
    id: p.string().primary(),
    topic: p.string(),
    processedAt: p.datetime().index(),
  },
});

export type ProcessedMessage = InferEntity<typeof ProcessedMessageEntity>;

/** The sender's table: add to the entities of a service that enqueues. */
export const outboxEntities = [OutboxMessageEntity];
/** The receiver's table: add to the entities of a service that applies messages once. */
export const inboxEntities = [ProcessedMessageEntity];
