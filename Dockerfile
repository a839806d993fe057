# syntax=docker/dockerfile:1
# One image for the gateway and the four services; the command picks the app:
#   docker build -t agent-governance .
#   docker run -e HOST=0.0.0.0 -p 8080:8080 agent-governance apps/gateway/src/main.ts
# See docker-compose.yml (every app twice, PostgreSQL, Redis, an OpenTelemetry
# collector) and charts/agent-governance (Kubernetes).

ARG NODE_IMAGE=node:24-bookworm-slim

# --- 1. dependencies: only the manifests, so this layer is reused until they change ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/auth/package.json apps/auth/
COPY apps/registry/package.json apps/registry/
COPY apps/governance/package.json apps/governance/
COPY apps/approval/package.json apps/approval/
COPY apps/gateway/package.json apps/gateway/
COPY libs/changes/package.json libs/changes/
COPY libs/config/package.json libs/config/
COPY libs/counters/package.json libs/counters/
COPY libs/errors/package.json libs/errors/
COPY libs/errors-http/package.json libs/errors-http/
COPY libs/persistence/package.json libs/persistence/
COPY libs/proto/package.json libs/proto/
COPY libs/rpc/package.json libs/rpc/
COPY libs/telemetry/package.json libs/telemetry/
COPY libs/testing/package.json libs/testing/
RUN npm ci --no-audit --no-fund

# --- 2. build: the sources, checked (type-check) so a broken tree never becomes an image ---
FROM deps AS build
COPY tsconfig.json tsconfig.base.json ./
COPY apps apps
COPY libs libs
COPY tools tools
RUN npx tsc --noEmit -p tsconfig.json

# --- 3. production dependencies only (tsx is one: it runs the TypeScript sources) -------
FROM deps AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund

# --- 4. runtime: no compilers, no dev dependencies, an unprivileged user ------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/apps apps
COPY --from=build --chown=node:node /app/libs libs
COPY --from=build --chown=node:node /app/tools tools
COPY --chown=node:node deploy/healthcheck.mjs deploy/healthcheck.mjs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080 50051 50052 50053 50054
# OpenTelemetry is loaded before the app so every span has a provider.
ENTRYPOINT ["node", "--import", "tsx", "--import", "@platform/telemetry/register"]
CMD ["apps/gateway/src/main.ts"]
