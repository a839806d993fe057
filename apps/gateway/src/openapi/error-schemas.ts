import { catalogue, type CatalogueEntry } from "@platform/errors";
import type { JsonSchema } from "./message-schema.js";

/** The public codes of the catalogue, each once, in catalogue order. */
export function errorCodes(): string[] {
  return [...new Set([...catalogue.values()].map((e: CatalogueEntry) => e.code))];
}

/** The error body of api-contract section 1, with `error.code` restricted to the catalogue's codes. */
export function errorEnvelopeSchema(): JsonSchema {
  return {
    type: "object",
    description:
      "One body that satisfies both reference pages: `detail` (first page) and `status/error/meta` (second page).",
    properties: {
      detail: {
        oneOf: [
          { type: "string", description: "The first page's text for the case." },
          {
            type: "array",
            items: { $ref: "#/components/schemas/FieldProblem" },
            description: "Field validation on the unversioned /api routes.",
          },
        ],
      },
      status: { type: "string", const: "error" },
      error: {
        type: "object",
        properties: {
          code: { type: "string", enum: errorCodes() },
          message: { type: "string" },
          details: {
            type: "object",
            additionalProperties: true,
            description: "The structured facts of the case (ids, limits, policy, risk, window, retry_after).",
          },
        },
        required: ["code", "message", "details"],
      },
      meta: {
        type: "object",
        properties: {
          request_id: { type: "string", description: "Equals the X-Request-ID response header." },
          correlation_id: { type: "string", description: "The W3C trace id, or the client's own X-Correlation-ID." },
          timestamp: { type: "string", format: "date-time" },
        },
        required: ["request_id", "correlation_id", "timestamp"],
      },
      policy_violations: {
        type: "array",
        items: {
          type: "object",
          properties: { policy_id: { type: "string" }, policy_name: { type: "string" }, reason: { type: "string" } },
        },
        description: "On every 403 refusal.",
      },
      limits: { type: "object", additionalProperties: true, description: "Agent rate limits (429)." },
      budget: { type: "object", additionalProperties: true, description: "The daily budget (429 BUDGET_EXCEEDED)." },
      allowed_window: {
        type: "object",
        additionalProperties: true,
        description: "The agent's time window (403 OUTSIDE_TIME_WINDOW).",
      },
      status_code: { type: "integer" },
    },
    required: ["detail", "status", "error", "meta"],
  };
}

export const fieldProblemSchema: JsonSchema = {
  type: "object",
  properties: {
    loc: {
      type: "array",
      items: { type: ["string", "integer"] },
      description: 'Where the problem is, e.g. ["body", "agent_id"].',
    },
    msg: { type: "string" },
    type: { type: "string", description: "e.g. value_error.missing, value_error.number.not_le" },
  },
  required: ["loc", "msg", "type"],
};

/** "CODE: detail" lines of every catalogue case answered with `status`, for a response's description. */
export function casesWithStatus(status: number): string {
  const rows = [...catalogue.values()]
    .filter((e: CatalogueEntry) => e.http === status)
    .map((e: CatalogueEntry) => `- \`${e.code}\`: ${e.detail}`);
  return [...new Set(rows)].join("\n");
}
