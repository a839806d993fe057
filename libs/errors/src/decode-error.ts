import { ConnectError } from "@connectrpc/connect";
import { ViolationsSchema } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { ErrorInfoSchema, RetryInfoSchema } from "@platform/proto/google-rpc";
import { catalogue } from "./catalogue.js";
import type { CatalogueEntry } from "./catalogue-entry.js";
import type { FieldProblem } from "./field-problems.js";

/** A catalogue error read back from a ConnectError that crossed the network. */
export interface DecodedError {
  readonly entry: CatalogueEntry;
  /** The ErrorInfo metadata, typed back by the entry's parameter kinds. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly retryAfterSeconds?: number;
  readonly problems?: readonly FieldProblem[];
  readonly domain: string;
}

function decodeParams(entry: CatalogueEntry, metadata: Readonly<Record<string, string>>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(metadata)) {
    const kind = entry.params?.[name];
    if (!kind) continue; // `case` and anything this catalogue version does not know
    try {
      params[name] =
        kind === "number" ? Number(raw) : kind === "boolean" ? raw === "true" : kind === "json" ? JSON.parse(raw) : raw;
    } catch {
      params[name] = raw;
    }
  }
  return params;
}

function retryAfterOf(error: ConnectError): number | undefined {
  const [retry] = error.findDetails(RetryInfoSchema);
  if (!retry?.retryDelay) return undefined;
  return Math.ceil(Number(retry.retryDelay.seconds) + retry.retryDelay.nanos / 1e9);
}

/**
 * protovalidate violations of a handler that used @connectrpc/validate directly
 * (no ErrorInfo): rule ids survive, the rule values do not.
 */
function problemsFromViolations(error: ConnectError): FieldProblem[] | undefined {
  const [violations] = error.findDetails(ViolationsSchema);
  if (!violations) return undefined;
  return violations.violations.map((v) => ({
    field: (v.field?.elements ?? []).map((e) => e.fieldName).join("."),
    rule: v.ruleId.replace(/_empty$/, "") || "invalid",
    text: v.message,
  }));
}

/** Reads the catalogue case out of a ConnectError; undefined when it carries none (a transport failure). */
export function decodePlatformError(error: ConnectError): DecodedError | undefined {
  const [info] = error.findDetails(ErrorInfoSchema);
  if (info) {
    const entry = catalogue.get(info.metadata["case"] ?? info.reason);
    if (!entry) return undefined;
    const params = decodeParams(entry, info.metadata);
    const problems = Array.isArray(params["violations"]) ? (params["violations"] as FieldProblem[]) : undefined;
    return { entry, params, retryAfterSeconds: retryAfterOf(error), problems, domain: info.domain };
  }
  const problems = problemsFromViolations(error);
  if (problems) {
    const entry = catalogue.get(
      problems.some((p) => p.rule === "required") ? "MISSING_REQUIRED_FIELD" : "INVALID_FIELD_VALUE",
    );
    if (entry) return { entry, params: { fields: problems.map((p) => p.field).join(", ") }, problems, domain: "" };
  }
  return undefined;
}
