# The session service (apps/session): serves mqtt.session.v1.* over NATS, forwarding to the
# gateways and reading Redis. Stateless: run any number of replicas. Build from the repository root:
#   docker build -f docker/session.Dockerfile -t mithqtt/session .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build/build-app.mjs session \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/apps/session ./
USER node
# No ports: it only connects out, to NATS_URL and REDIS_URL.
# SIGTERM: stops taking requests, answers those in hand, drains NATS, exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "main.js"]
