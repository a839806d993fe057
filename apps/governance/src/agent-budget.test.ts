import { create } from "@bufbuild/protobuf";
import { InProcessCounters, RedisCounters, type CounterStore } from "@platform/counters";
import { AgentSchema } from "@platform/proto/registry";
import { runAsPrincipal } from "@platform/rpc";
import { catchPlatformError, principal } from "@platform/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { governanceHarness, type GovernanceHarness } from "./test-support.js";

const redisUrl = process.env["TEST_REDIS_URL"];
if (!redisUrl) console.warn("TEST_REDIS_URL is not set: the agent budget test on Redis counters is skipped");
const stores: [string, (now: () => number) => CounterStore][] = [["in process", (now) => new InProcessCounters(now)]];
if (redisUrl)
  stores.push(["redis", () => new RedisCounters(redisUrl, `test:budget:${Math.random().toString(36).slice(2)}:`)]);

/** GetAgentBudget: today's spend of an agent, read from the counter the pipeline reserves in. */
describe.each(stores)("an agent's budget and today's spend (%s counters)", (_name, makeCounters) => {
  let governance: GovernanceHarness;
  let counters: CounterStore;
  let clock = new Date("2026-03-04T15:30:00Z"); // 10:30 in New York
  const admin = principal("admin", { organizationId: "org_b", userId: "usr_b" });
  const stranger = principal("admin", { organizationId: "org_other", userId: "usr_o" });
  const agents = new Map([
    [
      "org_b",
      new Map([
        [
          "spender",
          create(AgentSchema, {
            agentId: "spender",
            status: "active",
            governance: {
              maxDailyUsd: 100,
              allowedWindow: { startTime: "00:00", endTime: "23:59", timezone: "America/New_York", days: [] },
            },
          }),
        ],
        ["unbudgeted", create(AgentSchema, { agentId: "unbudgeted", status: "active" })],
      ]),
    ],
  ]);
  const budgetOf = (agentId: string, as = admin) =>
    runAsPrincipal(as, async () => (await governance.client.getAgentBudget({ agentId })).budget);
  const submit = (estimatedCostUsd: number, riskScore: number) =>
    runAsPrincipal(admin, () =>
      governance.client.submitAction({ agentId: "spender", actionType: "read", estimatedCostUsd, riskScore }),
    );

  beforeAll(async () => {
    counters = makeCounters(() => clock.getTime());
    governance = await governanceHarness({ agents, counters, now: () => clock });
  });
  afterAll(async () => {
    await governance?.close();
    await counters?.close();
  });

  it("starts the agent's day at nothing spent, in the agent's timezone", async () => {
    expect(await budgetOf("spender")).toMatchObject({
      agentId: "spender",
      maxDailyUsd: 100,
      spentTodayUsd: 0,
      remainingUsd: 100,
      day: "2026-03-04",
      timezone: "America/New_York",
      resetsInSeconds: 13.5 * 3600,
    });
  });

  it("counts what was spent and what pending actions hold, not what was refused", async () => {
    expect((await submit(30.25, 10)).action?.status).toBe("auto_approved");
    expect((await submit(20, 75)).action?.status).toBe("pending_approval");
    expect((await catchPlatformError(submit(60, 10))).entry.key).toBe("BUDGET_EXCEEDED");
    expect(await budgetOf("spender")).toMatchObject({ spentTodayUsd: 50.25, remainingUsd: 49.75 });
  });

  it("starts again at the agent's local midnight", async () => {
    clock = new Date("2026-03-05T05:00:01Z"); // 00:00:01 in New York
    expect(await budgetOf("spender")).toMatchObject({ spentTodayUsd: 0, remainingUsd: 100, day: "2026-03-05" });
  });

  it("answers an agent without a budget with no limit and nothing counted, in UTC", async () => {
    const budget = await budgetOf("unbudgeted");
    expect(budget).toMatchObject({ agentId: "unbudgeted", spentTodayUsd: 0, timezone: "UTC", day: "2026-03-05" });
    expect(budget?.maxDailyUsd).toBeUndefined();
    expect(budget?.remainingUsd).toBeUndefined();
  });

  it("finds no agent of another organization (404), as every agent route", async () => {
    const refused = await catchPlatformError(budgetOf("spender", stranger));
    expect(refused.entry.key).toBe("AGENT_NOT_FOUND");
    expect(refused.error.code).toBe(5); // NOT_FOUND
  });
});
