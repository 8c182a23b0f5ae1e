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
# SIGTERM: stops taking requests, answers those in hand, drains NATS, exits 0.
STOPSIGNAL SIGTERM
# HTTP only for orchestrators and Prometheus: /health, /ready (NATS and Redis connected), /metrics.
EXPOSE 8082
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8082)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "main.js"]
