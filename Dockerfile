# syntax=docker/dockerfile:1
# One image for the gateway and the four services; the command picks the app:
#   docker build -t agent-governance .
#   docker run -p 8080:8080 agent-governance dist/apps/gateway.js
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
COPY apps/console/package.json apps/console/
COPY libs/changes/package.json libs/changes/
COPY libs/config/package.json libs/config/
COPY libs/counters/package.json libs/counters/
COPY libs/errors/package.json libs/errors/
COPY libs/errors-http/package.json libs/errors-http/
COPY libs/outbox/package.json libs/outbox/
COPY libs/persistence/package.json libs/persistence/
COPY libs/proto/package.json libs/proto/
COPY libs/rpc/package.json libs/rpc/
COPY libs/telemetry/package.json libs/telemetry/
COPY libs/testing/package.json libs/testing/
COPY libs/testing-platform/package.json libs/testing-platform/
RUN npm ci --no-audit --no-fund

# --- 2. build: type-check the sources, then compile the five apps to JavaScript (dist/) ----
FROM deps AS build
COPY tsconfig.json tsconfig.base.json ./
COPY apps apps
COPY libs libs
COPY tools tools
RUN npx tsc --noEmit -p tsconfig.json && npm run build && npm run build -w console

# --- 3. production dependencies only: the compiled apps load npm packages from node_modules ---
FROM deps AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund

# --- 4. runtime: no compilers, no dev dependencies, an unprivileged user ------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    CONSOLE_DIR=/app/apps/console/dist
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/dist dist
COPY --from=build --chown=node:node /app/apps/console/dist apps/console/dist
COPY --chown=node:node deploy/healthcheck.js deploy/healthcheck.js
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080 50051 50052 50053 50054
# OpenTelemetry is loaded before the app so every span has a provider.
ENTRYPOINT ["node", "--enable-source-maps", "--import", "/app/dist/telemetry-register.js"]
CMD ["dist/apps/gateway.js"]
