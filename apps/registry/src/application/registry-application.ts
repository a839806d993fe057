import type { Client } from "@connectrpc/connect";
import type { MikroORM } from "@mikro-orm/core";
import { OutboxRelay } from "@platform/outbox";
import type { ApprovalService } from "@platform/proto";
import { Agents } from "./agents.js";
import { approvalEffectHandlers } from "./approval-effects.js";
import { KillSwitches } from "./kill-switches.js";
import { McpServers } from "./mcp-servers.js";

/** The registry's use cases, one object per aggregate. */
export interface RegistryApplication {
  readonly agents: Agents;
  readonly killSwitches: KillSwitches;
  readonly mcpServers: McpServers;
}

export interface RegistryWiring {
  readonly orm: MikroORM;
  readonly approval: Client<typeof ApprovalService>;
  /** Delivers registry's outbox to approval; the service's background loop runs the same relay. */
  readonly relay?: OutboxRelay;
  readonly now?: () => Date;
}

export function registryApplication({
  orm,
  approval,
  relay,
  now = () => new Date(),
}: RegistryWiring): RegistryApplication {
  const outbox = relay ?? new OutboxRelay(orm, approvalEffectHandlers(approval), { name: "registry" });
  return {
    agents: new Agents(orm, outbox, now),
    killSwitches: new KillSwitches(orm, outbox, now),
    mcpServers: new McpServers(orm, now),
  };
}
