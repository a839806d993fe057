import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, createClient, encodeBinaryHeader, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { SignJWT } from "jose";
import { RegistryService } from "@platform/proto";
import { PrincipalSchema } from "@platform/proto/principal";
import { AgentSchema } from "@platform/proto/registry";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceTransport } from "./client.js";
import { requirePrincipal, runAsPrincipal } from "./principal-context.js";
import { startServiceServer, type RunningServer } from "./server.js";
import { loadServiceTokenSecret, SERVICE_TOKEN_SECRET_FILE } from "./service-token-secret.js";
import { configureServiceTokenSecret, signServiceToken, verifyServiceToken } from "./service-token.js";

const SECRET = "a-shared-secret-of-the-test-platform-0123456789";
const caller = principal("admin", { organizationId: "org_tokens" });

/** A token signed by hand, to forge what the platform never issues. */
function handMade(options: { secret?: string; audience?: string; iat?: number; exp?: number; issuer?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ prn: Buffer.from(toBinary(PrincipalSchema, caller)).toString("base64url") })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(options.issuer ?? "agent-governance-platform")
    .setAudience(options.audience ?? "registry")
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 60)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe("signed caller tokens between services", () => {
  let server: RunningServer;
  let bare: Client<typeof RegistryService>;

  beforeAll(async () => {
    configureServiceTokenSecret(SECRET);
    server = await startServiceServer({
      name: "registry",
      port: 0,
      routes: (router) =>
        router.service(RegistryService, {
          async getAgent(req, ctx) {
            const who = requirePrincipal(ctx);
            return { agent: create(AgentSchema, { agentId: req.agentId, organizationId: who.organizationId }) };
          },
        }),
    });
    // A client without the platform's interceptors: it sends exactly the headers a test gives.
    bare = createClient(RegistryService, createConnectTransport({ httpVersion: "2", baseUrl: server.url }));
  });
  afterAll(async () => server?.close());

  const withToken = async (token: string) =>
    bare.getAgent({ agentId: "bot-1" }, { headers: { authorization: `Bearer ${token}` } });

  it("carries the caller of a platform client to the handler", async () => {
    const client = createClient(RegistryService, createServiceTransport("registry", { baseUrl: server.url }));
    const { agent } = await runAsPrincipal(caller, () => client.getAgent({ agentId: "bot-1" }));
    expect(agent?.organizationId).toBe("org_tokens");
  });

  it("accepts a token minted for the service (what `npm run mint-token` prints)", async () => {
    expect((await withToken(await signServiceToken(caller, "registry", 300))).agent?.organizationId).toBe("org_tokens");
  });

  it("refuses a token signed with another secret: 401 INVALID_SERVICE_TOKEN", async () => {
    const refused = await catchPlatformError(
      withToken(await handMade({ secret: "someone-else-s-secret-0123456789abcdef" })),
    );
    expect({
      code: refused.error.code,
      key: refused.entry.key,
      http: refused.entry.http,
      detail: refused.entry.detail,
      params: refused.params,
    }).toEqual({
      code: Code.Unauthenticated,
      key: "INVALID_SERVICE_TOKEN",
      http: 401,
      detail: "Invalid service token",
      params: { problem: "signature does not verify" },
    });
  });

  it("refuses an expired token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = await catchPlatformError(withToken(await handMade({ iat: now - 120, exp: now - 60 })));
    expect([refused.entry.key, refused.params]).toEqual(["INVALID_SERVICE_TOKEN", { problem: "expired" }]);
  });

  it("refuses a token issued for another service", async () => {
    const refused = await catchPlatformError(withToken(await handMade({ audience: "approval" })));
    expect([refused.entry.key, refused.params]).toEqual([
      "INVALID_SERVICE_TOKEN",
      { problem: "issued for another service" },
    ]);
  });

  it("refuses a token that would live longer than 15 minutes", async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = await catchPlatformError(withToken(await handMade({ exp: now + 86_400 })));
    expect([refused.entry.key, refused.params]).toEqual(["INVALID_SERVICE_TOKEN", { problem: "claim exp is invalid" }]);
  });

  it("refuses garbage and a non-bearer authorization", async () => {
    expect((await catchPlatformError(withToken("not.a.jwt"))).params).toEqual({ problem: "malformed" });
    const basic = bare.getAgent({ agentId: "bot-1" }, { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } });
    expect((await catchPlatformError(basic)).params).toEqual({ problem: "not a bearer token" });
  });

  it("no longer believes the unsigned principal header of old", async () => {
    const forged = bare.getAgent(
      { agentId: "bot-1" },
      { headers: { "x-platform-principal-bin": encodeBinaryHeader(caller, PrincipalSchema) } },
    );
    expect((await catchPlatformError(forged)).entry.key).toBe("AUTHENTICATION_REQUIRED");
  });

  it("verifies only for the audience it names", async () => {
    const token = await signServiceToken(caller, "registry");
    expect((await verifyServiceToken(token, "registry")).organizationId).toBe("org_tokens");
    expect((await catchPlatformError(verifyServiceToken(token, "auth"))).params).toEqual({
      problem: "issued for another service",
    });
  });
});

describe("the shared secret of an embedded platform", () => {
  it("is SERVICE_TOKEN_SECRET when set, else one file generated once in the data dir", () => {
    const dir = mkdtempSync(join(tmpdir(), "service-secret-"));
    try {
      expect(loadServiceTokenSecret({ secret: SECRET, dataDir: dir })).toBe(SECRET);
      const first = loadServiceTokenSecret({ dataDir: dir });
      expect(first.length).toBeGreaterThanOrEqual(43);
      expect(loadServiceTokenSecret({ dataDir: dir })).toBe(first);
      expect(readFileSync(join(dir, SERVICE_TOKEN_SECRET_FILE), "utf8").trim()).toBe(first);
      expect(statSync(join(dir, SERVICE_TOKEN_SECRET_FILE)).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run mint-token", () => {
  it("prints a token the named service accepts for the caller it describes", async () => {
    const { spawnSync } = await import("node:child_process");
    const root = new URL("../../../", import.meta.url).pathname;
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "tools/mint-token.ts",
        "--service",
        "approval",
        "--organization",
        "org_minted",
        "--role",
        "manager",
        "--ttl",
        "120",
      ],
      {
        cwd: root,
        env: { ...process.env, SERVICE_TOKEN_SECRET: SECRET },
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(0);
    configureServiceTokenSecret(SECRET);
    const minted = await verifyServiceToken(run.stdout.trim(), "approval");
    expect({ org: minted.organizationId, role: minted.role, level: minted.approvalLevel }).toEqual({
      org: "org_minted",
      role: "manager",
      level: 2,
    });
    const refused = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "tools/mint-token.ts",
        "--service",
        "approval",
        "--organization",
        "org_minted",
        "--ttl",
        "86400",
      ],
      { cwd: root, env: { ...process.env, SERVICE_TOKEN_SECRET: SECRET }, encoding: "utf8" },
    );
    expect([refused.status, refused.stderr]).toEqual([
      2,
      "mint-token: --ttl must be an integer from 1 to 900 (seconds)\n",
    ]);
  }, 60_000);
});
