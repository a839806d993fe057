export { catchPlatformError } from "./platform-error-assertions.js";
export { principal } from "./principals.js";
