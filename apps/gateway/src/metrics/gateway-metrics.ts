import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The gateway's Prometheus metrics. HTTP and RPC durations use the OpenTelemetry
 * semantic-convention names and attributes as the OpenTelemetry Prometheus exporter
 * writes them (`http.server.request.duration` in seconds becomes
 * `http_server_request_duration_seconds`, attribute dots become underscores).
 * Governance metrics are prefixed `agp_`. Outbox lag is not measured: the platform has no outbox yet.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  /** Buckets of the OpenTelemetry semantic conventions for HTTP durations (seconds). */
  static readonly durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

  readonly httpDuration = new Histogram({
    name: "http_server_request_duration_seconds",
    help: "Duration of HTTP server requests (OpenTelemetry http.server.request.duration).",
    labelNames: ["http_request_method", "http_route", "http_response_status_code", "error_type"] as const,
    buckets: GatewayMetrics.durationBuckets,
    registers: [this.registry],
  });

  readonly rpcDuration = new Histogram({
    name: "rpc_client_call_duration_seconds",
    help: "Duration of the gateway's Connect calls to the services (OpenTelemetry rpc.client.call.duration).",
    labelNames: ["rpc_system", "rpc_service", "rpc_method", "rpc_response_status_code"] as const,
    buckets: GatewayMetrics.durationBuckets,
    registers: [this.registry],
  });

  readonly decisions = new Counter({
    name: "agp_decisions_total",
    help: "Decisions on submitted actions, by outcome (auto_approved, pending_approval, denied) and refusal code (none when admitted).",
    labelNames: ["outcome", "refusal_code"] as const,
    registers: [this.registry],
  });

  readonly approvals = new Counter({
    name: "agp_approval_decisions_total",
    help: "Approve and reject requests by humans, by move and outcome (approved, rejected, or the refusal code).",
    labelNames: ["move", "outcome"] as const,
    registers: [this.registry],
  });

  readonly budgetSpend = new Counter({
    name: "agp_budget_spend_usd_total",
    help: "Estimated cost (USD) of admitted actions, counted against their agents' daily budgets.",
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: "agp_rate_limited_total",
    help: "429 answers by the kind of limit: organization_hour, organization_day, agent, budget, quota.",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });

  constructor() {
    // Every series says where it comes from: /metrics aggregates the gateway and the services.
    this.registry.setDefaultLabels({ service: "gateway" });
    collectDefaultMetrics({ register: this.registry });
  }
}

/** One set per process: every gateway handler in it reports into the same registry. */
export const gatewayMetrics = new GatewayMetrics();
