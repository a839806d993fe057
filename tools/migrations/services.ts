import { approvalDefinition } from "approval/service";
import { authDefinition } from "auth/service";
import { governanceDefinition } from "governance/service";
import { registryDefinition } from "registry/service";
import type { ServiceDefinition } from "@platform/rpc";

/** Every service that owns a database, with the folder of its migrations. */
export const services: readonly { readonly definition: ServiceDefinition; readonly folder: string }[] = [
  authDefinition,
  registryDefinition,
  governanceDefinition,
  approvalDefinition,
].map((definition) => ({
  definition,
  folder: new URL(`../../apps/${definition.name}/src/migrations`, import.meta.url).pathname,
}));

export const DIALECTS = ["postgresql", "sqlite"] as const;
export type Dialect = (typeof DIALECTS)[number];
