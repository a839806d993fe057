import { runService } from "@platform/rpc";
import { registryDefinition } from "./service.js";

await runService(registryDefinition);
