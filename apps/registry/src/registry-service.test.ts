import { createClient } from "@connectrpc/connect";
import { openTestDatabase, postgresAvailable, type TestDatabase } from "@platform/persistence/testing";
import { RegistryService } from "@platform/proto";
import { inProcessTransport, runAsPrincipal } from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouterTransport } from "@connectrpc/connect";
import { ApprovalService } from "@platform/proto";
import { principalClientInterceptor, principalServerInterceptor } from "@platform/rpc";
import { registryDefinition } from "./service.js";
import { registryApplication } from "./application/registry-application.js";
import { registryService } from "./rpc/registry-service.js";

const kinds = postgresAvailable() ? (["sqlite", "postgresql"] as const) : (["sqlite"] as const);

describe.each(kinds)("registry service (%s)", (kind) => {
  let db: TestDatabase;
  let client: ReturnType<typeof createClient<typeof RegistryService>>;
  const manager = principal("manager", { organizationId: "org_a" });
  const user = principal("user", { organizationId: "org_a" });
  const otherOrg = principal("admin", { organizationId: "org_b" });
  const admin = principal("admin", { organizationId: "org_a" });
  const approvalCalls: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(registryDefinition.entities, { kind });
    const approval = createClient(
      ApprovalService,
      createRouterTransport(
        (router) =>
          router.service(ApprovalService, {
            denyPendingForAgent(req) {
              approvalCalls.push(`deny:${req.agentId}`);
              return { deniedCount: 2 };
            },
            denyPendingForOrganization() {
              approvalCalls.push("deny:*");
              return { deniedCount: 3 };
            },
            appendAuditEntry(req) {
              approvalCalls.push(`audit:${req.eventType}`);
              return {};
            },
          }),
        {
          router: { interceptors: [principalServerInterceptor] },
          transport: { interceptors: [principalClientInterceptor] },
        },
      ),
    );
    client = createClient(
      RegistryService,
      inProcessTransport("registry", (router) =>
        router.service(RegistryService, registryService(registryApplication({ orm: db.orm, approval }))),
      ),
    );
  });
  afterAll(async () => db?.close());

  it("registers an agent and reads it back", async () => {
    const { agent } = await runAsPrincipal(manager, () =>
      client.registerAgent({ agentId: "bot-1", agentType: "trading" }),
    );
    expect(agent).toMatchObject({
      agentId: "bot-1",
      agentType: "trading",
      status: "active",
      organizationId: "org_a",
      name: "bot-1",
    });
    const read = await runAsPrincipal(user, () => client.getAgent({ agentId: "bot-1" }));
    expect(read.agent?.agentId).toBe("bot-1");
  });

  it("refuses a duplicate, and lets another organization use the same id", async () => {
    const dup = await catchPlatformError(
      runAsPrincipal(manager, () => client.registerAgent({ agentId: "bot-1", agentType: "trading" })),
    );
    expect(dup.entry.key).toBe("AGENT_ALREADY_EXISTS");
    expect(dup.params).toEqual({ agent_id: "bot-1" });
    const { agent } = await runAsPrincipal(otherOrg, () =>
      client.registerAgent({ agentId: "bot-1", agentType: "other" }),
    );
    expect(agent?.organizationId).toBe("org_b");
  });

  it("hides other organizations' agents as not found", async () => {
    const other = await runAsPrincipal(otherOrg, () => client.getAgent({ agentId: "bot-1" }));
    expect(other.agent?.agentType).toBe("other");
    const missing = await catchPlatformError(runAsPrincipal(user, () => client.getAgent({ agentId: "nope-agent" })));
    expect(missing.entry.key).toBe("AGENT_NOT_FOUND");
  });

  it("needs a manager to register", async () => {
    const refused = await catchPlatformError(
      runAsPrincipal(user, () => client.registerAgent({ agentId: "bot-2", agentType: "t" })),
    );
    expect(refused.entry.key).toBe("INSUFFICIENT_PERMISSIONS");
  });

  it("needs a caller at all", async () => {
    expect((await catchPlatformError(client.getAgent({ agentId: "bot-1" }))).entry.key).toBe("AUTHENTICATION_REQUIRED");
  });

  it("validates with protovalidate before the handler runs", async () => {
    const invalid = await catchPlatformError(
      runAsPrincipal(manager, () => client.registerAgent({ agentId: "x", agentType: "" })),
    );
    expect(invalid.entry.key).toBe("MISSING_REQUIRED_FIELD");
    expect(invalid.problems).toEqual([
      {
        field: "agent_id",
        rule: "string.min_len",
        limit: 3,
        expected_type: "string",
        text: "must be at least 3 characters",
      },
      { field: "agent_type", rule: "required", expected_type: "string", text: expect.any(String) },
    ]);
  });

  it("pages newest first with an opaque cursor", async () => {
    for (const id of ["page-a", "page-b", "page-c"])
      await runAsPrincipal(manager, () => client.registerAgent({ agentId: id, agentType: "t" }));
    const first = await runAsPrincipal(user, () => client.listAgents({ limit: 2 }));
    expect(first.items.map((a) => a.agentId)).toHaveLength(2);
    const second = await runAsPrincipal(user, () => client.listAgents({ limit: 2, cursor: first.nextCursor }));
    const all = [...first.items, ...second.items].map((a) => a.agentId);
    expect(new Set(all).size).toBe(4);
    expect(all).toContain("bot-1");
    expect(second.nextCursor).toBe("");
  });

  it("kills and reactivates an agent, ending its pending approvals and auditing both", async () => {
    approvalCalls.length = 0;
    const { agent } = await runAsPrincipal(admin, () =>
      client.killAgent({ agentId: "bot-1", reason: "runaway trades" }),
    );
    expect(agent).toMatchObject({ status: "killed", killReason: "runaway trades" });
    expect(approvalCalls).toEqual(["deny:bot-1", "audit:agent.killed"]);
    const back = await runAsPrincipal(admin, () => client.reactivateAgent({ agentId: "bot-1" }));
    expect(back.agent).toMatchObject({ status: "active", killReason: "" });
    expect(
      (await catchPlatformError(runAsPrincipal(manager, () => client.killAgent({ agentId: "bot-1" })))).entry.key,
    ).toBe("ADMIN_ACCESS_REQUIRED");
    expect(
      (await catchPlatformError(runAsPrincipal(admin, () => client.killAgent({ agentId: "nope-bot" })))).entry.key,
    ).toBe("AGENT_NOT_FOUND");
  });

  it("stores governance settings, every part optional, and checks the timezone", async () => {
    const { governance } = await runAsPrincipal(admin, () =>
      client.setAgentGovernance({
        agentId: "bot-1",
        governance: {
          rateLimits: { perMinute: 10 },
          maxDailyUsd: 1000,
          allowedWindow: { startTime: "09:00", endTime: "17:00", timezone: "America/New_York" },
        },
      }),
    );
    expect(governance).toMatchObject({
      rateLimits: { perMinute: 10 },
      maxDailyUsd: 1000,
      allowedWindow: { timezone: "America/New_York" },
    });
    expect(governance?.rateLimits?.perHour).toBeUndefined();
    const read = await runAsPrincipal(user, () => client.getAgent({ agentId: "bot-1" }));
    expect(read.agent?.governance?.maxDailyUsd).toBe(1000);
    const badZone = await catchPlatformError(
      runAsPrincipal(admin, () =>
        client.setAgentGovernance({
          agentId: "bot-1",
          governance: { allowedWindow: { startTime: "09:00", endTime: "17:00", timezone: "Mars/Olympus" } },
        }),
      ),
    );
    expect(badZone.problems?.[0]).toMatchObject({ field: "governance.allowed_window.timezone" });
    const badTime = await catchPlatformError(
      runAsPrincipal(admin, () =>
        client.setAgentGovernance({
          agentId: "bot-1",
          governance: { allowedWindow: { startTime: "25:00", endTime: "17:00", timezone: "UTC" } },
        }),
      ),
    );
    expect(badTime.problems?.[0]).toMatchObject({
      field: "governance.allowed_window.start_time",
      rule: "string.pattern",
    });
    const cleared = await runAsPrincipal(admin, () => client.setAgentGovernance({ agentId: "bot-1", governance: {} }));
    expect(cleared.governance?.maxDailyUsd).toBeUndefined();
  });

  it("updates and deletes agents", async () => {
    const { agent } = await runAsPrincipal(manager, () =>
      client.updateAgent({ agentId: "page-a", name: "Page A", description: "renamed" }),
    );
    expect(agent).toMatchObject({ name: "Page A", description: "renamed", agentType: "t" });
    await runAsPrincipal(manager, () => client.deleteAgent({ agentId: "page-a" }));
    expect(
      (await catchPlatformError(runAsPrincipal(user, () => client.getAgent({ agentId: "page-a" })))).entry.key,
    ).toBe("AGENT_NOT_FOUND");
    expect(
      (await catchPlatformError(runAsPrincipal(manager, () => client.deleteAgent({ agentId: "page-a" })))).entry.key,
    ).toBe("AGENT_NOT_FOUND");
  });

  it("registers MCP servers with the first page's 404 and 409 texts", async () => {
    const { server } = await runAsPrincipal(admin, () =>
      client.registerMcpServer({
        name: "filesystem-server",
        url: "stdio://fs",
        transport: "stdio",
        tools: ["read_file"],
      }),
    );
    expect(server).toMatchObject({ name: "filesystem-server", transport: "stdio", tools: ["read_file"] });
    const dup = await catchPlatformError(
      runAsPrincipal(admin, () =>
        client.registerMcpServer({ name: "filesystem-server", url: "x", transport: "stdio" }),
      ),
    );
    expect({ key: dup.entry.key, params: dup.params }).toEqual({
      key: "MCP_SERVER_ALREADY_EXISTS",
      params: { name: "filesystem-server" },
    });
    expect((await runAsPrincipal(admin, () => client.listMcpServers({}))).items.map((m) => m.name)).toEqual([
      "filesystem-server",
    ]);
    // Their URLs can carry credentials: admins only, reading included.
    expect((await catchPlatformError(runAsPrincipal(user, () => client.listMcpServers({})))).entry.key).toBe(
      "ADMIN_ACCESS_REQUIRED",
    );
    expect(
      (await catchPlatformError(runAsPrincipal(user, () => client.getMcpServer({ name: "filesystem-server" })))).entry
        .key,
    ).toBe("ADMIN_ACCESS_REQUIRED");
    await runAsPrincipal(admin, () => client.deleteMcpServer({ name: "filesystem-server" }));
    expect(
      (await catchPlatformError(runAsPrincipal(admin, () => client.getMcpServer({ name: "filesystem-server" })))).entry
        .key,
    ).toBe("MCP_SERVER_NOT_FOUND");
  });
});
