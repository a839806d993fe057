import { readFileSync } from "node:fs";
import type { DescService } from "@bufbuild/protobuf";
import { ViolationsSchema } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { describe, expect, it } from "vitest";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  QuotaFailureSchema,
  ResourceInfoSchema,
  RetryInfoSchema,
} from "./google-rpc.js";
import { ApprovalService, AuthService, GovernanceService, RegistryService, contractRegistry } from "./index.js";

/**
 * What this package adds to the generated code: its exports map, and the type registry
 * that decodes `google.protobuf.Any` details and JSON. (The generated code itself is
 * checked by `npm run proto:check`, and its wire compatibility by `buf breaking`.)
 */
const exportsMap = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { exports: Record<string, string> }
).exports;

describe("@platform/proto", () => {
  it.each(Object.entries(exportsMap))("export %s loads and exports something", async (_subpath, file) => {
    const loaded = (await import(new URL(`../${file}`, import.meta.url).href)) as Record<string, unknown>;
    expect(Object.keys(loaded).length).toBeGreaterThan(0);
  });

  const services: DescService[] = [AuthService, RegistryService, GovernanceService, ApprovalService];
  it.each(services.map((s) => [s.typeName, s] as const))(
    "the registry resolves every message %s sends or receives",
    (_name, service) => {
      for (const method of service.methods) {
        expect(contractRegistry.getMessage(method.input.typeName), method.input.typeName).toBe(method.input);
        expect(contractRegistry.getMessage(method.output.typeName), method.output.typeName).toBe(method.output);
      }
    },
  );

  it("the registry resolves every error detail the errors lib puts in a status", () => {
    for (const schema of [
      ErrorInfoSchema,
      BadRequestSchema,
      RetryInfoSchema,
      QuotaFailureSchema,
      ResourceInfoSchema,
      ViolationsSchema,
    ]) {
      expect(contractRegistry.getMessage(schema.typeName), schema.typeName).toBe(schema);
    }
  });

  it("the registry does not resolve what it was not given", () => {
    expect(contractRegistry.getMessage("platform.nope.v1.Nothing")).toBeUndefined();
  });
});
