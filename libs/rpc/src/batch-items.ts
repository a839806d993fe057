import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { invalidRequest } from "@platform/errors";
import type { Principal } from "@platform/proto/principal";
import type { Status } from "@platform/proto/google-rpc";
import { createLogger, traceBatchedItem, type BatchedRpc } from "@platform/telemetry";
import { errorToStatus } from "./batch-outcome.js";
import { toCatalogueError, type ErrorMapper } from "./error-normalizer.js";
import { requireCaller, runAsPrincipal } from "./principal-context.js";
import { assertValid } from "./validation-interceptor.js";

/** One caller's request inside a batch call. */
export interface BatchedRequest<Schema extends DescMessage> {
  readonly caller?: Principal;
  readonly request?: MessageShape<Schema>;
  readonly traceContext: Readonly<Record<string, string>>;
}

export type BatchOutcome<Result> = { readonly result: Result } | { readonly error: Status };

export interface BatchHandling<Schema extends DescMessage> {
  /** The unary RPC each request stands for (its spans and logs are named after it). */
  readonly rpc: BatchedRpc;
  /** The unary request's schema: each request is validated alone against it. */
  readonly schema: Schema;
  readonly mapError?: ErrorMapper;
}

const logger = createLogger("batch");

/**
 * Handles each request of a batch as its own unary call would have been: in its own
 * trace, as its own caller, validated alone, and failing alone with the catalogue
 * error that call would have answered (as a google.rpc.Status). The batch call itself
 * only fails when it cannot be handled at all (its sender is not a service).
 */
export function handleEachInBatch<Schema extends DescMessage, Result>(
  requests: readonly BatchedRequest<Schema>[],
  handling: BatchHandling<Schema>,
  handle: (caller: Principal & { organizationId: string }, request: MessageShape<Schema>) => Promise<Result>,
): Promise<BatchOutcome<Result>[]> {
  const name = `${handling.rpc.service}/${handling.rpc.method}`;
  return Promise.all(
    requests.map((item) =>
      traceBatchedItem(handling.rpc, { ...item.traceContext }, async () => {
        const caller = requireCaller(item.caller);
        const request = item.request;
        if (!request) throw invalidRequest([{ field: "request", rule: "required" }]);
        assertValid(handling.schema, request);
        return runAsPrincipal(caller, () => handle(caller, request));
      }).then(
        (result): BatchOutcome<Result> => ({ result }),
        (failure: unknown): BatchOutcome<Result> => ({
          error: errorToStatus(toCatalogueError(failure, name, logger, handling.mapError)),
        }),
      ),
    ),
  );
}
