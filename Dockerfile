# syntax=docker/dockerfile:1
#
# One image for every Hookline process; its command picks which:
#   docker run … hookline api      the HTTP API and the dashboard (port 8080)
#   docker run … hookline worker   a delivery worker (metrics and /healthz on 8081)
#   docker run … hookline edge     the edge dispatcher on Deno (port 8000)
# deploy/compose.yaml runs them on MongoDB 7; docs/DEPLOY.md explains the settings.

# ---- build: install from the lockfile, build, keep only what runs ----------
FROM node:20-bookworm-slim AS build
# CI: pnpm refuses to touch the lockfile; turbo keeps its telemetry to itself.
ENV CI=true TURBO_TELEMETRY_DISABLED=1
# The repository's pnpm, from npm (corepack is not used: it is leaving Node).
RUN npm install --global pnpm@12.4.2 && npm cache clean --force
WORKDIR /src

# Dependencies first, from the lockfile alone: this layer survives source edits.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY patches ./patches
RUN pnpm fetch

COPY . .
RUN pnpm install --frozen-lockfile --offline
# The API (with the dashboard it serves), the worker, and what they import.
# (Separate RUNs on purpose: each step is its own cached layer.)
# hadolint ignore=DL3059
RUN pnpm exec turbo run build --filter=@hookline/api... --filter=@hookline/worker... --filter=@hookline/dashboard...

# Self-contained folders with production dependencies only (workspace packages copied in).
# hadolint ignore=DL3059
RUN pnpm --filter @hookline/api deploy --prod /out/api \
 && pnpm --filter @hookline/worker deploy --prod /out/worker
# The edge dispatcher: one bundled file, run by the Deno binary the `deno` npm package installed.
RUN node_modules/deno/deno bundle --platform deno -o /out/edge/edge-dispatcher.js packages/dispatcher/deno/serve.ts \
 && cp node_modules/deno/deno /out/edge/deno

# ---- runtime: Node 20, the three built programs, a non-root user -----------
FROM node:20-bookworm-slim AS runtime
# HOOKLINE_DATA_DIR holds the development key file only; production sets
# HOOKLINE_SECRET_KEY (required with NODE_ENV=production). Deno caches in /tmp.
ENV NODE_ENV=production \
    HOOKLINE_DATA_DIR=/tmp/hookline \
    DENO_DIR=/tmp/deno \
    DENO_NO_UPDATE_CHECK=1
WORKDIR /app
# Root-owned and read-only for the user the processes run as.
COPY --from=build /out/api ./api
COPY --from=build /out/worker ./worker
# The API serves the dashboard from ../../../dashboard/dist, seen from api/dist/http/.
COPY --from=build /src/apps/dashboard/dist ./dashboard/dist
COPY --from=build /out/edge ./edge
COPY --chmod=755 deploy/hookline.sh /usr/local/bin/hookline
# `node` (uid 1000 in the official image), numeric so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 8080 8081 8000
ENTRYPOINT ["hookline"]
CMD ["api"]
