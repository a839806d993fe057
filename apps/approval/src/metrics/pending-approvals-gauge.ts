import type { MikroORM } from "@mikro-orm/core";
import { Gauge, type Registry } from "prom-client";
import { ActionEntity } from "../persistence/action-entity.js";

export const PENDING_APPROVALS = "agp_pending_approvals";

/** Approval levels an action can wait at (user 1 … security_officer 5). */
const levels = [1, 2, 3, 4, 5] as const;

/**
 * `agp_pending_approvals{level}`: actions waiting for a human, across organizations, read
 * from the database at each scrape (so it is right after restarts and across replicas).
 * A second registration (tests start the service again in one process) replaces the first.
 */
export function registerPendingApprovalsGauge(orm: MikroORM, registry: Registry): void {
  registry.removeSingleMetric(PENDING_APPROVALS);
  new Gauge({
    name: PENDING_APPROVALS,
    help: "Actions waiting for a human approval, by required approval level.",
    labelNames: ["level"] as const,
    registers: [registry],
    async collect() {
      const em = orm.em.fork();
      const counts = await Promise.all(
        levels.map((level) => em.count(ActionEntity, { status: "pending_approval", requiredLevel: level })),
      );
      levels.forEach((level, i) => this.set({ level: String(level) }, counts[i] ?? 0));
    },
  });
}
