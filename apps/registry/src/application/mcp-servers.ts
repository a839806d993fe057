import type { MikroORM } from "@mikro-orm/core";
import { requireRole } from "@platform/rpc";
import type { McpServer } from "../persistence/mcp-server-entity.js";
import type { NewMcpServer } from "../persistence/mcp-server-repository.js";
import { RegistryStore } from "../persistence/registry-store.js";
import type { Caller } from "./caller.js";
import { mcpServerAlreadyExists, mcpServerNotFound } from "./refusals.js";

/** The MCP servers an organization governs; only admins see and change them (their URLs can carry credentials). */
export class McpServers {
  constructor(
    private readonly orm: MikroORM,
    private readonly now: () => Date,
  ) {}

  async register(caller: Caller, server: Omit<NewMcpServer, "organizationId">): Promise<McpServer> {
    requireRole(caller, "admin");
    const store = RegistryStore.open(this.orm);
    if (await store.mcpServers.findByName(caller.organizationId, server.name))
      throw mcpServerAlreadyExists(server.name);
    const created = store.mcpServers.add({ ...server, organizationId: caller.organizationId }, this.now());
    await store.commitUnique(() => mcpServerAlreadyExists(server.name));
    return created;
  }

  list(caller: Caller): Promise<McpServer[]> {
    requireRole(caller, "admin");
    return RegistryStore.open(this.orm).mcpServers.list(caller.organizationId);
  }

  async get(caller: Caller, name: string): Promise<McpServer> {
    requireRole(caller, "admin");
    const server = await RegistryStore.open(this.orm).mcpServers.findByName(caller.organizationId, name);
    if (!server) throw mcpServerNotFound(name);
    return server;
  }

  async delete(caller: Caller, name: string): Promise<void> {
    requireRole(caller, "admin");
    if (!(await RegistryStore.open(this.orm).mcpServers.deleteByName(caller.organizationId, name)))
      throw mcpServerNotFound(name);
  }
}
