import { loadConfigOrExit, toEnv } from "@platform/config";
import { governanceConfig } from "./config.js";

// Checked before the service's code is even loaded: a bad value stops the start with one line.
const config = loadConfigOrExit("governance", governanceConfig);
const { bootService } = await import("@platform/rpc");
const { governanceDefinition } = await import("./service.js");
await bootService(governanceDefinition, config, toEnv(config));
