import type { DescMessage } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";
import type { Route } from "../routes/route.js";
import { casesWithStatus, errorEnvelopeSchema, fieldProblemSchema } from "./error-schemas.js";
import { messageRef, messageSchema, type JsonSchema, type SchemaComponents } from "./message-schema.js";
import { routeContracts, type RouteContract } from "./route-contracts.js";
import { viewSchemas, type ViewName } from "./view-schemas.js";

export interface DocumentInfo {
  readonly version: string;
  readonly serverUrl?: string;
}

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const responseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const parameterRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });

/** `/registry/agents/:agent_id` (find-my-way) as an OpenAPI path template. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
const pathParams = (path: string) => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? "");

/** The public paths a route is served on (api-contract section 3). */
export const familiesOf = (route: Route): { family: "legacy" | "v1" | "unversioned"; path: string }[] =>
  route.unversioned
    ? [{ family: "unversioned", path: route.path }]
    : [
        { family: "legacy", path: `/api${route.path}` },
        { family: "v1", path: `/api/v1${route.path}` },
      ];

export const contractKey = (route: Pick<Route, "method" | "path">) => `${route.method} ${route.path}`;

const commonHeaders = { "X-Request-ID": headerRef("X-Request-ID"), "X-Correlation-ID": headerRef("X-Correlation-ID") };
const rateHeaders = {
  "X-RateLimit-Limit": headerRef("X-RateLimit-Limit"),
  "X-RateLimit-Remaining": headerRef("X-RateLimit-Remaining"),
  "X-RateLimit-Reset": headerRef("X-RateLimit-Reset"),
};

/** The query parameters of a contract message: its scalar fields, less those the path supplies. */
function queryParameters(desc: DescMessage, components: SchemaComponents, fromPath: readonly string[]): JsonSchema[] {
  const properties = (messageSchema(desc, components)["properties"] ?? {}) as Record<string, JsonSchema>;
  return desc.fields
    .filter((f) => !fromPath.includes(f.name))
    .filter(
      (f) =>
        f.fieldKind === "scalar" ||
        f.fieldKind === "enum" ||
        (f.fieldKind === "message" && f.message.typeName === "google.protobuf.Timestamp"),
    )
    .map((f) => ({
      name: f.name,
      in: "query",
      required: false,
      schema:
        properties[f.name] ?? (f.fieldKind === "scalar" && f.scalar === ScalarType.STRING ? { type: "string" } : {}),
    }));
}

function requestBodySchema(
  route: Route,
  contract: RouteContract,
  components: SchemaComponents,
): JsonSchema | undefined {
  if (contract.bodyView) return schemaRef(contract.bodyView);
  if (!contract.body) return undefined;
  if (route.bodyField) {
    const field = contract.body.fields.find((f) => f.name === route.bodyField);
    if (field?.fieldKind === "message") return messageRef(field.message, components);
  }
  return messageSchema(contract.body, components, pathParams(route.path));
}

function successResponse(
  contract: RouteContract,
  authenticated: boolean,
  components: SchemaComponents,
): [string, JsonSchema] {
  const r = contract.response;
  const headers = {
    ...commonHeaders,
    ...(authenticated ? rateHeaders : {}),
    ...(contract.setsSessionCookies ? { "Set-Cookie": headerRef("Set-Cookie") } : {}),
  };
  if (r.status === 204) return ["204", { description: "Done; no body.", headers }];
  let schema: JsonSchema;
  if ("message" in r) schema = messageRef(r.message, components);
  else if ("view" in r) schema = schemaRef(r.view);
  else {
    const item = typeof r.list === "string" ? schemaRef(r.list) : messageRef(r.list, components);
    schema = {
      type: "object",
      properties: {
        items: { type: "array", items: item },
        next_cursor: { type: ["string", "null"], description: "Opaque; pass as `cursor` for the next page." },
      },
      required: ["items", "next_cursor"],
    };
  }
  return [
    String(r.status),
    { description: r.status === 201 ? "Created." : "OK.", headers, content: { "application/json": { schema } } },
  ];
}

