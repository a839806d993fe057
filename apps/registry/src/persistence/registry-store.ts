import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { flushUnique } from "@platform/persistence";
import { AgentRepository } from "./agent-repository.js";
import { ApprovalOutbox } from "./approval-outbox.js";
import { KillSwitchRepository } from "./kill-switch-repository.js";
import { McpServerRepository } from "./mcp-server-repository.js";

/**
 * One unit of work over the registry's repositories and its outbox: what a use case loads,
 * changes and causes on approval is written by one `commit`. Open one per request.
 */
export class RegistryStore {
  readonly agents: AgentRepository;
  readonly mcpServers: McpServerRepository;
  readonly killSwitches: KillSwitchRepository;
  /** Effects on approval, committed with the change that causes them. */
  readonly approvalOutbox: ApprovalOutbox;

  private constructor(private readonly em: EntityManager) {
    this.agents = new AgentRepository(em);
    this.mcpServers = new McpServerRepository(em);
    this.killSwitches = new KillSwitchRepository(em);
    this.approvalOutbox = new ApprovalOutbox(em);
  }

  static open(orm: MikroORM): RegistryStore {
    return new RegistryStore(orm.em.fork());
  }

  /** Writes every change of this unit of work. */
  commit(): Promise<void> {
    return this.em.flush();
  }

  /** Writes every change, answering `conflict()` when a unique index refuses a row (a racing duplicate). */
  commitUnique(conflict: () => Error): Promise<void> {
    return flushUnique(this.em, conflict);
  }
}
