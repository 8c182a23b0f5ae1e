# The retain service (apps/retain): serves mqtt.retain.v1.* over NATS from Redis. Stateless: run
# any number of replicas. Build from the repository root:
#   docker build -f docker/retain.Dockerfile -t mithqtt/retain .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build/build-app.mjs retain \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/apps/retain ./
USER node
# No ports: it only connects out, to NATS_URL and REDIS_URL.
# SIGTERM: stops taking requests, answers those in hand, drains NATS, exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "main.js"]
