# The auth service (apps/auth-service): serves mqtt.auth.v1.* on NATS; run any number of
# replicas (one queue group). Needs CLUSTER_NATS_URL and, for shared users, REDIS_URL with
# AUTH_STORE=redis. Build from the repository root:
#   docker build -f docker/auth-service.Dockerfile -t mithqtt/auth-service .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build/build-app.mjs auth-service \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/apps/auth-service ./
USER node
# SIGTERM: stop taking requests, answer those received, drain NATS, exit 0.
STOPSIGNAL SIGTERM
# HTTP only for orchestrators and Prometheus: /health, /ready (NATS and Redis connected), /metrics.
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8081)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "main.js"]
