import type { ServiceMigrations } from "@platform/persistence";
import { migrations as postgresql } from "./postgresql/index.js";
import { migrations as sqlite } from "./sqlite/index.js";

/** The governance service's versioned migrations, one list per database (`npm run migrate:create` writes them). */
export const governanceMigrations: ServiceMigrations = { postgresql, sqlite };
