import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/** The organization-wide kill switch; no row means it was never used (off). */
export const OrganizationKillSwitchEntity = defineEntity({
  name: "OrganizationKillSwitch",
  tableName: "organization_kill_switches",
  properties: {
    organizationId: p.string().primary(),
    active: p.boolean(),
    reason: p.text(),
    changedAt: p.datetime(),
  },
});

export type OrganizationKillSwitch = InferEntity<typeof OrganizationKillSwitchEntity>;
