// Lint fixture (never run): registry code reaching into another service by a relative path. Must fail lint.
import { approvalDefinition } from "../../../approval/src/service.js";

export const forbidden = approvalDefinition;
