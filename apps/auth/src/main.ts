import { loadConfigOrExit, toEnv } from "@platform/config";
import { authConfig } from "./config.js";

// Checked before the service's code is even loaded: a bad value stops the start with one line.
const config = loadConfigOrExit("auth", authConfig);
const { bootService } = await import("@platform/rpc");
const { authDefinition } = await import("./service.js");
await bootService(authDefinition, config, toEnv(config));
