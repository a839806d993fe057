import type { MikroORM } from "@mikro-orm/core";
import { Agents } from "./agents.js";
import type { ApprovalPort } from "./approval-port.js";
import { KillSwitches } from "./kill-switches.js";
import { McpServers } from "./mcp-servers.js";

/** The registry's use cases, one object per aggregate. */
export interface RegistryApplication {
  readonly agents: Agents;
  readonly killSwitches: KillSwitches;
  readonly mcpServers: McpServers;
}

export function registryApplication(orm: MikroORM, approval: ApprovalPort, now: () => Date = () => new Date()): RegistryApplication {
  return {
    agents: new Agents(orm, approval, now),
    killSwitches: new KillSwitches(orm, approval, now),
    mcpServers: new McpServers(orm, now),
  };
}
