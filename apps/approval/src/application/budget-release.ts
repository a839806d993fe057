import { create } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { GovernanceService } from "@platform/proto";
import { PrincipalSchema } from "@platform/proto/principal";
import { runAsPrincipal } from "@platform/rpc";
import { createLogger } from "@platform/telemetry";
import type { RefusedHook } from "./approval-workflow.js";

/**
 * Asks governance to give back the daily budget of actions that waited for an approval
 * and were refused. It acts as the organization's system actor (the sweeper has no
 * caller). A failure is logged, not raised: the refusal itself already committed.
 */
export function releaseBudgetsThrough(governance: () => Client<typeof GovernanceService>): RefusedHook {
  const logger = createLogger("approval");
  return async (organizationId, holds) => {
    const system = create(PrincipalSchema, {
      organizationId,
      userId: "system",
      role: "admin",
      approvalLevel: 3,
      authMethod: "system",
    });
    for (const hold of holds) {
      try {
        await runAsPrincipal(system, () =>
          governance().releaseBudget({
            actionId: String(hold.actionId),
            budgetKey: hold.key,
            micros: BigInt(hold.micros),
          }),
        );
      } catch (failure) {
        logger.error({ err: failure, action_id: hold.actionId }, "budget of a refused action could not be released");
      }
    }
  };
}
