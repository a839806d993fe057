/**
 * The two route families of api-contract section 3: every route is served as
 * `/api/...` (first reference page: 422 with a `{loc,msg,type}` list) and as
 * `/api/v1/...` (second reference page: 400 MISSING_REQUIRED_FIELD / INVALID_FIELD_VALUE).
 */
export type RouteFamily = "legacy" | "v1";

/** The family of a request path. */
export function routeFamilyOf(path: string): RouteFamily {
  return path === "/api/v1" || path.startsWith("/api/v1/") ? "v1" : "legacy";
}
