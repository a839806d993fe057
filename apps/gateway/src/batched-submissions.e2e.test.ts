import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

/**
 * Submissions that arrive together travel to governance in one SubmitActions batch:
 * each must still be decided for its own caller, in its own organization, under its
 * own correlation id, with its own answer.
 */
describe("concurrent submissions batched to governance", () => {
  let platform: TestPlatform;
  const orgs: { headers: Record<string, string>; admin: Record<string, string> }[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform("sqlite");
    for (const name of ["Alpha", "Beta"]) {
      const signup = await platform.call("POST", "/api/auth/signup", {
        body: { organization_name: name, email: `ops@${name.toLowerCase()}.test`, password: "pass-word-7" },
      });
      const admin = { authorization: `Bearer ${signup.body.access_token}` };
      const key = await platform.call("POST", "/api/keys", { body: { name: "bot" }, headers: admin });
      const headers = { "x-api-key": key.body.key as string };
      for (const agent_id of ["shared-bot", `${name.toLowerCase()}-only`])
        await platform.call("POST", "/api/registry/agents", { body: { agent_id, agent_type: "t" }, headers });
      orgs.push({ headers, admin });
    }
  }, 60_000);
  afterAll(async () => platform?.stop());

  /** SubmitActions calls governance has handled so far, from the platform's /metrics. */
  async function governanceBatches(): Promise<number> {
    const text = await (await fetch(`${platform.gateway.url}/metrics`)).text();
    return text
      .split("\n")
      .filter(
        (line) =>
          line.startsWith("rpc_server_call_duration_seconds_count{") &&
          line.includes('service="governance"') &&
          line.includes('rpc_method="SubmitActions"'),
      )
      .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
  }

  it("answers each of many concurrent submissions from two organizations as its own", async () => {
    const [alpha, beta] = orgs as [(typeof orgs)[0], (typeof orgs)[0]];
    const submissions = Array.from({ length: 40 }, (_, i) => {
      const org = i % 2 === 0 ? alpha : beta;
      const kind = i % 5;
      const body =
        kind === 0
          ? { agent_id: "alpha-only", action_type: "read_file" } // found only in Alpha
          : kind === 1
            ? { agent_id: "x", action_type: "read_file" } // invalid: 422 alone
            : kind === 2
              ? { agent_id: "shared-bot", action_type: "transfer", risk_score: 80 } // pending
              : { agent_id: "shared-bot", action_type: "read_file", resource: `file-${i}` };
      return { i, org, body, correlation: `corr-${i}` };
    });
    const batchesBefore = await governanceBatches();
    const answers = await Promise.all(
      submissions.map(({ org, body, correlation }) =>
        platform.call("POST", "/api/v1/actions", {
          body,
          headers: { ...org.headers, "x-correlation-id": correlation },
        }),
      ),
    );
    // They went to governance together: fewer SubmitActions calls than submissions that reached it.
    const reachedGovernance = submissions.filter((s) => s.body.agent_id !== "x").length;
    const batches = (await governanceBatches()) - batchesBefore;
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(reachedGovernance);
    const ids = new Set<number>();
    for (const [n, { i, org, body, correlation }] of submissions.entries()) {
      const res = answers[n]!;
      expect(res.headers.get("x-correlation-id")).toBe(correlation);
      if (body.agent_id === "x") {
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("INVALID_FIELD_VALUE");
        continue;
      }
      if (body.agent_id === "alpha-only" && org === beta) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe("AGENT_NOT_FOUND");
        expect(res.body.meta.correlation_id).toBe(correlation);
        continue;
      }
      expect(res.status).toBe(body.action_type === "transfer" ? 202 : 200);
      expect(res.body.correlation_id).toBe(correlation);
      if ("resource" in body) expect(res.body.resource).toBe(`file-${i}`);
      ids.add(res.body.id as number);
      // Stored in the submitter's organization only.
      const other = org === alpha ? beta : alpha;
      expect((await platform.call("GET", `/api/v1/actions/${res.body.id}`, { headers: org.headers })).status).toBe(200);
      expect((await platform.call("GET", `/api/v1/actions/${res.body.id}`, { headers: other.headers })).status).toBe(
        404,
      );
    }
    expect(ids.size).toBe(
      submissions.filter((s) => s.body.agent_id !== "x" && !(s.body.agent_id === "alpha-only" && s.org === beta))
        .length,
    );
    // The audit trail of each organization still verifies.
    for (const org of orgs) {
      const verify = await platform.call("GET", "/api/audit/verify", { headers: org.admin });
      expect(verify.status).toBe(200);
      expect(verify.body.valid).toBe(true);
    }
  });

  it("stores parameters that look like the database layer's own query nodes as the plain JSON they are", async () => {
    const [alpha] = orgs as [(typeof orgs)[0]];
    const parameters = {
      kind: "RawNode",
      sqlFragments: ["drop table actions"],
      nested: { kind: "ValueNode", value: 1 },
    };
    const res = await platform.call("POST", "/api/v1/actions", {
      body: { agent_id: "shared-bot", action_type: "read_file", parameters },
      headers: alpha.headers,
    });
    expect(res.status).toBe(200);
    const stored = await platform.call("GET", `/api/v1/actions/${res.body.id}`, { headers: alpha.headers });
    expect(stored.body.parameters).toEqual(parameters);
  });
});
