import { create } from "@bufbuild/protobuf";
import { ConnectError, type Client, type ServiceImpl } from "@connectrpc/connect";
import type { MikroORM } from "@mikro-orm/core";
import { decodePlatformError } from "@platform/errors";
import { newId } from "@platform/persistence";
import { ApprovalService, GovernanceService, RegistryService } from "@platform/proto";
import { ActionSchema } from "@platform/proto/action";
import { requirePrincipal } from "@platform/rpc";
import { currentTraceId } from "@platform/telemetry";
import { assertAgentActive } from "../domain/kill-switch.js";
import { resolveRisk } from "../domain/risk.js";
import { routeByRisk } from "../domain/routing.js";
import { DecisionEntity } from "../persistence/decision-entity.js";
import { DecisionRepository } from "../persistence/decision-repository.js";

type Impl = Partial<ServiceImpl<typeof GovernanceService>>;

export interface GovernanceDeps {
  readonly orm: MikroORM;
  readonly registry: Client<typeof RegistryService>;
  readonly approval: Client<typeof ApprovalService>;
  readonly now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Connect handlers of governance: the decision pipeline of api-contract section 6. */
export function governanceService(deps: GovernanceDeps): Impl {
  const now = deps.now ?? (() => new Date());

  return {
    async submitAction(req, ctx) {
      const caller = requirePrincipal(ctx);
      const at = now();
      const actionId = newId("act");
      const correlationId = currentTraceId() ?? "";
      const em = deps.orm.em.fork();
      const decisions = new DecisionRepository(em);
      const parameters = req.parameters ?? {};
      const cost = req.estimatedCostUsd ?? 0;
      const base = {
        id: actionId, organizationId: caller.organizationId, agentId: req.agentId, actionType: req.actionType,
        estimatedCostUsd: cost, submittedByUserId: caller.userId, correlationId, createdAt: at,
      };

      // 1. The agent is registered (AGENT_NOT_FOUND comes from the registry) and its kill switch is off.
      const { agent } = await deps.registry.getAgent({ agentId: req.agentId });
      const recentDenials = await decisions.countDenialsSince(caller.organizationId, req.agentId, new Date(at.getTime() - DAY_MS));
      const risk = resolveRisk(
        { score: req.riskScore, level: req.riskLevel },
        { actionType: req.actionType, resource: req.resource, estimatedCostUsd: cost, parameters, recentDenials },
      );
      try {
        assertAgentActive(agent!);
      } catch (refusal) {
        const key = decodePlatformError(ConnectError.from(refusal))?.entry.key ?? "";
        await decisions.record(em.create(DecisionEntity, {
          ...base, outcome: "denied", refusal: key, decidedBy: "kill_switch", reason: agent!.killReason,
          riskScore: risk.score, riskLevel: risk.level,
        }));
        // A refusal is a decision too: it goes into the organization's audit trail.
        await deps.approval.appendAuditEntry({
          eventType: "decision.denied", agentId: req.agentId, actionId: actionId, outcome: "denied",
          data: { refusal: key, decided_by: "kill_switch", action_type: req.actionType, risk_score: risk.score, risk_level: risk.level },
        });
        throw refusal;
      }
      // 2-5. Rate limits, time window, budget, policies and smart rules join here (issue 5).
      // 6. Risk decides between automatic approval and a human approval at level N.
      const routing = routeByRisk(risk.level, risk.score);
      await decisions.record(em.create(DecisionEntity, {
        ...base, outcome: routing.status, refusal: "", decidedBy: routing.decidedBy, reason: routing.reason,
        riskScore: risk.score, riskLevel: risk.level,
      }));
      const { action } = await deps.approval.recordAction({
        action: create(ActionSchema, {
          id: actionId,
          agentId: req.agentId,
          actionType: req.actionType,
          resource: req.resource,
          status: routing.status,
          riskScore: risk.score,
          riskLevel: risk.level,
          riskFactors: risk.factors.map((f) => ({ ...f })),
          requiredLevel: routing.requiredLevel,
          reason: routing.reason,
          decidedBy: routing.decidedBy,
          estimatedCostUsd: cost,
          parameters: req.parameters,
          correlationId,
        }),
      });
      return { action };
    },
  };
}
