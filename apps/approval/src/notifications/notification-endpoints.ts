import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import { newId, olderThan, type PageCursor } from "@platform/persistence";
import type { Principal } from "@platform/proto/principal";
import { requireRole } from "@platform/rpc";
import { currentCorrelationId } from "@platform/telemetry";
import type { AuditLog } from "../persistence/audit-log.js";
import { inAuditedTransaction } from "../persistence/audited-transaction.js";
import {
  assertValidTarget,
  defaultName,
  eventsOrAll,
  MAX_ENDPOINTS_PER_ORGANIZATION,
  newSigningSecret,
  type EndpointKind,
} from "./endpoint-rules.js";
import {
  NotificationDeliveryEntity,
  NotificationEndpointEntity,
  type NotificationDelivery,
  type NotificationEndpoint,
} from "./notification-entities.js";
import type { NotificationOutbox } from "./notification-outbox.js";

type Caller = Principal & { organizationId: string };

export interface EndpointInput {
  readonly name: string;
  readonly kind: EndpointKind;
  readonly url: string;
  readonly email: string;
  readonly events: readonly string[];
  readonly enabled: boolean;
}

export interface EndpointPatch {
  readonly name?: string;
  readonly url?: string;
  readonly email?: string;
  /** Empty: unchanged. */
  readonly events: readonly string[];
  readonly enabled?: boolean;
}

export const endpointNotFound = (id: string) =>
  platformError(
    "NOTIFICATION_ENDPOINT_NOT_FOUND",
    { endpoint_id: id },
    { resource: { type: "notification_endpoint", name: id } },
  );

/**
 * The admin's use cases for notification endpoints: each change is audited in its
 * own transaction, every read and write is scoped to the caller's organization (an
 * id of another organization is simply not found), and only admins may call them.
 */
export class NotificationEndpoints {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: NotificationOutbox,
    private readonly emailConfigured: boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(caller: Caller, input: EndpointInput): Promise<{ endpoint: NotificationEndpoint; secret: string }> {
    requireRole(caller, "admin");
    assertValidTarget(input, this.emailConfigured);
    return this.inTransaction(async (em, audit) => {
      const count = await em.count(NotificationEndpointEntity, { organizationId: caller.organizationId });
      if (count >= MAX_ENDPOINTS_PER_ORGANIZATION)
        throw platformError("NOTIFICATION_ENDPOINT_LIMIT_REACHED", { limit: MAX_ENDPOINTS_PER_ORGANIZATION });
      const at = this.now();
      const endpoint: NotificationEndpoint = {
        id: newId("nep"),
        organizationId: caller.organizationId,
        name: input.name || defaultName(input),
        kind: input.kind,
        url: input.kind === "email" ? "" : input.url,
        email: input.kind === "email" ? input.email : "",
        events: eventsOrAll(input.events),
        enabled: input.enabled,
        secret: newSigningSecret(input.kind),
        createdAt: at,
        updatedAt: at,
      };
      await em.insert(NotificationEndpointEntity, endpoint);
      await audit.append(this.auditEvent(caller, "notification_endpoint.created", endpoint));
      return { endpoint, secret: endpoint.secret };
    });
  }

  async list(caller: Caller): Promise<NotificationEndpoint[]> {
    requireRole(caller, "admin");
    return this.orm.em
      .fork()
      .find(NotificationEndpointEntity, { organizationId: caller.organizationId }, { orderBy: { createdAt: "asc" } });
  }

  async get(caller: Caller, id: string): Promise<NotificationEndpoint> {
    requireRole(caller, "admin");
    return this.find(this.orm.em.fork(), caller, id);
  }

  async update(caller: Caller, id: string, patch: EndpointPatch): Promise<NotificationEndpoint> {
    requireRole(caller, "admin");
    return this.inTransaction(async (em, audit) => {
      const endpoint = await this.find(em, caller, id);
      const kind = endpoint.kind as EndpointKind;
      const next = {
        kind,
        url: patch.url ?? endpoint.url,
        email: patch.email ?? endpoint.email,
      };
      // Checked whole, as it will be: a patch may not leave a webhook without a URL.
      assertValidTarget(next, this.emailConfigured || !(patch.enabled ?? endpoint.enabled), "patch");
      if (patch.name !== undefined) endpoint.name = patch.name || defaultName(next);
      endpoint.url = next.url;
      endpoint.email = next.email;
      if (patch.events.length > 0) endpoint.events = [...patch.events];
      if (patch.enabled !== undefined) endpoint.enabled = patch.enabled;
      endpoint.updatedAt = this.now();
      await audit.append(this.auditEvent(caller, "notification_endpoint.updated", endpoint));
      return endpoint;
    });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    requireRole(caller, "admin");
    await this.inTransaction(async (em, audit) => {
      const endpoint = await this.find(em, caller, id);
      await em.nativeDelete(NotificationDeliveryEntity, { endpointId: endpoint.id });
      em.remove(endpoint);
      await audit.append(this.auditEvent(caller, "notification_endpoint.deleted", endpoint));
    });
  }

  async rotateSecret(caller: Caller, id: string): Promise<{ endpoint: NotificationEndpoint; secret: string }> {
    requireRole(caller, "admin");
    return this.inTransaction(async (em, audit) => {
      const endpoint = await this.find(em, caller, id);
      endpoint.secret = newSigningSecret(endpoint.kind as EndpointKind);
      endpoint.updatedAt = this.now();
      await audit.append(this.auditEvent(caller, "notification_endpoint.secret_rotated", endpoint));
      return { endpoint, secret: endpoint.secret };
    });
  }

  async sendTest(caller: Caller, id: string): Promise<NotificationDelivery> {
    requireRole(caller, "admin");
    return this.orm.em.fork().transactional(async (em) => this.outbox.queueTest(em, await this.find(em, caller, id)));
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async deliveries(
    caller: Caller,
    id: string,
    filter: { status?: string },
    limit: number,
    after?: PageCursor,
  ): Promise<NotificationDelivery[]> {
    requireRole(caller, "admin");
    const em = this.orm.em.fork();
    const endpoint = await this.find(em, caller, id);
    return em.find(
      NotificationDeliveryEntity,
      {
        organizationId: caller.organizationId,
        endpointId: endpoint.id,
        ...(filter.status ? { status: filter.status } : {}),
        ...olderThan(after),
      },
      { orderBy: { createdAt: "desc", id: "desc" }, limit },
    );
  }

  private async find(em: EntityManager, caller: Caller, id: string): Promise<NotificationEndpoint> {
    const endpoint = await em.findOne(NotificationEndpointEntity, { id, organizationId: caller.organizationId });
    if (!endpoint) throw endpointNotFound(id);
    return endpoint;
  }

  /** The audit entry of a change: what the endpoint is now, never its secret. */
  private auditEvent(caller: Caller, eventType: string, endpoint: NotificationEndpoint) {
    return {
      organizationId: caller.organizationId,
      actorUserId: caller.userId,
      actorApiKeyId: caller.apiKeyId,
      correlationId: currentCorrelationId() ?? "",
      eventType,
      data: {
        endpoint_id: endpoint.id,
        name: endpoint.name,
        endpoint_kind: endpoint.kind,
        url: endpoint.url,
        email: endpoint.email,
        events: endpoint.events,
        enabled: endpoint.enabled,
      },
    };
  }

  private inTransaction<T>(work: (em: EntityManager, audit: AuditLog) => Promise<T>): Promise<T> {
    return inAuditedTransaction(this.orm, this.now, work);
  }
}
