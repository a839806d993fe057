import { OrganizationSchema, SignupRequestSchema, UserSchema } from "@platform/proto/auth";
import { tokenView } from "./account-routes.js";
import { messageFromJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** Sign-up, login and the caller's own identity (api-contract section 7). */
export const authRoutes: Route[] = [
  {
    method: "POST",
    path: "/auth/signup",
    access: "public",
    async handle({ body, services }) {
      const res = await services.auth.signup(messageFromJson(SignupRequestSchema, body));
      return ok(
        {
          organization: jsonView(OrganizationSchema, res.organization),
          user: jsonView(UserSchema, res.user),
          ...tokenView(res.tokens),
        },
        201,
      );
    },
  },
  {
    method: "GET",
    path: "/auth/me",
    access: "authenticated",
    async handle({ services }) {
      const res = await services.auth.getMe({});
      return ok({ ...jsonView(UserSchema, res.user), organization: jsonView(OrganizationSchema, res.organization) });
    },
  },
];
