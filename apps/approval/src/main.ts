import { loadConfigOrExit, toEnv } from "@platform/config";
import { approvalConfig } from "./config.js";

// Checked before the service's code is even loaded: a bad value stops the start with one line.
const config = loadConfigOrExit("approval", approvalConfig);
const { bootService } = await import("@platform/rpc");
const { approvalDefinition } = await import("./service.js");
await bootService(approvalDefinition, config, toEnv(config));
