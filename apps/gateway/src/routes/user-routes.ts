import { CreateUserRequestSchema, UserSchema } from "@platform/proto/auth";
import { messageFromJson } from "../http/json-shape.js";
import { jsonView } from "../views/json-view.js";
import { ok, type Route } from "./route.js";

/** Creating users (admin); the rest of user management is in account-routes.ts. */
export const userRoutes: Route[] = [
  {
    method: "POST",
    path: "/users",
    access: "authenticated",
    async handle({ body, services }) {
      const res = await services.auth.createUser(messageFromJson(CreateUserRequestSchema, body));
      return ok(jsonView(UserSchema, res.user), 201);
    },
  },
];
