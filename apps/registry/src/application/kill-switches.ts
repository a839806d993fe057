import { isUniqueConstraintViolation } from "@platform/persistence";
import type { MikroORM } from "@mikro-orm/core";
import type { OutboxRelay } from "@platform/outbox";
import { DEFAULT_ORGANIZATION_KILL_REASON, effectiveKillSwitch, type KillSwitchState } from "@platform/kill-switch";
import { requireRole } from "@platform/rpc";
import { RegistryStore } from "../persistence/registry-store.js";
import { deliverPromptly } from "./approval-effects.js";
import type { Caller } from "./caller.js";
import { agentNotFound } from "./refusals.js";

/** The organization-wide kill switch, and what a kill-switch poll answers. */
export class KillSwitches {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly now: () => Date,
  ) {}

  /** Turns the organization's switch on or off; on, it ends every pending approval of the organization. */
  async setForOrganization(caller: Caller, active: boolean, reason: string): Promise<KillSwitchState> {
    requireRole(caller, "admin");
    try {
      return await this.setOnce(caller, active, reason);
    } catch (failure) {
      // Two first uses at once both created the organization's row: the loser sets the winner's.
      if (!isUniqueConstraintViolation(failure)) throw failure;
      return this.setOnce(caller, active, reason);
    }
  }

  private async setOnce(caller: Caller, active: boolean, reason: string): Promise<KillSwitchState> {
    const store = RegistryStore.open(this.orm);
    const row = await store.killSwitches.findOrCreate(caller.organizationId, this.now());
    row.active = active;
    row.reason = active ? reason || DEFAULT_ORGANIZATION_KILL_REASON : "";
    row.changedAt = this.now();
    // On first (this commit), then pending approvals end: none can be approved in between.
    if (active) {
      store.approvalOutbox.denyPending(
        caller,
        { reason: `Organization kill switch: ${row.reason}` },
        { eventType: "organization.killed", outcome: "killed", data: { reason: row.reason } },
      );
    } else {
      store.approvalOutbox.audit(caller, {
        eventType: "organization.reactivated",
        outcome: "active",
        data: { reason: row.reason, denied_pending: 0 },
      });
    }
    await store.commit();
    await deliverPromptly(this.relay);
    return effectiveKillSwitch(row, null);
  }

  /** The switch in force for the organization, or for one of its agents when `agentId` is given. */
  async status(caller: Caller, agentId: string): Promise<KillSwitchState> {
    const store = RegistryStore.open(this.orm);
    const organization = await store.killSwitches.find(caller.organizationId);
    if (!agentId) return effectiveKillSwitch(organization, null);
    const agent = await store.agents.findOne(caller.organizationId, agentId);
    if (!agent) throw agentNotFound(agentId);
    return effectiveKillSwitch(organization, agent);
  }
}
