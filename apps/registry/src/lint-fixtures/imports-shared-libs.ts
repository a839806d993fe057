// Lint fixture (never run): what an app may import. Must pass lint.
import { platformError } from "@platform/errors";

export const allowed = platformError;
