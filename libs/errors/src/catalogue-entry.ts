import type { Code } from "@connectrpc/connect";
import type { ErrorReason } from "@platform/proto/reasons";

/** How a parameter travels in `google.rpc.ErrorInfo.metadata` (always a string) and is read back. */
export type ParamKind = "string" | "number" | "boolean" | "json";

/** Top-level members of the first reference page that some errors carry beside `detail`. */
export type ExtraMember = "limits" | "budget" | "allowed_window" | "status_code" | "policy_violations";

/**
 * One error case a client can see. Both reference pages are rendered from it:
 * `detail` (first page) and `error.code` / `error.message` (second page).
 */
export interface CatalogueEntry {
  /** Catalogue key: the ErrorReason value name without its ERROR_REASON_ prefix. */
  readonly key: string;
  readonly reason: ErrorReason;
  /** The public `error.code`. */
  readonly code: string;
  /** Canonical gRPC code the service throws with. */
  readonly grpc: Code;
  /** HTTP status on both route families (validation cases override per family). */
  readonly http: number;
  /** The first page's `detail` text; `{name}` placeholders are filled from params. */
  readonly detail: string;
  /** The second page's `error.message`; `{name}` placeholders are filled from params. */
  readonly message: string;
  /** The dynamic facts of this error and how they are encoded in ErrorInfo metadata. */
  readonly params?: Readonly<Record<string, ParamKind>>;
  /** Params that are also copied to the top level of the body (first page's shapes). */
  readonly extras?: readonly ExtraMember[];
  /** Seconds for `Retry-After` when the service gave no RetryInfo (429 / 503 cases). */
  readonly defaultRetryAfterSeconds?: number;
  /** 401 cases set `WWW-Authenticate`. */
  readonly challenge?: boolean;
  /** Why the case exists, for the generated catalogue document. */
  readonly description: string;
}
