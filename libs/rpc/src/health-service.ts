import { create } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { platformError } from "@platform/errors";
import { Health, HealthCheckResponse_ServingStatus as Status, HealthCheckResponseSchema } from "@platform/proto/health";

/** How often Watch re-checks while a client waits for a change. */
const WATCH_INTERVAL_MS = 5000;

/**
 * The standard grpc.health.v1.Health service of a platform service, so that
 * Kubernetes gRPC probes, grpc-health-probe and the gateway's `/ready` ask the same
 * question: SERVING when `readiness` resolves (the service's database answers),
 * NOT_SERVING when it rejects. The empty name asks about the server as a whole; a
 * name the server does not serve is NOT_FOUND, as the protocol says.
 */
export function registerHealthService(
  router: ConnectRouter,
  serviceNames: readonly string[],
  readiness: () => Promise<void>,
): void {
  const known = new Set(["", ...serviceNames]);
  const statusNow = () =>
    readiness().then(
      () => Status.SERVING,
      () => Status.NOT_SERVING,
    );
  const answer = (status: Status) => create(HealthCheckResponseSchema, { status });
  router.service(Health, {
    async check(req) {
      if (!known.has(req.service)) throw platformError("ROUTE_NOT_FOUND", { method: "Check", path: req.service });
      return answer(await statusNow());
    },
    async list() {
      const status = await statusNow();
      return { statuses: Object.fromEntries([...known].map((name) => [name, answer(status)])) };
    },
    async *watch(req, ctx) {
      if (!known.has(req.service)) {
        yield answer(Status.SERVICE_UNKNOWN);
        return;
      }
      let last: Status | undefined;
      while (!ctx.signal.aborted) {
        const status = await statusNow();
        if (status !== last) yield answer(status);
        last = status;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, WATCH_INTERVAL_MS);
          ctx.signal.addEventListener(
            "abort",
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    },
  });
}
