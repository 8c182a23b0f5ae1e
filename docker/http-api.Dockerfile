# The HTTP admin API app (apps/http-api): /api/v1 over every gateway of the cluster (NATS),
# users/ACL in Redis. Stateless: run any number behind a load balancer. From the repository root:
#   docker build -f docker/http-api.Dockerfile -t mithqtt/http-api .
# Mount the API key file (npm run api-key) and point HTTP_API_KEYS_FILE at it.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build/build-app.mjs http-api \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production HTTP_PORT=8080 HTTP_API_KEYS_FILE=/keys/api-keys.json
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/apps/http-api ./
USER node
EXPOSE 8080
# SIGTERM: stops accepting, finishes requests in hand, drains NATS, closes Redis, exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "main.js"]
