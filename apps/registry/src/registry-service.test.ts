import { createClient } from "@connectrpc/connect";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@platform/persistence/testing";
import { RegistryService } from "@platform/proto";
import { inProcessTransport, runAsPrincipal } from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentEntity } from "./persistence/agent-entity.js";
import { registryService } from "./rpc/registry-service.js";

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

describe.each(kinds)("registry service (%s)", (kind) => {
  let db: TestDatabase;
  let client: ReturnType<typeof createClient<typeof RegistryService>>;
  const manager = principal("manager", { organizationId: "org_a" });
  const user = principal("user", { organizationId: "org_a" });
  const otherOrg = principal("admin", { organizationId: "org_b" });

  beforeAll(async () => {
    db = await openTestDatabase([AgentEntity], { kind });
    client = createClient(RegistryService, inProcessTransport("registry", (router) => router.service(RegistryService, registryService(db.orm))));
  });
  afterAll(async () => db?.close());

  it("registers an agent and reads it back", async () => {
    const { agent } = await runAsPrincipal(manager, () => client.registerAgent({ agentId: "bot-1", agentType: "trading" }));
    expect(agent).toMatchObject({ agentId: "bot-1", agentType: "trading", status: "active", organizationId: "org_a", name: "bot-1" });
    const read = await runAsPrincipal(user, () => client.getAgent({ agentId: "bot-1" }));
    expect(read.agent?.agentId).toBe("bot-1");
  });

  it("refuses a duplicate, and lets another organization use the same id", async () => {
    const dup = await catchPlatformError(runAsPrincipal(manager, () => client.registerAgent({ agentId: "bot-1", agentType: "trading" })));
    expect(dup.entry.key).toBe("AGENT_ALREADY_EXISTS");
    expect(dup.params).toEqual({ agent_id: "bot-1" });
    const { agent } = await runAsPrincipal(otherOrg, () => client.registerAgent({ agentId: "bot-1", agentType: "other" }));
    expect(agent?.organizationId).toBe("org_b");
  });

  it("hides other organizations' agents as not found", async () => {
    const other = await runAsPrincipal(otherOrg, () => client.getAgent({ agentId: "bot-1" }));
    expect(other.agent?.agentType).toBe("other");
    const missing = await catchPlatformError(runAsPrincipal(user, () => client.getAgent({ agentId: "nope-agent" })));
    expect(missing.entry.key).toBe("AGENT_NOT_FOUND");
  });

  it("needs a manager to register", async () => {
    const refused = await catchPlatformError(runAsPrincipal(user, () => client.registerAgent({ agentId: "bot-2", agentType: "t" })));
    expect(refused.entry.key).toBe("INSUFFICIENT_PERMISSIONS");
  });

  it("needs a caller at all", async () => {
    expect((await catchPlatformError(client.getAgent({ agentId: "bot-1" }))).entry.key).toBe("AUTHENTICATION_REQUIRED");
  });

  it("validates with protovalidate before the handler runs", async () => {
    const invalid = await catchPlatformError(runAsPrincipal(manager, () => client.registerAgent({ agentId: "x", agentType: "" })));
    expect(invalid.entry.key).toBe("MISSING_REQUIRED_FIELD");
    expect(invalid.problems).toEqual([
      { field: "agent_id", rule: "string.min_len", limit: 3, expected_type: "string", text: "must be at least 3 characters" },
      { field: "agent_type", rule: "required", expected_type: "string", text: expect.any(String) },
    ]);
  });

  it("pages newest first with an opaque cursor", async () => {
    for (const id of ["page-a", "page-b", "page-c"]) await runAsPrincipal(manager, () => client.registerAgent({ agentId: id, agentType: "t" }));
    const first = await runAsPrincipal(user, () => client.listAgents({ limit: 2 }));
    expect(first.items.map((a) => a.agentId)).toHaveLength(2);
    const second = await runAsPrincipal(user, () => client.listAgents({ limit: 2, cursor: first.nextCursor }));
    const all = [...first.items, ...second.items].map((a) => a.agentId);
    expect(new Set(all).size).toBe(4);
    expect(all).toContain("bot-1");
    expect(second.nextCursor).toBe("");
  });
});
