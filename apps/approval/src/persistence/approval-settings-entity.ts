import { defineEntity, p, type InferEntity } from "@mikro-orm/core";

/** Per-organization workflow settings; an organization without a row has the defaults. */
export const ApprovalSettingsEntity = defineEntity({
  name: "ApprovalSettings",
  tableName: "approval_settings",
  properties: {
    organizationId: p.string().primary(),
    approvalDeadlineSeconds: p.integer(),
  },
});

export type ApprovalSettings = InferEntity<typeof ApprovalSettingsEntity>;
