import { describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { allRoutes } from "../routes/index.js";
import { contractKey, openApiDocument } from "./document.js";
import { routeContracts } from "./route-contracts.js";

const urls = {
  auth: "http://a.invalid",
  registry: "http://r.invalid",
  governance: "http://g.invalid",
  approval: "http://p.invalid",
};
const routes = allRoutes(urls);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const doc = openApiDocument(routes, { version: "test" }) as any;

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every route, and only routes that exist", () => {
    const keys = routes.map(contractKey);
    expect(keys.filter((k) => !routeContracts[k])).toEqual([]);
    expect(Object.keys(routeContracts).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it("serves every versioned route on both families and health checks once", () => {
    expect(doc.paths["/api/actions"].post.operationId).toBe("postActions");
    expect(doc.paths["/api/v1/actions"].post.operationId).toBe("v1_postActions");
    expect(doc.paths["/health"].get).toBeDefined();
    expect(doc.paths["/api/health"]).toBeUndefined();
    const operations = Object.values(doc.paths).flatMap((p) => Object.keys(p as object));
    expect(operations).toHaveLength(
      routes.filter((r) => !r.unversioned).length * 2 + routes.filter((r) => r.unversioned).length,
    );
  });

  it("derives request schemas from the protobuf descriptors with snake_case names and protovalidate rules", () => {
    const submit = doc.paths["/api/actions"].post.requestBody.content["application/json"].schema;
    expect(submit.required).toEqual(["agent_id", "action_type"]);
    expect(submit.properties.agent_id).toMatchObject({ type: "string", minLength: 3, maxLength: 64 });
    expect(submit.properties.risk_score).toMatchObject({ type: "integer", minimum: 0, maximum: 100 });
    expect(submit.properties.risk_level.enum).toEqual(["low", "medium", "high", "critical"]);
  });

  it("leaves path fields out of bodies and unwraps body fields", () => {
    const kill = doc.paths["/api/registry/agents/{agent_id}/kill"].post;
    expect(Object.keys(kill.requestBody.content["application/json"].schema.properties)).toEqual(["reason"]);
    expect(kill.parameters[0]).toMatchObject({ name: "agent_id", in: "path", required: true });
    const policy = doc.paths["/api/policies"].post.requestBody.content["application/json"].schema;
    expect(policy).toEqual({ $ref: "#/components/schemas/platform.governance.v1.PolicyInput" });
    expect(doc.components.schemas["platform.governance.v1.PolicyInput"].required).toEqual(["name", "effect"]);
  });

  it("describes auth schemes, the error envelope and the headers", () => {
    expect(Object.keys(doc.components.securitySchemes)).toEqual(["ApiKey", "Bearer", "SessionCookie"]);
    expect(doc.paths["/api/auth/signup"].post.security).toEqual([]);
    expect(doc.paths["/api/actions"].get.security).toHaveLength(3);
    expect(doc.components.schemas.ErrorEnvelope.properties.error.properties.code.enum).toContain(
      "SELF_APPROVAL_NOT_PERMITTED",
    );
    const approve = doc.paths["/api/actions/{id}/approve"].post;
    expect(Object.keys(approve.responses)).toEqual(
      expect.arrayContaining(["200", "401", "403", "404", "409", "422", "429", "503"]),
    );
    expect(doc.paths["/api/actions"].post.responses["202"]).toEqual({
      $ref: "#/components/responses/ApprovalRequired",
    });
    expect(doc.components.responses.TooManyRequests.headers["Retry-After"]).toBeDefined();
    expect(doc.paths["/api/actions"].get.responses["200"].headers["X-RateLimit-Remaining"]).toBeDefined();
    expect(approve.parameters.map((p: { $ref?: string }) => p.$ref)).toContain("#/components/parameters/X-CSRF-Token");
    expect(doc.paths["/api/v1/actions"].post.responses["400"]).toEqual({ $ref: "#/components/responses/BadRequestV1" });
  });
});
