import {
  CreatePolicyRequestSchema,
  CreateSmartRuleRequestSchema,
  PolicySchema,
  SmartRuleSchema,
} from "@platform/proto/governance";
import { messageFromJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** A misspelt condition (`action_type` for `action_types`) would match every action: refused, naming it. */
const strictConditions = { strict: ["policy.conditions"] };

/** Policies and smart rules: full CRUD, admin to write (api-contract sections 6 and 7). */
export const ruleRoutes: Route[] = [
  {
    method: "POST",
    path: "/policies",
    access: "authenticated",
    bodyField: "policy",
    async handle({ body, services }) {
      const res = await services.governance.createPolicy(
        messageFromJson(CreatePolicyRequestSchema, { policy: body }, "body", strictConditions),
      );
      return ok(jsonView(PolicySchema, res.policy), 201);
    },
  },
  {
    method: "GET",
    path: "/policies",
    access: "authenticated",
    async handle({ services }) {
      return ok({
        items: (await services.governance.listPolicies({})).items.map((p) => jsonView(PolicySchema, p)),
        next_cursor: null,
      });
    },
  },
  {
    method: "GET",
    path: "/policies/:id",
    access: "authenticated",
    async handle({ params, services }) {
      return ok(jsonView(PolicySchema, (await services.governance.getPolicy({ id: params["id"] })).policy));
    },
  },
  {
    method: "PUT",
    path: "/policies/:id",
    access: "authenticated",
    bodyField: "policy",
    async handle({ params, body, services }) {
      const { policy } = messageFromJson(CreatePolicyRequestSchema, { policy: body }, "body", strictConditions);
      return ok(jsonView(PolicySchema, (await services.governance.updatePolicy({ id: params["id"], policy })).policy));
    },
  },
  {
    method: "DELETE",
    path: "/policies/:id",
    access: "authenticated",
    async handle({ params, services }) {
      await services.governance.deletePolicy({ id: params["id"] });
      return { status: 204 };
    },
  },
  {
    method: "POST",
    path: "/smart-rules",
    access: "authenticated",
    bodyField: "rule",
    async handle({ body, services }) {
      const res = await services.governance.createSmartRule(
        messageFromJson(CreateSmartRuleRequestSchema, { rule: body }),
      );
      return ok(jsonView(SmartRuleSchema, res.rule), 201);
    },
  },
  {
    method: "GET",
    path: "/smart-rules",
    access: "authenticated",
    async handle({ services }) {
      return ok({
        items: (await services.governance.listSmartRules({})).items.map((r) => jsonView(SmartRuleSchema, r)),
        next_cursor: null,
      });
    },
  },
  {
    method: "GET",
    path: "/smart-rules/:id",
    access: "authenticated",
    async handle({ params, services }) {
      return ok(jsonView(SmartRuleSchema, (await services.governance.getSmartRule({ id: params["id"] })).rule));
    },
  },
  {
    method: "PUT",
    path: "/smart-rules/:id",
    access: "authenticated",
    bodyField: "rule",
    async handle({ params, body, services }) {
      const { rule } = messageFromJson(CreateSmartRuleRequestSchema, { rule: body });
      return ok(
        jsonView(SmartRuleSchema, (await services.governance.updateSmartRule({ id: params["id"], rule })).rule),
      );
    },
  },
  {
    method: "DELETE",
    path: "/smart-rules/:id",
    access: "authenticated",
    async handle({ params, services }) {
      await services.governance.deleteSmartRule({ id: params["id"] });
      return { status: 204 };
    },
  },
];
