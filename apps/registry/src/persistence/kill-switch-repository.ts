import type { EntityManager } from "@mikro-orm/core";
import { OrganizationKillSwitchEntity, type OrganizationKillSwitch } from "./organization-kill-switch-entity.js";

/** The organization-wide kill switch: one row per organization, made the first time it is used. */
export class KillSwitchRepository {
  constructor(private readonly em: EntityManager) {}

  find(organizationId: string): Promise<OrganizationKillSwitch | null> {
    return this.em.findOne(OrganizationKillSwitchEntity, { organizationId });
  }

  /** The organization's row, made (off) if it has none yet; stored with the next commit. */
  async findOrCreate(organizationId: string, at: Date): Promise<OrganizationKillSwitch> {
    const row = await this.find(organizationId);
    if (row) return row;
    const created = this.em.create(OrganizationKillSwitchEntity, {
      organizationId,
      active: false,
      reason: "",
      changedAt: at,
    });
    this.em.persist(created);
    return created;
  }
}
