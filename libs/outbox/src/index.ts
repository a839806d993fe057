export {
  OutboxMessageEntity,
  ProcessedMessageEntity,
  inboxEntities,
  outboxEntities,
  type OutboxMessage,
  type ProcessedMessage,
} from "./entities.js";
export { enqueue, type EnqueueOptions } from "./enqueue.js";
export { OutboxRelay, backoffMs, type DeliveredMessage, type MessageHandler, type RelayOptions } from "./relay.js";
export { applyOnce, pruneProcessed } from "./apply-once.js";
