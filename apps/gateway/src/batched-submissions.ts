import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import type { GovernanceService } from "@platform/proto";
import {
  SubmissionSchema,
  SubmitActionResponseSchema,
  type Submission,
  type SubmissionOutcome,
  type SubmitActionRequestSchema,
  type SubmitActionResponse,
} from "@platform/proto/governance";
import { Coalescer, currentPrincipal, runAsPrincipal, servicePrincipal, statusToError } from "@platform/rpc";
import { traceBatchedCall, untraced } from "@platform/telemetry";

/** Most submissions in one SubmitActions call. */
const MAX_BATCH = 128;
/**
 * Two batches in flight: governance decides the next one while approval stores the
 * previous one, instead of the two taking turns.
 */
const MAX_IN_FLIGHT = 2;

/**
 * The governance client of the gateway, with its busiest call batched: submissions that
 * arrive while earlier ones are in flight travel together in one SubmitActions call
 * (the first after a quiet moment goes at once, alone). Each keeps its own caller, its
 * own trace and its own answer; one refused or failed submission fails alone. Every
 * other call goes to governance as it is.
 */
export function withBatchedSubmissions(governance: Client<typeof GovernanceService>): Client<typeof GovernanceService> {
  const self = servicePrincipal("gateway");
  const rpc = { service: "platform.governance.v1.GovernanceService", method: "SubmitAction" };
  const batches = new Coalescer<Submission, SubmissionOutcome | ConnectError>(
    async (submissions) => {
      // Sent as the gateway itself, each submission naming its caller; the call carries no one request's trace.
      const { outcomes } = await untraced(() =>
        runAsPrincipal(self, () => governance.submitActions({ submissions: [...submissions] })),
      );
      return submissions.map(
        (_, i) => outcomes[i] ?? new ConnectError("governance answered fewer outcomes than submissions", Code.Internal),
      );
    },
    { maxBatch: MAX_BATCH, maxInFlight: MAX_IN_FLIGHT },
  );

  async function submitAction(
    request: MessageInitShape<typeof SubmitActionRequestSchema>,
  ): Promise<SubmitActionResponse> {
    const caller = currentPrincipal();
    // Without a caller there is nothing to batch for: the call itself answers AUTHENTICATION_REQUIRED.
    if (!caller) return governance.submitAction(request);
    return traceBatchedCall(rpc, async (traceContext) => {
      const outcome = await batches.submit(create(SubmissionSchema, { caller, request, traceContext }));
      if (outcome instanceof ConnectError) throw outcome;
      if (outcome.error) throw statusToError(outcome.error);
      return create(SubmitActionResponseSchema, { action: outcome.action });
    });
  }

  return { ...governance, submitAction };
}
