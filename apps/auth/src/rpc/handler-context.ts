import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { platformError } from "@platform/errors";
import type { Principal } from "@platform/proto/principal";
import { CredentialResolver } from "../application/credential-resolver.js";
import { MfaEnrolment } from "../application/mfa-enrolment.js";
import { PasswordLogin } from "../application/password-login.js";
import { SessionTokens } from "../application/session-tokens.js";
import type { TokenSigner } from "../domain/tokens.js";
import { OrganizationEntity, UserEntity, type Organization, type User } from "../persistence/entities.js";
import { recordInOutbox, type AuditRecorder } from "./audit-events.js";

export interface AuthDeps {
  readonly orm: MikroORM;
  readonly signer: TokenSigner;
  /** The clock; tests move it. */
  readonly now?: () => Date;
  /** Where audit entries of changes go (default: auth's outbox, in the change's transaction). */
  readonly audit?: AuditRecorder;
}

/** What every handler group shares: the database, the clock and the application services. */
export interface HandlerContext {
  readonly orm: MikroORM;
  readonly now: () => Date;
  readonly credentials: CredentialResolver;
  readonly tokens: SessionTokens;
  readonly login: PasswordLogin;
  readonly mfa: MfaEnrolment;
  /** Records an audit entry in the unit of work of the change it describes. */
  readonly audit: AuditRecorder;
}

export function handlerContext(deps: AuthDeps): HandlerContext {
  const now = deps.now ?? (() => new Date());
  return {
    orm: deps.orm,
    now,
    credentials: new CredentialResolver(deps.signer, now),
    tokens: new SessionTokens(deps.signer, now),
    login: new PasswordLogin(now),
    mfa: new MfaEnrolment(now),
    audit: deps.audit ?? recordInOutbox,
  };
}

/** The caller's own user row; USER_NOT_FOUND when it was deleted meanwhile. */
export async function callerUser(em: EntityManager, caller: Principal): Promise<User> {
  const user = await em.findOne(UserEntity, { id: caller.userId, organizationId: caller.organizationId });
  if (!user) throw platformError("USER_NOT_FOUND", { user_id: caller.userId });
  return user;
}

export async function callerOrganization(em: EntityManager, caller: Principal): Promise<Organization> {
  const organization = await em.findOne(OrganizationEntity, { id: caller.organizationId });
  if (!organization) throw platformError("ORGANIZATION_NOT_FOUND");
  return organization;
}
