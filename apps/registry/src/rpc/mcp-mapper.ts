import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { McpServerSchema } from "@platform/proto/registry";
import type { McpServer } from "../persistence/mcp-server-entity.js";

export const toMcpServerMessage = (server: McpServer) =>
  create(McpServerSchema, {
    name: server.name,
    url: server.url,
    transport: server.transport,
    tools: [...server.tools],
    createdAt: timestampFromDate(server.createdAt),
  });
