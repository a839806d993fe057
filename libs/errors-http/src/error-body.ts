import type { LocatedProblem } from "@platform/errors";

/** `meta` of every response body (api-contract section 1). */
export interface ResponseMeta {
  readonly request_id: string;
  readonly correlation_id: string;
  readonly timestamp: string;
}

/** The one error body that satisfies both reference pages (api-contract section 1). */
export interface ErrorBody {
  readonly detail: string | readonly LocatedProblem[];
  readonly status: "error";
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Readonly<Record<string, unknown>>;
  };
  readonly meta: ResponseMeta;
  /** First-page extras (`limits`, `budget`, `allowed_window`, `status_code`) and `policy_violations`. */
  readonly [extra: string]: unknown;
}

/** What the gateway writes for a failed request. */
export interface HttpErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ErrorBody;
  /** The catalogue key, for the span and the log line. */
  readonly key: string;
}
