import type { EntityManager } from "@mikro-orm/core";
import { newId } from "@platform/persistence";
import type { Action } from "../persistence/action-entity.js";
import {
  NotificationDeliveryEntity,
  NotificationEndpointEntity,
  type NotificationDelivery,
  type NotificationEndpoint,
} from "./notification-entities.js";
import { sampleSnapshot, snapshotOf, TEST_EVENT, wants, type ActionSnapshot } from "./notification-events.js";
import type { NotificationPayload } from "./notification-message.js";

/** Told of actions just stored, in the transaction that stores them (the recorder's group commit). */
export type PendingActionsHook = (em: EntityManager, actions: readonly Action[]) => Promise<void>;

/** Told of an escalated or expired approval, in the transaction of that change. */
export type LifecycleHook = (
  em: EntityManager,
  action: Action,
  event: "action.escalated" | "action.expired",
) => Promise<void>;

/**
 * Queues notifications in the caller's transaction: one delivery row per endpoint that
 * wants the event, written with the change it tells of, so a notification exists
 * exactly when the change committed (nothing is lost to a crash or a receiver that is
 * down; the dispatcher delivers it later).
 */
export class NotificationOutbox {
  constructor(private readonly now: () => Date = () => new Date()) {}

  /**
   * For the recorder's batch: only pending actions are told of, so a batch of
   * auto-approved or denied actions costs nothing; one query finds the endpoints of
   * every organization with a pending action in the batch.
   */
  readonly actionsStored: PendingActionsHook = async (em, actions) => {
    const pending = actions.filter((a) => a.status === "pending_approval");
    if (pending.length > 0) await this.queue(em, "action.pending", pending);
  };

  readonly lifecycleChanged: LifecycleHook = async (em, action, event) => {
    await this.queue(em, event, [action]);
  };

  /** A test delivery to one endpoint, whatever its filter (it may even be disabled: the admin asked). */
  async queueTest(em: EntityManager, endpoint: NotificationEndpoint): Promise<NotificationDelivery> {
    const at = this.now();
    const row = this.row(endpoint, TEST_EVENT, sampleSnapshot(at), at);
    await em.insert(NotificationDeliveryEntity, row);
    return row;
  }

  private async queue(em: EntityManager, event: string, actions: readonly Action[]): Promise<void> {
    const organizations = [...new Set(actions.map((a) => a.organizationId))];
    const endpoints = await em.find(
      NotificationEndpointEntity,
      { organizationId: { $in: organizations }, enabled: true },
      { disableIdentityMap: true },
    );
    if (endpoints.length === 0) return;
    const at = this.now();
    const rows = actions.flatMap((action) =>
      endpoints
        .filter((e) => e.organizationId === action.organizationId && wants(e, event))
        .map((endpoint) => this.row(endpoint, event, snapshotOf(action), at)),
    );
    if (rows.length > 0) await em.insertMany(NotificationDeliveryEntity, rows);
  }

  private row(endpoint: NotificationEndpoint, event: string, action: ActionSnapshot, at: Date): NotificationDelivery {
    const payload: NotificationPayload = {
      type: event,
      timestamp: at.toISOString(),
      organization_id: endpoint.organizationId,
      action,
    };
    return {
      id: newId("ndl"),
      organizationId: endpoint.organizationId,
      endpointId: endpoint.id,
      event,
      actionId: action.id,
      payload: payload as unknown as Record<string, unknown>,
      status: "pending",
      attempts: 0,
      nextAttemptAt: at,
      claimToken: null,
      lastStatusCode: 0,
      lastError: "",
      deliveredAt: null,
      createdAt: at,
    };
  }
}
