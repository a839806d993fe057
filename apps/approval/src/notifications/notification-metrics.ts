import type { MikroORM } from "@mikro-orm/core";
import { Gauge, type Registry } from "prom-client";
import { NotificationDeliveryEntity } from "./notification-entities.js";

export const OUTBOX_LAG = "agp_notification_outbox_lag_seconds";
export const DELIVERIES = "agp_notification_deliveries";

const statuses = ["pending", "delivered", "failed"] as const;

/**
 * The notification outbox, read from the database at each scrape (right after restarts
 * and across replicas): `agp_notification_outbox_lag_seconds`, how long the oldest
 * undelivered notification has waited (0 when none waits), and
 * `agp_notification_deliveries{status}`, the delivery log by outcome (pending counts
 * what is still undelivered; the log keeps 30 days).
 */
export function registerNotificationMetrics(orm: MikroORM, registry: Registry): void {
  registry.removeSingleMetric(OUTBOX_LAG);
  registry.removeSingleMetric(DELIVERIES);
  new Gauge({
    name: OUTBOX_LAG,
    help: "Age in seconds of the oldest approval notification not yet delivered (0 when none waits).",
    registers: [registry],
    async collect() {
      const oldest = await orm.em
        .fork()
        .findOne(
          NotificationDeliveryEntity,
          { status: "pending" },
          { orderBy: { createdAt: "asc" }, fields: ["createdAt"], disableIdentityMap: true },
        );
      this.set(oldest ? Math.max(0, (Date.now() - oldest.createdAt.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: DELIVERIES,
    help: "Approval notification deliveries in the delivery log, by status (pending, delivered, failed).",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const em = orm.em.fork();
      const counts = await Promise.all(statuses.map((status) => em.count(NotificationDeliveryEntity, { status })));
      statuses.forEach((status, i) => this.set({ status }, counts[i] ?? 0));
    },
  });
}
