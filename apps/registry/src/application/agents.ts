import type { MikroORM } from "@mikro-orm/core";
import type { OutboxRelay } from "@platform/outbox";
import { effectiveKillSwitch, type KillSwitchState } from "@platform/kill-switch";
import { decodeCursor, pageSize, toPage } from "@platform/persistence";
import type { AgentGovernance } from "@platform/proto/registry";
import { requireRole } from "@platform/rpc";
import { toStoredGovernance } from "../domain/governance-settings.js";
import type { Agent, StoredGovernance } from "../persistence/agent-entity.js";
import { RegistryStore } from "../persistence/registry-store.js";
import { deliverPromptly } from "./approval-effects.js";
import type { Caller } from "./caller.js";
import { agentAlreadyExists, agentNotFound } from "./refusals.js";

export interface AgentRegistration {
  readonly agentId: string;
  readonly agentType: string;
  /** Shown name; the agent id when empty. */
  readonly name: string;
  readonly description: string;
  readonly metadata: Record<string, unknown>;
}

export interface AgentChanges {
  readonly agentType?: string;
  readonly name?: string;
  readonly description?: string;
}

/**
 * The agents of the caller's organization: registration, settings, heartbeats and the
 * agent's own kill switch. Every use case loads through one unit of work and commits once,
 * with its effects on approval in the same commit (registry's outbox); those are delivered
 * right after, so a killed agent's pending approvals end only once the switch is on.
 */
export class Agents {
  constructor(
    private readonly orm: MikroORM,
    private readonly relay: OutboxRelay,
    private readonly now: () => Date,
  ) {}

  async register(caller: Caller, registration: AgentRegistration): Promise<Agent> {
    // Agent keys register themselves at start (the vendor SDKs do); people need manager.
    if (caller.role !== "agent") requireRole(caller, "manager");
    const store = RegistryStore.open(this.orm);
    if (await store.agents.findOne(caller.organizationId, registration.agentId))
      throw agentAlreadyExists(registration.agentId);
    const agent = store.agents.add(
      {
        ...registration,
        organizationId: caller.organizationId,
        name: registration.name || registration.agentId,
        governance: {},
      },
      this.now(),
    );
    // Two registrations can race past the check above: then the unique index decides.
    await store.commitUnique(() => agentAlreadyExists(registration.agentId));
    return agent;
  }

  /** The agent, and the organization's kill switch, which stops it whatever its own state. */
  async get(caller: Caller, agentId: string): Promise<{ agent: Agent; organizationSwitch: KillSwitchState }> {
    const store = RegistryStore.open(this.orm);
    const agent = await this.find(store, caller, agentId);
    const organization = await store.killSwitches.find(caller.organizationId);
    return { agent, organizationSwitch: effectiveKillSwitch(organization, null) };
  }

  list(caller: Caller, limit: number, cursor: string): Promise<{ items: Agent[]; nextCursor: string }> {
    const size = pageSize(limit);
    return RegistryStore.open(this.orm)
      .agents.page(caller.organizationId, size + 1, decodeCursor(cursor))
      .then((rows) => toPage(rows, size, (a) => a));
  }

  async update(caller: Caller, agentId: string, changes: AgentChanges): Promise<Agent> {
    requireRole(caller, "manager");
    const store = RegistryStore.open(this.orm);
    const agent = await this.find(store, caller, agentId);
    if (changes.agentType !== undefined) agent.agentType = changes.agentType;
    if (changes.name !== undefined) agent.name = changes.name;
    if (changes.description !== undefined) agent.description = changes.description;
    agent.updatedAt = this.now();
    await store.commit();
    return agent;
  }

  async delete(caller: Caller, agentId: string): Promise<void> {
    requireRole(caller, "manager");
    const store = RegistryStore.open(this.orm);
    const agent = await this.find(store, caller, agentId);
    // Its pending approvals cannot be decided any more: they end with the deletion.
    store.approvalOutbox.denyPending(
      caller,
      { agentId, reason: "Agent deleted" },
      { eventType: "agent.deleted", agentId, outcome: "deleted" },
    );
    store.agents.remove(agent);
    await store.commit();
    await deliverPromptly(this.relay);
  }

  async kill(caller: Caller, agentId: string, reason: string): Promise<Agent> {
    requireRole(caller, "admin");
    const store = RegistryStore.open(this.orm);
    const agent = await this.find(store, caller, agentId);
    agent.status = "killed";
    agent.killReason = reason || "Kill switch activated";
    agent.updatedAt = this.now();
    // The switch is on (this commit) before pending approvals end, so none can be approved in between.
    store.approvalOutbox.denyPending(
      caller,
      { agentId, reason: `Kill switch: ${agent.killReason}` },
      { eventType: "agent.killed", agentId, outcome: "killed", data: { reason: agent.killReason } },
    );
    await store.commit();
    await deliverPromptly(this.relay);
    return agent;
  }

  async reactivate(caller: Caller, agentId: string, reason: string): Promise<Agent> {
    requireRole(caller, "admin");
    const store = RegistryStore.open(this.orm);
    const agent = await this.find(store, caller, agentId);
    agent.status = "active";
    agent.killReason = "";
    agent.updatedAt = this.now();
    store.approvalOutbox.audit(caller, {
      eventType: "agent.reactivated",
      agentId,
      outcome: "active",
      data: { reason },
    });
    await store.commit();
    await deliverPromptly(this.relay);
    return agent;
  }

  /** Replaces the agent's governance settings (validated first: a bad timezone changes nothing). */
  async setGovernance(
    caller: Caller,
    agentId: string,
    governance: AgentGovernance | undefined,
  ): Promise<StoredGovernance> {
    requireRole(caller, "admin");
    const stored = toStoredGovernance(governance);
    const store = RegistryStore.open(this.orm);
    const agent = await this.find(store, caller, agentId);
    agent.governance = stored;
    agent.updatedAt = this.now();
    store.approvalOutbox.audit(caller, {
      eventType: "agent.governance_updated",
      agentId,
      outcome: "updated",
      data: { ...stored },
    });
    await store.commit();
    await deliverPromptly(this.relay);
    return stored;
  }

  async recordHeartbeat(
    caller: Caller,
    agentId: string,
    heartbeat: { status: string; sdkVersion: string },
  ): Promise<Agent> {
    const store = RegistryStore.open(this.orm);
    const agent = await this.find(store, caller, agentId);
    agent.lastHeartbeatAt = this.now();
    agent.healthStatus = heartbeat.status || "healthy";
    if (heartbeat.sdkVersion) agent.sdkVersion = heartbeat.sdkVersion;
    await store.commit();
    return agent;
  }

  health(caller: Caller, agentId: string): Promise<Agent> {
    return this.find(RegistryStore.open(this.orm), caller, agentId);
  }

  private async find(store: RegistryStore, caller: Caller, agentId: string): Promise<Agent> {
    const agent = await store.agents.findOne(caller.organizationId, agentId);
    if (!agent) throw agentNotFound(agentId);
    return agent;
  }
}
