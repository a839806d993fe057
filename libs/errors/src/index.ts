export type { CatalogueEntry, ExtraMember, ParamKind } from "./catalogue-entry.js";
export { catalogue, entryOf, type ErrorKey } from "./catalogue.js";
export { platformError, invalidRequest, errorDomain, type ErrorOptions } from "./platform-error.js";
export { decodePlatformError, type DecodedError } from "./decode-error.js";
export {
  classifyProblems,
  describeProblem,
  locate,
  summarizeProblems,
  type FieldLocation,
  type FieldProblem,
  type LocatedProblem,
} from "./field-problems.js";
export { renderTemplate } from "./render.js";
export { sampleParams } from "./sample-params.js";
export { classifyUpstreamFailure, type UpstreamFailureKind } from "./upstream-failure.js";
