import type { MikroORM } from "@mikro-orm/core";
import { DEFAULT_ORGANIZATION_KILL_REASON, effectiveKillSwitch, type KillSwitchState } from "@platform/kill-switch";
import { requireRole } from "@platform/rpc";
import { RegistryStore } from "../persistence/registry-store.js";
import type { ApprovalPort } from "./approval-port.js";
import type { Caller } from "./caller.js";
import { agentNotFound } from "./refusals.js";

/** The organization-wide kill switch, and what a kill-switch poll answers. */
export class KillSwitches {
  constructor(
    private readonly orm: MikroORM,
    private readonly approval: ApprovalPort,
    private readonly now: () => Date,
  ) {}

  /** Turns the organization's switch on or off; on, it ends every pending approval of the organization. */
  async setForOrganization(caller: Caller, active: boolean, reason: string): Promise<KillSwitchState> {
    requireRole(caller, "admin");
    const store = RegistryStore.open(this.orm);
    const row = await store.killSwitches.findOrCreate(caller.organizationId, this.now());
    row.active = active;
    row.reason = active ? reason || DEFAULT_ORGANIZATION_KILL_REASON : "";
    row.changedAt = this.now();
    await store.commit();
    // On first, then pending approvals end: none can be approved in between.
    const denied = active ? (await this.approval.denyPendingForOrganization({ reason: `Organization kill switch: ${row.reason}` })).deniedCount : 0;
    await this.approval.appendAuditEntry({
      eventType: active ? "organization.killed" : "organization.reactivated",
      outcome: active ? "killed" : "active",
      data: { reason: row.reason, denied_pending: denied },
    });
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
