import { randomUUID } from "node:crypto";
import { LockMode, type EntityManager, type MikroORM } from "@mikro-orm/core";
import { createLogger } from "@platform/telemetry";
import { OutboxMessageEntity, type OutboxMessage } from "./entities.js";

/** What a topic's handler receives. */
export interface DeliveredMessage {
  readonly id: string;
  readonly topic: string;
  readonly payload: unknown;
  /** Failed attempts before this one. */
  readonly attempts: number;
  readonly createdAt: Date;
}

/** Delivers one message; a rejection means "not delivered, try again later". */
export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

export interface RelayOptions {
  /** Messages claimed per pass. */
  readonly batchSize?: number;
  /** How often an idle relay looks for messages (enqueue + deliverNow makes it prompt). */
  readonly pollMs?: number;
  /** A claim's lease: a relay that died holding messages frees them after this. */
  readonly leaseMs?: number;
  /** Backoff after a failed attempt: initial delay, doubled per attempt up to the maximum. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly now?: () => Date;
  /** Names the relay in logs (the service name). */
  readonly name?: string;
}

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function backoffMs(attempts: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers the outbox of one service: at least once, in enqueue order per ordering
 * key, with backoff, across restarts (messages are rows) and across replicas (a relay
 * claims rows before delivering them: FOR UPDATE SKIP LOCKED on PostgreSQL, then a
 * compare-and-set of a claim token, which is also all SQLite needs). A message is
 * deleted once delivered. See the README of @platform/outbox.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => Date;
  private readonly logger;
  private readonly postgres: boolean;
  private chain: Promise<unknown> = Promise.resolve();
  private queuedPass: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly handlers: Readonly<Record<string, MessageHandler>>,
    options: RelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 50;
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.initialBackoffMs = options.initialBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
    this.logger = createLogger(options.name ?? "outbox");
    // Asked by name, so that SQLite processes never load the PostgreSQL driver.
    this.postgres = orm.config.get("driver")?.name === "PostgreSqlDriver";
  }

  /** Starts delivering in the background until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.deliverNow().then(
        (delivered) => this.schedule(delivered >= this.batchSize ? 0 : this.pollMs),
        () => this.schedule(this.pollMs),
      );
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Delivers what is deliverable now and answers how many messages were delivered.
   * Call it after the transaction that enqueued commits, so its messages go out at
   * once instead of at the next poll. Passes never overlap; callers that arrive while a
   * pass is queued share it (it starts after their commit, so it sees their messages).
   */
  deliverNow(): Promise<number> {
    if (this.queuedPass) return this.queuedPass;
    const pass = this.chain.then(() => {
      this.queuedPass = undefined;
      return this.pass();
    });
    this.queuedPass = pass;
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  /**
   * Stops the background loop, then tries a last delivery for at most `flushMs`
   * (graceful stop). What is left stays in the outbox for the next start.
   */
  async stop(flushMs = 2000): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      this.deliverNow().catch(() => 0),
      new Promise((resolve) => {
        timeout = setTimeout(resolve, flushMs);
        timeout.unref();
      }),
    ]);
    clearTimeout(timeout);
  }

  /** How many messages wait (tests, health). */
  async pending(): Promise<number> {
    return this.orm.em.fork().count(OutboxMessageEntity, {});
  }

  private async pass(): Promise<number> {
    const em = this.orm.em.fork();
    const { token, messages } = await this.claim(em);
    let delivered = 0;
    const blocked = new Set<string>();
    for (const message of messages) {
      if (blocked.has(message.orderingKey) || (await this.hasEarlier(em, message))) {
        // An earlier message of its key is still waiting (backing off, or claimed elsewhere): keep the order.
        blocked.add(message.orderingKey);
        await em.nativeUpdate(
          OutboxMessageEntity,
          { seq: message.seq, claimToken: token },
          { claimToken: null, claimedUntil: null },
        );
        continue;
      }
      try {
        await this.deliver(message);
      } catch (failure) {
        blocked.add(message.orderingKey);
        const attempts = message.attempts + 1;
        const delay = backoffMs(attempts, this.initialBackoffMs, this.maxBackoffMs);
        const log = attempts >= 5 ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
        log(
          { err: failure, message_id: message.id, topic: message.topic, attempts, retry_in_ms: delay },
          "outbox message not delivered; will retry",
        );
        await em.nativeUpdate(
          OutboxMessageEntity,
          { seq: message.seq, claimToken: token },
          {
            attempts,
            availableAt: new Date(this.now().getTime() + delay),
            lastError: (failure instanceof Error ? failure.message : String(failure)).slice(0, 1000),
            claimToken: null,
            claimedUntil: null,
          },
        );
        continue;
      }
      await em.nativeDelete(OutboxMessageEntity, { seq: message.seq, claimToken: token });
      delivered++;
    }
    return delivered;
  }

  private deliver(message: OutboxMessage): Promise<void> {
    const handler = this.handlers[message.topic];
    if (!handler) return Promise.reject(new Error(`no handler for outbox topic '${message.topic}'`));
    return handler({
      id: message.id,
      topic: message.topic,
      payload: message.payload,
      attempts: message.attempts,
      createdAt: message.createdAt,
    });
  }

  private async hasEarlier(em: EntityManager, message: OutboxMessage): Promise<boolean> {
    return (await em.count(OutboxMessageEntity, { orderingKey: message.orderingKey, seq: { $lt: message.seq } })) > 0;
  }

  /** Claims up to batchSize deliverable messages, oldest first. */
  private async claim(em: EntityManager): Promise<{ token: string; messages: OutboxMessage[] }> {
    const token = randomUUID();
    const now = this.now();
    const claimable = () => ({
      availableAt: { $lte: now },
      $or: [{ claimedUntil: null }, { claimedUntil: { $lt: now } }],
    });
    const seqs = await em.transactional(async (tx) => {
      const candidates = await tx.find(OutboxMessageEntity, claimable(), {
        orderBy: { seq: "asc" },
        limit: this.batchSize,
        fields: ["seq"],
        // Replicas claim disjoint rows instead of queueing behind each other's locks.
        ...(this.postgres ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
      });
      if (candidates.length === 0) return [];
      const seqList = candidates.map((c) => c.seq);
      // Compare-and-set: only rows still unclaimed become ours (what makes SQLite safe with several processes).
      await tx.nativeUpdate(
        OutboxMessageEntity,
        { seq: { $in: seqList }, ...claimable() },
        { claimToken: token, claimedUntil: new Date(now.getTime() + this.leaseMs) },
      );
      return seqList;
    });
    if (seqs.length === 0) return { token, messages: [] };
    const messages = await em.find(OutboxMessageEntity, { claimToken: token }, { orderBy: { seq: "asc" } });
    return { token, messages };
  }
}
