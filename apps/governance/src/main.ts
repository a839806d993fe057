import { runService } from "@platform/rpc";
import { governanceDefinition } from "./service.js";

await runService(governanceDefinition);
