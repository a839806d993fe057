import { runService } from "@platform/rpc";
import { authDefinition } from "./service.js";

await runService(authDefinition);
