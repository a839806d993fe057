export type { ErrorBody, HttpErrorResponse, ResponseMeta } from "./error-body.js";
export { normalizeFailure } from "./normalize.js";
export { routeFamilyOf, type RouteFamily } from "./route-family.js";
export { translateFailure, type RequestFacts } from "./translate.js";
