import { locate, renderTemplate, summarizeProblems, type DecodedError } from "@platform/errors";
import type { ErrorBody, HttpErrorResponse, ResponseMeta } from "./error-body.js";
import { normalizeFailure } from "./normalize.js";
import type { RouteFamily } from "./route-family.js";

/** Per-request facts the body and headers need. */
export interface RequestFacts {
  readonly requestId: string;
  readonly correlationId: string;
  readonly now: Date;
  /** Overrides the `loc` source of request fields that came from the path or the query. */
  readonly fieldLocations?: Readonly<Record<string, "path" | "query">>;
  /** The request message field the body was placed in (`policy.`): clients never saw it. */
  readonly fieldPrefix?: string;
}

const realm = 'Bearer realm="agent-governance"';

function headersFor(decoded: DecodedError, status: number): Record<string, string> {
  const { entry, params } = decoded;
  const headers: Record<string, string> = {};
  const fromParams = typeof params["retry_after"] === "number" ? params["retry_after"] : undefined;
  const retryAfter = decoded.retryAfterSeconds ?? fromParams ?? entry.defaultRetryAfterSeconds;
  if ((status === 429 || status === 503) && retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  if (entry.challenge) {
    headers["www-authenticate"] = entry.key === "AUTHENTICATION_REQUIRED" ? realm : `${realm}, error="invalid_token"`;
  }
  if (entry.key === "METHOD_NOT_ALLOWED" && typeof params["allow"] === "string") headers["allow"] = params["allow"];
  if (entry.key === "RATE_LIMIT_EXCEEDED" && typeof params["limit"] === "number") {
    headers["x-ratelimit-limit"] = String(params["limit"]);
    headers["x-ratelimit-remaining"] = "0";
    if (typeof params["reset"] === "number") headers["x-ratelimit-reset"] = String(params["reset"]);
  }
  return headers;
}

function publicDetails(decoded: DecodedError, meta: ResponseMeta): Record<string, unknown> {
  const { entry, params } = decoded;
  if (entry.key === "INTERNAL_ERROR" || entry.key === "PROCESSING_FAILED" || entry.key === "DATABASE_ERROR") {
    return { request_id: meta.request_id };
  }
  const details: Record<string, unknown> = { ...params };
  delete details["policy_violations"];
  if (decoded.retryAfterSeconds !== undefined) details["retry_after"] = decoded.retryAfterSeconds;
  return details;
}

/**
 * The one place a failure becomes an HTTP answer: status, headers and the body of
 * api-contract section 1, in the style of the request's route family. Pure: the
 * caller records the result on the span and logs the cause.
 */
export function translateFailure(failure: unknown, family: RouteFamily, facts: RequestFacts): HttpErrorResponse {
  const decoded = normalizeFailure(failure);
  const { entry, params } = decoded;
  const meta: ResponseMeta = {
    request_id: facts.requestId,
    correlation_id: facts.correlationId,
    timestamp: facts.now.toISOString(),
  };

  let status = entry.http;
  let detail: ErrorBody["detail"] = renderTemplate(entry.detail, params);
  let message = renderTemplate(entry.message, params);
  let details = publicDetails(decoded, meta);

  if (decoded.problems && decoded.problems.length > 0) {
    const prefix = facts.fieldPrefix;
    const problems = decoded.problems.map((p) => {
      const field = prefix && p.field.startsWith(prefix) ? p.field.slice(prefix.length) : p.field;
      return { ...p, field, location: p.location ?? facts.fieldLocations?.[field] ?? "body" };
    });
    const summary = summarizeProblems(problems);
    message = summary.message;
    details = summary.details;
    if (family === "legacy") {
      status = 422;
      detail = problems.map(locate);
    } else {
      detail = summary.message;
    }
  }

  const extras: Record<string, unknown> = {};
  for (const name of entry.extras ?? []) {
    extras[name] = name === "status_code" ? status : params[name];
  }
  // SDKs read `policy_violations` from every 403 refusal (api-contract section 8).
  if (status === 403)
    extras["policy_violations"] = Array.isArray(params["policy_violations"]) ? params["policy_violations"] : [];

  const body: ErrorBody = { detail, status: "error", error: { code: entry.code, message, details }, meta, ...extras };
  return { status, headers: headersFor(decoded, status), body, key: entry.key };
}
