import { runService } from "@platform/rpc";
import { approvalDefinition } from "./service.js";

await runService(approvalDefinition);