function operation(route: Route, family: "legacy" | "v1" | "unversioned", components: SchemaComponents): JsonSchema {
  const contract: RouteContract = routeContracts[contractKey(route)] ?? {
    tag: "undocumented",
    summary: `${route.method} ${route.path}`,
    response: { status: 200, view: "Health" as ViewName },
  };
  const authenticated = route.access !== "public";
  const mutating = route.method !== "GET";
  const parameters: JsonSchema[] = [
    ...pathParams(route.path).map((name) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string", maxLength: 64 },
    })),
    ...(contract.query ? queryParameters(contract.query, components, pathParams(route.path)) : []),
    parameterRef("X-Request-ID"),
    parameterRef("X-Correlation-ID"),
    parameterRef("traceparent"),
    ...(route.method === "POST" ? [parameterRef("Idempotency-Key")] : []),
    ...(authenticated && mutating ? [parameterRef("X-CSRF-Token")] : []),
  ];
  const body = requestBodySchema(route, contract, components);
  const responses: Record<string, JsonSchema> = Object.fromEntries([
    successResponse(contract, authenticated, components),
  ]);
  if (contract.mayRequireApproval) responses["202"] = responseRef("ApprovalRequired");
  const hasInput = body !== undefined || contract.query !== undefined || pathParams(route.path).length > 0;
  if (hasInput || mutating) responses["400"] = responseRef(family === "v1" ? "BadRequestV1" : "BadRequest");
  if (authenticated) Object.assign(responses, { 401: responseRef("Unauthorized"), 403: responseRef("Forbidden") });
  if (pathParams(route.path).length > 0) responses["404"] = responseRef("NotFound");
  if (mutating) responses["409"] = responseRef("Conflict");
  if (hasInput || mutating) responses["422"] = responseRef(family === "v1" ? "UnprocessableV1" : "Unprocessable");
  if (authenticated) responses["429"] = responseRef("TooManyRequests");
  Object.assign(responses, {
    500: responseRef("InternalError"),
    502: responseRef("UpstreamError"),
    503: responseRef("ServiceUnavailable"),
    504: responseRef("GatewayTimeout"),
  });
  const prefix = family === "v1" ? "v1_" : "";
  return {
    operationId: `${prefix}${route.method.toLowerCase()}${route.path.replace(/[/:-]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    tags: [contract.tag],
    parameters,
    ...(body
      ? { requestBody: { required: route.method !== "DELETE", content: { "application/json": { schema: body } } } }
      : {}),
    responses,
    security: authenticated ? [{ ApiKey: [] }, { Bearer: [] }, { SessionCookie: [] }] : [],
  };
}

/** The 202 answer: the pending action at the top level (its `status` is the action's) beside detail, error and meta. */
function approvalRequiredSchema(): JsonSchema {
  const envelope = errorEnvelopeSchema() as { properties: Record<string, JsonSchema> };
  const { detail, error, meta } = envelope.properties;
  return {
    allOf: [
      schemaRef("Action"),
      { type: "object", properties: { detail, error, meta }, required: ["detail", "error", "meta"] },
    ],
  };
}

const errorResponse = (description: string, extraHeaders: Record<string, unknown> = {}) => ({
  description,
  headers: { ...commonHeaders, ...extraHeaders },
  content: { "application/json": { schema: schemaRef("ErrorEnvelope") } },
});

/**
 * The OpenAPI 3.1 document of the public API, built from the route table (paths, methods,
 * path parameters, access, families), the contract messages the routes decode and answer
 * with, and the error catalogue. Nothing in it is written beside the routes by hand except
 * each route's summary and the names of its messages (route-contracts.ts).
 */
export function openApiDocument(routes: readonly Route[], info: DocumentInfo): JsonSchema {
  const components: SchemaComponents = {};
  const views = viewSchemas(components);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    for (const { family, path } of familiesOf(route)) {
      const key = openApiPath(path);
      (paths[key] ??= {})[route.method.toLowerCase()] = operation(route, family, components);
    }
  }
  const validation = (family: string) => `Field validation (${family}).`;
  return {
    openapi: "3.1.0",
    info: {
      title: "Agent governance platform API",
      version: info.version,
      description:
        "Every route is served twice, as `/api/...` and `/api/v1/...`; they differ only in how a malformed body is reported. Errors carry one envelope that satisfies both reference pages.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    tags: [...new Set(Object.values(routeContracts).map((c) => c.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: {
        ...components,
        ...views,
        ErrorEnvelope: errorEnvelopeSchema(),
        FieldProblem: fieldProblemSchema,
        ApprovalRequired: approvalRequiredSchema(),
      },
      responses: {
        ApprovalRequired: {
          description:
            "APPROVAL_REQUIRED: the action waits for a human approval; the body carries the pending action beside the error envelope.",
          headers: { ...commonHeaders, ...rateHeaders },
          content: { "application/json": { schema: schemaRef("ApprovalRequired") } },
        },
        BadRequest: errorResponse(
          `${validation("/api")} Only malformed JSON is 400 here:\n${casesWithStatus(400)
            .split("\n")
            .filter((l) => l.includes("INVALID_JSON"))
            .join("\n")}`,
        ),
        BadRequestV1: errorResponse(
          `${validation("/api/v1")}: a missing field, a bad value or malformed JSON.\n${casesWithStatus(400)}`,
        ),
        Unprocessable: errorResponse(
          `${validation("/api")}: every body validation failure, with \`detail\` a list of {loc, msg, type}.\n${casesWithStatus(422)}`,
        ),
        UnprocessableV1: errorResponse(
          `${validation("/api/v1")}: JSON of the wrong type or shape (VALIDATION_ERROR).\n${casesWithStatus(422)}`,
        ),
        Unauthorized: errorResponse(`No, or no valid, credential.\n${casesWithStatus(401)}`, {
          "WWW-Authenticate": headerRef("WWW-Authenticate"),
        }),
        Forbidden: errorResponse(
          `Refused: role, CSRF, organization, kill switch, policy, time window, approval level, self-approval.\n${casesWithStatus(403)}`,
        ),
        NotFound: errorResponse(`Not found.\n${casesWithStatus(404)}`),
        Conflict: errorResponse(`A conflict with the current state.\n${casesWithStatus(409)}`),
        TooManyRequests: errorResponse(`A rate limit, budget or quota.\n${casesWithStatus(429)}`, {
          "Retry-After": headerRef("Retry-After"),
        }),
        InternalError: errorResponse(
          `Unexpected failure; the cause is logged with the trace id, never sent.\n${casesWithStatus(500)}`,
        ),
        UpstreamError: errorResponse(
          `A service answered with something that is not a Connect/gRPC response.\n${casesWithStatus(502)}`,
        ),
        ServiceUnavailable: errorResponse(`A service or the database is unavailable.\n${casesWithStatus(503)}`, {
          "Retry-After": headerRef("Retry-After"),
        }),
        GatewayTimeout: errorResponse(`A service did not answer within the deadline.\n${casesWithStatus(504)}`),
      },
      headers: {
        "X-Request-ID": {
          description: "req_ + an id, or the client's own X-Request-ID (at most 128 of [A-Za-z0-9._-]).",
          schema: { type: "string" },
        },
        "X-Correlation-ID": {
          description: "The W3C trace id of the request, or the client's own X-Correlation-ID.",
          schema: { type: "string" },
        },
        "X-RateLimit-Limit": { description: "The tightest organization window's limit.", schema: { type: "integer" } },
        "X-RateLimit-Remaining": { description: "Requests left in that window.", schema: { type: "integer" } },
        "X-RateLimit-Reset": { description: "When that window resets (epoch seconds).", schema: { type: "integer" } },
        "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
        "WWW-Authenticate": { description: "The authentication challenge.", schema: { type: "string" } },
        "Set-Cookie": {
          description: "session (HttpOnly, the access token) and csrf_token (readable, for X-CSRF-Token).",
          schema: { type: "string" },
        },
      },
      parameters: {
        "X-Request-ID": {
          name: "X-Request-ID",
          in: "header",
          required: false,
          schema: { type: "string", maxLength: 128, pattern: "^[A-Za-z0-9._-]+$" },
        },
        "X-Correlation-ID": {
          name: "X-Correlation-ID",
          in: "header",
          required: false,
          description: "Echoed and recorded on the trace.",
          schema: { type: "string", maxLength: 128 },
        },
        traceparent: {
          name: "traceparent",
          in: "header",
          required: false,
          description: "W3C trace context; the request continues that trace.",
          schema: { type: "string" },
        },
        "Idempotency-Key": {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "The same key with the same body within 24 h replays the first answer (Idempotent-Replayed: true).",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
        "X-CSRF-Token": {
          name: "X-CSRF-Token",
          in: "header",
          required: false,
          description:
            "Required with cookie sessions: the csrf_token cookie's value (double submit). Not needed with X-API-Key or Bearer.",
          schema: { type: "string" },
        },
      },
      securitySchemes: {
        ApiKey: {
          type: "apiKey",
          in: "header",
          name: "X-API-Key",
          description: "owkai_<role>_<40 letters and digits>, shown once at creation.",
        },
        Bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "An access token (60 minutes), or an API key sent as a Bearer value (vendor SDKs).",
        },
        SessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "session",
          description:
            "Browser session set by POST /api/auth/login; every POST, PUT, PATCH and DELETE then needs X-CSRF-Token.",
        },
      },
    },
  };
}
