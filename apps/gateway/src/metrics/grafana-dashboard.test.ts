import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gatewayMetrics } from "./gateway-metrics.js";

const dashboard = JSON.parse(
  readFileSync(new URL("../../../../deploy/grafana/agent-governance.json", import.meta.url), "utf8"),
) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

describe("the Grafana dashboard", () => {
  it("charts only metric families the platform exports", async () => {
    const exported = new Set((await gatewayMetrics.registry.getMetricsAsJSON()).map((m) => m.name));
    for (const name of ["rpc_server_call_duration_seconds", "agp_pending_approvals"]) exported.add(name); // from the services
    const used = new Set(
      dashboard.panels.flatMap((p) =>
        p.targets.flatMap((t) => [...t.expr.matchAll(/\b([a-z_]+?)(?:_bucket|_count|_sum)?\{/g)].map((m) => m[1]!)),
      ),
    );
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    expect(used).toEqual(
      new Set([
        "agp_decisions_total",
        "agp_pending_approvals",
        "agp_budget_spend_usd_total",
        "http_server_request_duration_seconds",
        "agp_approval_decisions_total",
        "agp_rate_limited_total",
        "rpc_server_call_duration_seconds",
        "rpc_client_call_duration_seconds",
        "process_cpu_seconds_total",
      ]),
    );
  });
});
