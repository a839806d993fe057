import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { approvalDefinition } from "approval/service";
import { authDefinition } from "auth/service";
import { governanceDefinition } from "governance/service";
import { registryDefinition } from "registry/service";
import { dropTestSchema, type DatabaseTarget } from "@platform/persistence";
import { runService, type RunningService, type ServiceDefinition } from "@platform/rpc";
import { setupInMemoryTracing } from "@platform/telemetry/testing";
import { countersFromEnv } from "@platform/counters";
import { sharedChangeFeed } from "@platform/changes";
import { startGateway, type RunningGateway } from "gateway";
import { createServiceClients, type ServiceUrls } from "gateway/service-clients";

export type DatabaseKind = "sqlite" | "postgresql";

/** The four services' definitions, for tests that start an extra replica next to the platform. */
export const serviceDefinitions = {
  auth: authDefinition,
  registry: registryDefinition,
  governance: governanceDefinition,
  approval: approvalDefinition,
} as const;

/** The signing secret of the test platform's auth service (tests forge tokens with it). */
export const TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

export interface TestPlatform {
  readonly gateway: RunningGateway;
  readonly services: Record<keyof ServiceUrls, RunningService>;
  readonly urls: ServiceUrls;
  /** fetch against the gateway with JSON in and out. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; rawBody?: string },
  ): Promise<TestResponse>;
  stop(): Promise<void>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/**
 * The whole platform in this process: the four services on real HTTP/2 servers on
 * free ports, each with its own database (a SQLite file, or a fresh PostgreSQL
 * schema on TEST_DATABASE_URL), and the gateway in front, as `npm start` runs them.
 */
export async function startTestPlatform(
  kind: DatabaseKind = "sqlite",
  redisUrl?: string,
  options: {
    readonly dataDir?: string;
    /** Extra environment of the approval service (e.g. short notification retries). */
    readonly approvalEnv?: NodeJS.ProcessEnv;
  } = {},
): Promise<TestPlatform> {
  setupInMemoryTracing(); // as register.ts does for `npm start`: real trace ids everywhere
  // A given data dir (SQLite files restored from a backup, say) is the caller's to remove.
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "platform-test-"));
  const suffix = Math.random().toString(36).slice(2, 8);
  const targets: DatabaseTarget[] = [];
  const databaseUrl = process.env["TEST_DATABASE_URL"];
  if (kind === "postgresql" && !databaseUrl) throw new Error("A PostgreSQL test platform needs TEST_DATABASE_URL");
  const targetFor = (service: string): DatabaseTarget => {
    const target: DatabaseTarget =
      kind === "sqlite"
        ? { kind: "sqlite", path: join(dataDir, `${service}.sqlite`) }
        : { kind: "postgresql", url: databaseUrl ?? "", schema: `t_${service}_${suffix}` };
    targets.push(target);
    return target;
  };
  // Every service shares Redis or none does, as in production: change notices travel on it.
  const env: NodeJS.ProcessEnv = { JWT_SECRET: TEST_JWT_SECRET, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };
  const run = (definition: ServiceDefinition, extra: NodeJS.ProcessEnv = {}) =>
    runService(definition, Object.assign(extra, env, { [`${definition.name.toUpperCase()}_PORT`]: "0" }), {
      handleSignals: false,
      target: targetFor(definition.name),
    });

  // Approval and governance call each other: approval learns governance's free port once it has one.
  const approvalEnv: NodeJS.ProcessEnv = { ...options.approvalEnv };
  const approval = await run(approvalDefinition, approvalEnv);
  const auth = await run(authDefinition, { APPROVAL_URL: approval.server.url });
  const registry = await run(registryDefinition, { APPROVAL_URL: approval.server.url });
  const governance = await run(governanceDefinition, {
    REGISTRY_URL: registry.server.url,
    APPROVAL_URL: approval.server.url,
  });
  approvalEnv["GOVERNANCE_URL"] = governance.server.url;
  const urls: ServiceUrls = {
    auth: auth.server.url,
    registry: registry.server.url,
    governance: governance.server.url,
    approval: approval.server.url,
  };
  // The production prefix: organization ids are unique per test, and a second gateway shares the counts.
  const counters = countersFromEnv({ REDIS_URL: redisUrl }, "agp:gateway:");
  const changeFeed = sharedChangeFeed({ REDIS_URL: redisUrl });
  const gateway = await startGateway({ services: createServiceClients(urls), urls, port: 0, counters, changeFeed });
  const services = { auth, registry, governance, approval };

  return {
    gateway,
    services,
    urls,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers["content-type"] = "application/json";
      }
      const res = await fetch(`${gateway.url}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async stop() {
      await gateway.close();
      await counters.close();
      await changeFeed?.close();
      await Promise.all(Object.values(services).map((s) => s.stop()));
      for (const target of targets) if (target.kind === "postgresql") await dropTestSchema(target);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
