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
# SIGTERM: stops taking requests, answers those in hand, drains NATS, exits 0.
STOPSIGNAL SIGTERM
# HTTP only for orchestrators and Prometheus: /health, /ready (NATS and Redis connected), /metrics.
EXPOSE 8083
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8083)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "main.js"]
