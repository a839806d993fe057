import type { EntityManager } from "@mikro-orm/core";
import { newId } from "@platform/persistence";
import { McpServerEntity, type McpServer } from "./mcp-server-entity.js";

export interface NewMcpServer {
  readonly organizationId: string;
  readonly name: string;
  readonly url: string;
  readonly transport: string;
  readonly tools: string[];
}

/** MCP servers of one organization at a time, by name. */
export class McpServerRepository {
  constructor(private readonly em: EntityManager) {}

  findByName(organizationId: string, name: string): Promise<McpServer | null> {
    return this.em.findOne(McpServerEntity, { organizationId, name });
  }

  list(organizationId: string): Promise<McpServer[]> {
    return this.em.find(McpServerEntity, { organizationId }, { orderBy: { name: "asc" } });
  }

  /** Stored with the unit of work's next commit. */
  add(fields: NewMcpServer, at: Date): McpServer {
    return this.em.create(McpServerEntity, { ...fields, id: newId("mcp"), createdAt: at });
  }

  /** Deletes at once; whether there was one to delete. */
  async deleteByName(organizationId: string, name: string): Promise<boolean> {
    return (await this.em.nativeDelete(McpServerEntity, { organizationId, name })) > 0;
  }
}
