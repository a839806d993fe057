import { randomUUID } from "node:crypto";
import type { MikroORM } from "@mikro-orm/core";
import { createLogger } from "@platform/telemetry";
import {
  NotificationDeliveryEntity,
  NotificationEndpointEntity,
  type NotificationDelivery,
} from "./notification-entities.js";
import type { NotificationPayload } from "./notification-message.js";
import type { Sender, SendOutcome } from "./notification-senders.js";
import { DEFAULT_RETRY_POLICY, nextAttemptAt, type RetryPolicy } from "./retry-schedule.js";

export interface DispatcherOptions {
  readonly pollMs?: number;
  /** Rows claimed per pass, sent concurrently. */
  readonly batchSize?: number;
  /** How long a claim holds: longer than an attempt's timeout, so a slow send is not sent twice. */
  readonly leaseMs?: number;
  readonly retry?: RetryPolicy;
  readonly now?: () => Date;
}

/**
 * Delivers queued notifications in the background: claims due rows, sends each to its
 * endpoint, and records the outcome in the row (the delivery log): delivered, or
 * retried with backoff until the retry window ends, then failed. Rows, not memory,
 * hold the work, so a restart or a receiver that is down loses nothing, and the claim
 * (a compare-and-set on `nextAttemptAt`) lets every replica run a dispatcher.
 */
export class NotificationDispatcher {
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;
  private readonly logger = createLogger("approval");
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private pass: Promise<number> | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly send: Sender,
    options: DispatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the pass in flight (its rows are recorded, or freed by their lease). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.pass?.catch(() => 0);
  }

  /** One pass: what is due now is sent; answers how many attempts were made. Passes never overlap. */
  deliverDue(): Promise<number> {
    this.pass ??= this.runPass().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.deliverDue().then(
        // A full batch means more may be due: go on at once.
        (attempted) => this.schedule(attempted >= this.batchSize ? 0 : this.pollMs),
        (failure: unknown) => {
          this.logger.error({ err: failure }, "notification dispatch pass failed");
          this.schedule(this.pollMs);
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private async runPass(): Promise<number> {
    const claimed = await this.claim();
    if (claimed.length === 0) return 0;
    const em = this.orm.em.fork();
    const endpointIds = [...new Set(claimed.map((d) => d.endpointId))];
    const endpoints = new Map(
      (await em.find(NotificationEndpointEntity, { id: { $in: endpointIds } }, { disableIdentityMap: true })).map(
        (e) => [e.id, e],
      ),
    );
    await Promise.all(
      claimed.map(async (delivery) => {
        const endpoint = endpoints.get(delivery.endpointId);
        const outcome: SendOutcome = endpoint
          ? await this.send({
              deliveryId: delivery.id,
              endpoint,
              payload: delivery.payload as unknown as NotificationPayload,
              at: this.now(),
            })
          : { delivered: false, statusCode: 0, error: "endpoint deleted" };
        await this.record(delivery, outcome, !endpoint);
      }),
    );
    return claimed.length;
  }

  /** Claims due rows: only rows still due when the update runs become this pass's, however many replicas race. */
  private async claim(): Promise<NotificationDelivery[]> {
    const em = this.orm.em.fork();
    const now = this.now();
    const due = { status: "pending", nextAttemptAt: { $lte: now } };
    const candidates = await em.find(NotificationDeliveryEntity, due, {
      orderBy: { nextAttemptAt: "asc" },
      limit: this.batchSize,
      fields: ["id"],
      disableIdentityMap: true,
    });
    if (candidates.length === 0) return [];
    const token = randomUUID();
    await em.nativeUpdate(
      NotificationDeliveryEntity,
      { id: { $in: candidates.map((c) => c.id) }, ...due },
      { claimToken: token, nextAttemptAt: new Date(now.getTime() + this.leaseMs) },
    );
    return em.find(NotificationDeliveryEntity, { claimToken: token }, { disableIdentityMap: true });
  }

  private async record(delivery: NotificationDelivery, outcome: SendOutcome, giveUp: boolean): Promise<void> {
    const now = this.now();
    const attempts = delivery.attempts + 1;
    const common = { attempts, lastStatusCode: outcome.statusCode, lastError: outcome.error, claimToken: null };
    const retryAt =
      outcome.delivered || giveUp ? undefined : nextAttemptAt(attempts, delivery.createdAt, now, this.retry);
    const change = outcome.delivered
      ? { ...common, status: "delivered", deliveredAt: now, nextAttemptAt: now }
      : retryAt
        ? { ...common, nextAttemptAt: retryAt }
        : { ...common, status: "failed", nextAttemptAt: now };
    if (!outcome.delivered) {
      this.logger.warn(
        {
          delivery_id: delivery.id,
          endpoint_id: delivery.endpointId,
          attempts,
          error: outcome.error,
          retry_at: retryAt,
        },
        retryAt ? "notification not delivered; will retry" : "notification not delivered; gave up",
      );
    }
    // Only the claim's holder records: a row whose lease lapsed and was claimed again is the new holder's.
    await this.orm.em
      .fork()
      .nativeUpdate(NotificationDeliveryEntity, { id: delivery.id, claimToken: delivery.claimToken }, change);
  }
}
