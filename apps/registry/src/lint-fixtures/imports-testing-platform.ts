// Lint fixture (never run): production code importing the test platform. Must fail lint.
import { startTestPlatform } from "@platform/testing-platform";

export const forbidden = startTestPlatform;
