import { codeToString } from "@connectrpc/connect/protocol-connect";
import { ConnectError } from "@connectrpc/connect";
import { gatewayMetrics, type GatewayMetrics } from "./gateway-metrics.js";

/**
 * Times every call of the gateway's service clients into rpc_client_call_duration_seconds
 * (rpc.service is the fully qualified service, rpc.method the method, the status the Connect
 * code name or "ok"). The clients are wrapped, not changed: every method still returns what it did.
 */
export function instrumentClients<T extends object>(
  clients: T,
  serviceNames: Readonly<Record<keyof T, string>>,
  metrics: GatewayMetrics = gatewayMetrics,
): T {
  const wrapped = {} as T;
  for (const key of Object.keys(clients) as (keyof T)[]) {
    const client = clients[key] as Record<string, unknown>;
    const service = serviceNames[key];
    wrapped[key] = new Proxy(client, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== "function" || typeof property !== "string") return value;
        return async (...args: unknown[]) => {
          const started = performance.now();
          let status = "ok";
          try {
            const call = value as (...a: unknown[]) => Promise<unknown>;
            return await call.apply(target, args);
          } catch (failure) {
            status = codeToString(ConnectError.from(failure).code);
            throw failure;
          } finally {
            metrics.rpcDuration.observe(
              {
                rpc_system: "connect_rpc",
                rpc_service: service,
                rpc_method: property,
                rpc_response_status_code: status,
              },
              (performance.now() - started) / 1000,
            );
          }
        };
      },
    }) as T[keyof T];
  }
  return wrapped;
}
