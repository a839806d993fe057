import type { MikroORM } from "@mikro-orm/core";
import type { Transporter } from "nodemailer";
import { NotificationDeliveryEntity } from "./notification-entities.js";
import { NotificationDispatcher } from "./notification-dispatcher.js";
import { NotificationEndpoints } from "./notification-endpoints.js";
import { NotificationOutbox } from "./notification-outbox.js";
import { createSender } from "./notification-senders.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-schedule.js";

/** The delivery log keeps what was delivered or given up for this long. */
const DELIVERY_LOG_KEPT_MS = 30 * 86_400_000;

/** The notification settings of the approval service's environment (checked at boot by config.ts). */
export interface NotificationSettings {
  readonly publicUrl: string;
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  readonly retry: RetryPolicy;
  readonly pollMs: number;
}

export function notificationSettings(env: NodeJS.ProcessEnv): NotificationSettings {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] && Number.isFinite(value) ? value : fallback;
  };
  return {
    publicUrl: env["PUBLIC_URL"] || "http://127.0.0.1:8080",
    smtpUrl: env["SMTP_URL"] || undefined,
    smtpFrom: env["SMTP_FROM"] || "Agent governance <notifications@localhost>",
    retry: {
      ...DEFAULT_RETRY_POLICY,
      baseMs: number("NOTIFICATION_RETRY_BASE_MS", DEFAULT_RETRY_POLICY.baseMs),
      retryForMs: number("NOTIFICATION_RETRY_FOR_MS", DEFAULT_RETRY_POLICY.retryForMs),
    },
    pollMs: number("NOTIFICATION_POLL_MS", 1000),
  };
}

/** The endpoints' use cases, for the service's routes. */
export function notificationEndpointsFor(orm: MikroORM, env: NodeJS.ProcessEnv): NotificationEndpoints {
  return new NotificationEndpoints(orm, new NotificationOutbox(), notificationSettings(env).smtpUrl !== undefined);
}

/** Nodemailer over SMTP_URL, loaded and connected when the first email goes out. */
function mailerFor(smtpUrl: string): () => Promise<Transporter> {
  let transport: Promise<Transporter> | undefined;
  return () => (transport ??= import("nodemailer").then((nodemailer) => nodemailer.createTransport(smtpUrl)));
}

/**
 * Starts the dispatcher and an hourly sweep of the delivery log; answers how to stop
 * them (graceful shutdown waits for the sends in flight).
 */
export function startNotificationDelivery(orm: MikroORM, env: NodeJS.ProcessEnv): () => Promise<void> {
  const settings = notificationSettings(env);
  const sender = createSender({
    publicUrl: settings.publicUrl,
    mailer: settings.smtpUrl ? mailerFor(settings.smtpUrl) : undefined,
    from: settings.smtpFrom,
  });
  const dispatcher = new NotificationDispatcher(orm, sender, { pollMs: settings.pollMs, retry: settings.retry });
  dispatcher.start();
  const sweep = setInterval(() => {
    const before = new Date(Date.now() - DELIVERY_LOG_KEPT_MS);
    orm.em
      .fork()
      .nativeDelete(NotificationDeliveryEntity, {
        status: { $in: ["delivered", "failed"] },
        createdAt: { $lt: before },
      })
      .catch(() => undefined); // the next hour tries again
  }, 3_600_000);
  sweep.unref();
  return async () => {
    clearInterval(sweep);
    await dispatcher.stop();
  };
}
