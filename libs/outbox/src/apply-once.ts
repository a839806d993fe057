import type { EntityManager } from "@mikro-orm/core";
import { ProcessedMessageEntity } from "./entities.js";

/**
 * The receiver's half of "at least once, applied once". Call it inside the
 * transaction that applies the message: it records the message id in the same
 * transaction, and skips `apply` for an id already recorded (a redelivery).
 * Answers whether `apply` ran.
 *
 * Two deliveries of one message racing each other: both may pass the check, then the
 * second insert of the id fails the primary key and its transaction rolls back whole,
 * so the effect is still applied once (retry that transaction and it is then skipped).
 */
export async function applyOnce(
  em: EntityManager,
  messageId: string,
  topic: string,
  apply: () => Promise<void>,
  now = new Date(),
): Promise<boolean> {
  if (!messageId) {
    await apply(); // a caller that sent no message id (not through an outbox)
    return true;
  }
  if (await em.findOne(ProcessedMessageEntity, { id: messageId })) return false;
  await em.insert(ProcessedMessageEntity, { id: messageId, topic, processedAt: now });
  await apply();
  return true;
}

/** Forgets processed ids older than `before` (senders stop redelivering long before). */
export async function pruneProcessed(em: EntityManager, before: Date): Promise<number> {
  return em.nativeDelete(ProcessedMessageEntity, { processedAt: { $lt: before } });
}
