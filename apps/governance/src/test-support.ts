import { createClient, createRouterTransport } from "@connectrpc/connect";
import type { CounterStore } from "@platform/counters";
import { LocalChangeFeed } from "@platform/changes";
import { platformError } from "@platform/errors";
import { openTestDatabase, type TestDatabase } from "@platform/persistence/testing";
import { ApprovalService, GovernanceService, RegistryService } from "@platform/proto";
import type { Action } from "@platform/proto/action";
import type { Agent } from "@platform/proto/registry";
import {
  inProcessTransport,
  principalClientInterceptor,
  principalServerInterceptor,
  requirePrincipal,
} from "@platform/rpc";
import { governanceService } from "./rpc/governance-service.js";
import { governanceDefinition, wireGovernance } from "./service.js";

/** Governance wired to contract-level doubles of the registry and approval, with what it recorded. */
export interface GovernanceHarness {
  readonly client: ReturnType<typeof createClient<typeof GovernanceService>>;
  /** Every action governance asked approval to store. */
  readonly recorded: Action[];
  close(): Promise<void>;
}

/**
 * Real governance (database, rule book, counters) behind in-process Connect, with a
 * registry double that, like the registry, finds only the caller's organization's agents:
 * `agents` is keyed by organization id, then agent id.
 */
export async function governanceHarness(options: {
  readonly agents: ReadonlyMap<string, ReadonlyMap<string, Agent>>;
  readonly counters: CounterStore;
  readonly now: () => Date;
}): Promise<GovernanceHarness> {
  const db: TestDatabase = await openTestDatabase(governanceDefinition.entities, { kind: "sqlite" });
  const interceptors = {
    router: { interceptors: [principalServerInterceptor] },
    transport: { interceptors: [principalClientInterceptor] },
  };
  const recorded: Action[] = [];
  const registry = createClient(
    RegistryService,
    createRouterTransport(
      (router) =>
        router.service(RegistryService, {
          getAgent(req, ctx) {
            const agent = options.agents.get(requirePrincipal(ctx).organizationId)?.get(req.agentId);
            if (!agent) throw platformError("AGENT_NOT_FOUND", { agent_id: req.agentId });
            return { agent };
          },
        }),
      interceptors,
    ),
  );
  const approval = createClient(
    ApprovalService,
    createRouterTransport(
      (router) =>
        router.service(ApprovalService, {
          recordActions(req) {
            recorded.push(...req.records.map((r) => r.action!));
            return { outcomes: req.records.map((r) => ({ action: r.action })) };
          },
        }),
      interceptors,
    ),
  );
  const { app, stop } = wireGovernance({
    orm: db.orm,
    registry,
    registryUrl: "",
    approval,
    counters: options.counters,
    sharedFeed: new LocalChangeFeed(),
    now: options.now,
  });
  const client = createClient(
    GovernanceService,
    inProcessTransport("governance", (router) => router.service(GovernanceService, governanceService(app))),
  );
  return {
    client,
    recorded,
    async close() {
      stop();
      await db.close();
    },
  };
}
