// Lint fixture (never run): registry code importing another service. Must fail lint; see tools/lint/boundaries.test.ts.
import { governanceDefinition } from "governance/service";

export const forbidden = governanceDefinition;
