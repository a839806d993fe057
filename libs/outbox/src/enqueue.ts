import type { EntityManager } from "@mikro-orm/core";
import { newId } from "@platform/persistence";
import { OutboxMessageEntity } from "./entities.js";

export interface EnqueueOptions {
  /** Messages with the same key are delivered in order (default: the topic). */
  readonly orderingKey?: string;
  /** The message id; a fresh `msg_...` id by default. */
  readonly id?: string;
  readonly now?: Date;
}

/**
 * Adds a message to the outbox in the caller's unit of work: it is written by the
 * caller's next `em.flush()` (or when the caller's `em.transactional` commits), in
 * the same transaction as the change it describes, and not at all if that rolls back.
 * Answers the message id. The payload must be JSON.
 */
export function enqueue(em: EntityManager, topic: string, payload: unknown, options: EnqueueOptions = {}): string {
  const id = options.id ?? newId("msg");
  const at = options.now ?? new Date();
  em.persist(
    em.create(OutboxMessageEntity, {
      id,
      topic,
      orderingKey: options.orderingKey ?? topic,
      payload,
      attempts: 0,
      availableAt: at,
      claimToken: null,
      claimedUntil: null,
      lastError: null,
      createdAt: at,
    }),
  );
  return id;
}
