/**
 * The console's only way to the platform: the public HTTP API on the same origin,
 * with the browser session cookie and the double-submit CSRF token (api-contract section 5).
 */

/** One field problem of a 422 answer on the unversioned routes (`{loc, msg, type}`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A refusal or failure, worded as the API words it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The API's `detail` when it is text, else its `error.message`. */
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[],
    readonly body: unknown,
  ) {
    super(detail);
  }
}

/** The csrf_token cookie set by POST /api/auth/login; sent back as X-CSRF-Token. */
export function csrfToken(cookie: string = document.cookie): string | undefined {
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "csrf_token") return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

interface ErrorEnvelope {
  detail?: unknown;
  error?: { code?: string; message?: string };
}

/** Reads the error envelope of api-contract section 1 into an ApiError. */
export function errorFrom(status: number, body: unknown): ApiError {
  const envelope = (body ?? {}) as ErrorEnvelope;
  const code = envelope.error?.code ?? `HTTP_${status}`;
  const message = envelope.error?.message ?? `Request failed (${status})`;
  if (Array.isArray(envelope.detail)) {
    const fieldErrors = (envelope.detail as { loc?: (string | number)[]; msg?: string }[]).map((item) => ({
      field: String(item.loc?.at(-1) ?? ""),
      message: item.msg ?? "invalid value",
    }));
    return new ApiError(status, code, message, fieldErrors, body);
  }
  const detail = typeof envelope.detail === "string" ? envelope.detail : message;
  return new ApiError(status, code, detail, [], body);
}

const mutating = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Calls the public API; 2xx answers their JSON (undefined for 204), anything else throws ApiError. */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const token = csrfToken();
  if (mutating.has(method) && token) headers["x-csrf-token"] = token;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw errorFrom(res.status, json);
  return json as T;
}

/** A list answer of api-contract section 7. */
export interface Page<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

/** Every page of a list route, up to `max` items (exports, charts). */
export async function allPages<T>(path: string, query: URLSearchParams, max = 5000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams(query);
    q.set("limit", "500");
    if (cursor) q.set("cursor", cursor);
    const page: Page<T> = await api<Page<T>>("GET", `${path}?${q}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items.slice(0, max);
}
