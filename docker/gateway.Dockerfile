# The connection gateway (apps/gateway): MQTT listener + broker core; run any number,
# each behind the load balancer. Needs CLUSTER_NATS_URL and REDIS_URL; uses the auth and
# retain services over NATS. Build from the repository root:
#   docker build -f docker/gateway.Dockerfile -t mithqtt/gateway .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build/build-app.mjs gateway \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/apps/gateway ./
USER node
# SIGTERM closes the listener and the clients (wills fire), flushes sessions, exits 0.
STOPSIGNAL SIGTERM
ENV MQTT_HOST=0.0.0.0
EXPOSE 1883 8080
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "main.js"]
