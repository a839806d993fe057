import { codeToString } from "@connectrpc/connect/protocol-connect";
import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * A service's Prometheus metrics: its Connect handlers' durations under the OpenTelemetry
 * semantic-convention name (`rpc.server.call.duration`, seconds) and the process metrics,
 * every series labelled with the service's name so the gateway can aggregate all services
 * into one /metrics without collisions. Services add their own (e.g. approval's pending
 * approvals by level) through `ServiceDefinition.metrics`.
 */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly interceptor: Interceptor;
}

const byService = new Map<string, ServiceMetrics>();

/** One set per service name and process (tests run the four services in one process). */
export function serviceMetrics(service: string): ServiceMetrics {
  const existing = byService.get(service);
  if (existing) return existing;
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: "rpc_server_call_duration_seconds",
    help: "Duration of Connect calls handled by the service (OpenTelemetry rpc.server.call.duration).",
    labelNames: ["rpc_system", "rpc_service", "rpc_method", "rpc_response_status_code"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const interceptor: Interceptor = (next) => async (req) => {
    const started = performance.now();
    let status = "ok";
    try {
      return await next(req);
    } catch (failure) {
      status = codeToString(ConnectError.from(failure).code);
      throw failure;
    } finally {
      duration.observe(
        {
          rpc_system: "connect_rpc",
          rpc_service: req.service.typeName,
          rpc_method: req.method.name,
          rpc_response_status_code: status,
        },
        (performance.now() - started) / 1000,
      );
    }
  };
  const metrics = { registry, interceptor };
  byService.set(service, metrics);
  return metrics;
}
