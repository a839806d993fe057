import { describe, expect, it, vi } from "vitest";
import { create, type DescMessage, type DescService } from "@bufbuild/protobuf";
import { ApprovalService, AuthService, GovernanceService, NotificationService, RegistryService } from "@platform/proto";
import type { Principal } from "@platform/proto/principal";

/** The messages each handler really decodes its input with and answers with, recorded per call. */
const decoded: DescMessage[] = [];
const viewed: DescMessage[] = [];
vi.mock("../http/json-shape.js", async (original) => {
  const real = await original<typeof import("../http/json-shape.js")>();
  return {
    ...real,
    messageFromJson: (schema: DescMessage, json: unknown, location?: "body" | "query") => {
      decoded.push(schema);
      return real.messageFromJson(schema, json, location);
    },
  };
});
vi.mock("../views/json-view.js", async (original) => {
  const real = await original<typeof import("../views/json-view.js")>();
  return {
    jsonView: (schema: DescMessage, message: never) => {
      viewed.push(schema);
      return real.jsonView(schema, message);
    },
  };
});

const { allRoutes } = await import("../routes/index.js");
const { routeContracts } = await import("./route-contracts.js");
const { contractKey } = await import("./document.js");

/** A message with every nested message present and one item in each list of messages, as a service would answer. */
function filled(desc: DescMessage, depth = 0): unknown {
  const message = create(desc) as Record<string, unknown>;
  if (depth >= 3) return message;
  for (const field of desc.fields) {
    if (field.fieldKind === "message" && !field.message.typeName.startsWith("google."))
      message[field.localName] = filled(field.message, depth + 1);
    if (field.fieldKind === "list" && field.listKind === "message")
      message[field.localName] = [filled(field.message, depth + 1)];
  }
  return message;
}

/** Service clients that answer every call with a filled response and never touch a network. */
function fakeClient(service: DescService) {
  return Object.fromEntries(service.methods.map((m) => [m.localName, async () => filled(m.output)]));
}

const services = {
  auth: fakeClient(AuthService),
  registry: fakeClient(RegistryService),
  governance: fakeClient(GovernanceService),
  approval: fakeClient(ApprovalService),
  notifications: fakeClient(NotificationService),
};
const principal = {
  organizationId: "org_1",
  userId: "usr_1",
  role: "security_officer",
  approvalLevel: 5,
} as unknown as Principal;
const urls = {
  auth: "http://a.invalid",
  registry: "http://r.invalid",
  governance: "http://g.invalid",
  approval: "http://p.invalid",
};

describe("route contracts name what the handlers really decode and answer", () => {
  for (const route of allRoutes(urls).filter((r) => !r.unversioned)) {
    const key = contractKey(route);
    it(key, async () => {
      decoded.length = 0;
      viewed.length = 0;
      const params = Object.fromEntries([...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => [m[1]!, "1"]));
      await route
        .handle({ params, query: new URLSearchParams(), body: {}, principal, services: services as never, headers: {} })
        .catch((e: unknown) => {
          // The 202 of a submission is thrown; it decoded first.
          if ((e as Error).message !== "approval required") throw e;
        });
      const contract = routeContracts[key]!;
      expect(decoded[0]?.typeName, "request message").toBe((contract.body ?? contract.query)?.typeName);
      const r = contract.response;
      const answered = "message" in r ? r.message : "list" in r && typeof r.list !== "string" ? r.list : undefined;
      if (answered)
        expect(
          viewed.map((d) => d.typeName),
          "response message",
        ).toContain(answered.typeName);
    });
  }
});
