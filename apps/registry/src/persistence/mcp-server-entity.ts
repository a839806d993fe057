import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/** An MCP server an organization governs; its name is unique within the organization. */
export const McpServerEntity = defineEntity({
  name: "McpServer",
  tableName: "mcp_servers",
  properties: {
    id: p.string().primary(),
    organizationId: p.string(),
    name: p.string(),
    url: p.text(),
    transport: p.string(),
    tools: p.json<string[]>(),
    createdAt: p.datetime(),
  },
  uniques: [{ properties: ["organizationId", "name"] }],
});

export type McpServer = InferEntity<typeof McpServerEntity>;
