import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ResolvedCredential } from "../application/credential-resolver.js";
import { platformError } from "@platform/errors";
import { newId } from "@platform/persistence";
import { requirePrincipal } from "@platform/rpc";
import { emailTaken, stageUser } from "../application/accounts.js";
import { OrganizationEntity } from "../persistence/entities.js";
import { flushUnique } from "@platform/persistence";
import { DEFAULT_REQUESTS_PER_DAY, DEFAULT_REQUESTS_PER_HOUR } from "./organization-handlers.js";
import { auditEvents } from "./audit-events.js";
import { callerOrganization, callerUser, type HandlerContext } from "./handler-context.js";
import { toOrganizationMessage, toUserMessage } from "./mappers.js";
import type { HandlerGroup } from "./impl.js";

/** Signup, login, refresh, logout, who-am-I, credential resolution and MFA enrolment. */
export function sessionHandlers(
  c: HandlerContext,
): HandlerGroup<"signup" | "login" | "refresh" | "logout" | "authenticate" | "getMe" | "setupMfa" | "verifyMfa"> {
  return {
    async signup(req) {
      const em = c.orm.em.fork();
      const taken = () => platformError("EMAIL_ALREADY_REGISTERED");
      if (await emailTaken(em, req.email)) throw taken();
      const organization = em.create(OrganizationEntity, {
        id: newId("org"),
        name: req.organizationName,
        requestsPerHour: DEFAULT_REQUESTS_PER_HOUR,
        requestsPerDay: DEFAULT_REQUESTS_PER_DAY,
        createdAt: c.now(),
      });
      em.persist(organization);
      const user = await stageUser(
        em,
        {
          organizationId: organization.id,
          email: req.email,
          password: req.password,
          role: "admin",
          fullName: req.fullName,
        },
        c.now(),
      );
      // Organization and admin land in one flush (one transaction), or neither does.
      await flushUnique(em, taken);
      return {
        organization: toOrganizationMessage(organization),
        user: toUserMessage(user),
        tokens: await c.tokens.issue(em, user),
      };
    },

    async login(req) {
      const em = c.orm.em.fork();
      const user = await c.login.verify(em, req.email, req.password, req.mfaCode);
      return { user: toUserMessage(user), tokens: await c.tokens.issue(em, user) };
    },

    async refresh(req) {
      const { tokens } = await c.tokens.refresh(c.orm.em.fork(), req.refreshToken);
      return { tokens };
    },

    /**
     * Ends every session of the caller's user: all their refresh tokens are revoked, on
     * every device. Access tokens are stateless and lapse within their 60 minutes.
     */
    async logout(_req, ctx) {
      const caller = requirePrincipal(ctx);
      await c.tokens.revokeAllOf(c.orm.em.fork(), caller.userId);
      return {};
    },

    async authenticate(req) {
      const em = c.orm.em.fork();
      switch (req.credential.case) {
        case "apiKey":
          return resolvedCredential(await c.credentials.fromApiKey(em, req.credential.value));
        case "accessToken":
          return resolvedCredential(await c.credentials.fromAccessToken(em, req.credential.value));
        default:
          throw platformError("AUTHENTICATION_REQUIRED");
      }
    },

    async getMe(_req, ctx) {
      const caller = requirePrincipal(ctx);
      const em = c.orm.em.fork();
      const user = await callerUser(em, caller);
      return { user: toUserMessage(user), organization: toOrganizationMessage(await callerOrganization(em, caller)) };
    },

    async setupMfa(_req, ctx) {
      const caller = requirePrincipal(ctx);
      const em = c.orm.em.fork();
      return c.mfa.setup(em, await callerUser(em, caller));
    },

    async verifyMfa(req, ctx) {
      const caller = requirePrincipal(ctx);
      const em = c.orm.em.fork();
      await c.mfa.verify(em, await callerUser(em, caller), req.code, () =>
        c.audit(em, caller, auditEvents.mfaEnabled()),
      );
      return { mfaEnabled: true };
    },
  };
}

/** The Authenticate answer: the caller, and how long a copy of it may be kept. */
function resolvedCredential({ principal, expiresAt }: ResolvedCredential) {
  return { principal, ...(expiresAt ? { expiresAt: timestampFromDate(expiresAt) } : {}) };
}
