import { platformError } from "@platform/errors";

/** The registry's refusals, each with the resource it names. */
export const agentNotFound = (agentId: string) =>
  platformError(
    "AGENT_NOT_FOUND",
    { agent_id: agentId, suggestion: "Register agent before submitting actions" },
    { resource: { type: "agent", name: agentId } },
  );

export const agentAlreadyExists = (agentId: string) =>
  platformError("AGENT_ALREADY_EXISTS", { agent_id: agentId }, { resource: { type: "agent", name: agentId } });

export const mcpServerNotFound = (name: string) =>
  platformError("MCP_SERVER_NOT_FOUND", { name }, { resource: { type: "mcp_server", name } });

export const mcpServerAlreadyExists = (name: string) =>
  platformError("MCP_SERVER_ALREADY_EXISTS", { name }, { resource: { type: "mcp_server", name } });
