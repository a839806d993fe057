// Lint fixture (never run): a shared lib importing an app. Must fail lint.
import { registryDefinition } from "registry/service";

export const forbidden = registryDefinition;
