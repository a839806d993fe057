import { loadConfigOrExit, toEnv } from "@platform/config";
import { registryConfig } from "./config.js";

// Checked before the service's code is even loaded: a bad value stops the start with one line.
const config = loadConfigOrExit("registry", registryConfig);
const { bootService } = await import("@platform/rpc");
const { registryDefinition } = await import("./service.js");
await bootService(registryDefinition, config, toEnv(config));
