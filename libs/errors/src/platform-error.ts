import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  PreconditionFailureSchema,
  QuotaFailureSchema,
  ResourceInfoSchema,
  RetryInfoSchema,
} from "@platform/proto/google-rpc";
import type { ErrorKey } from "./catalogue.js";
import { entryOf } from "./catalogue.js";
import type { CatalogueEntry } from "./catalogue-entry.js";
import { classifyProblems, summarizeProblems, type FieldProblem } from "./field-problems.js";
import { renderTemplate, scalarText } from "./render.js";

/** The rich details a case may carry besides its ErrorInfo (AIP-193). */
export interface ErrorOptions {
  /** RetryInfo: when the client may try again (429, 503). */
  readonly retryAfterSeconds?: number;
  /** ResourceInfo for not-found and conflict cases. */
  readonly resource?: { readonly type: string; readonly name: string };
  /** PreconditionFailure for workflow conflicts. */
  readonly precondition?: { readonly type: string; readonly subject: string; readonly description: string };
  /** QuotaFailure for rate limits and budgets. */
  readonly quota?: readonly { readonly subject: string; readonly description: string }[];
  /** BadRequest field violations. */
  readonly fieldViolations?: readonly {
    readonly field: string;
    readonly description: string;
    readonly reason: string;
  }[];
  readonly cause?: unknown;
}

/** The ErrorInfo domain: the service that raised the error. */
export function errorDomain(): string {
  return `${process.env["PLATFORM_SERVICE"] ?? "platform"}.agent-governance`;
}

function encodeParams(entry: CatalogueEntry, params: Readonly<Record<string, unknown>>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const kind = entry.params?.[name];
    if (!kind) throw new Error(`error ${entry.key} has no parameter '${name}'`);
    metadata[name] = kind === "json" ? JSON.stringify(value) : scalarText(value);
  }
  if (entry.key !== entry.code) metadata["case"] = entry.key;
  return metadata;
}

/**
 * Builds the ConnectError of a catalogue case: its canonical gRPC code, the rendered
 * second-page message, exactly one google.rpc.ErrorInfo (reason = public code,
 * metadata = every dynamic part) and the detail messages that fit.
 */
export function platformError(
  key: ErrorKey,
  params: Readonly<Record<string, unknown>> = {},
  options: ErrorOptions = {},
): ConnectError {
  const entry = entryOf(key);
  const details: ConstructorParameters<typeof ConnectError>[3] = [
    {
      desc: ErrorInfoSchema,
      value: { reason: entry.code, domain: errorDomain(), metadata: encodeParams(entry, params) },
    },
  ];
  if (options.retryAfterSeconds !== undefined) {
    details.push({
      desc: RetryInfoSchema,
      value: { retryDelay: durationFromMs(Math.max(0, options.retryAfterSeconds) * 1000) },
    });
  }
  if (options.resource) {
    details.push({
      desc: ResourceInfoSchema,
      value: { resourceType: options.resource.type, resourceName: options.resource.name },
    });
  }
  if (options.precondition) {
    details.push({ desc: PreconditionFailureSchema, value: { violations: [options.precondition] } });
  }
  if (options.quota) {
    details.push({ desc: QuotaFailureSchema, value: { violations: options.quota.map((q) => ({ ...q })) } });
  }
  if (options.fieldViolations) {
    details.push({
      desc: BadRequestSchema,
      value: { fieldViolations: options.fieldViolations.map((v) => ({ ...v })) },
    });
  }
  return new ConnectError(renderTemplate(entry.message, params), entry.grpc, undefined, details, options.cause);
}

/** The ConnectError for request field problems: MISSING_REQUIRED_FIELD, INVALID_FIELD_VALUE or VALIDATION_ERROR. */
export function invalidRequest(problems: readonly FieldProblem[]): ConnectError {
  const key = classifyProblems(problems);
  const { message } = summarizeProblems(problems);
  const error = platformError(
    key,
    { fields: [...new Set(problems.map((p) => p.field))].join(", "), violations: problems },
    {
      fieldViolations: problems.map((p) => ({ field: p.field, reason: p.rule, description: p.text ?? p.rule })),
    },
  );
  // The rendered catalogue message lists fields; the summary reads better and is what v1 clients see.
  return new ConnectError(
    message,
    error.code,
    undefined,
    error.details as ConstructorParameters<typeof ConnectError>[3],
  );
}
