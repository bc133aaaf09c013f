# syntax=docker/dockerfile:1
# Build stage: install every dependency and compile TypeScript.
# Node 24 is the current LTS; the program also runs on Node 20.19+ and 22.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the build runs below, once the sources are copied (npm ci would run the prepare script now).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
COPY bin ./bin
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled code and production dependencies only, as an unprivileged user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
# A font for the labels of the posture charts (resvg draws no text without one; src/charts/render.ts).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
USER node
EXPOSE 3000
# /healthz answers 200 only when the bot's dependencies are up (PORT is the bot's HTTP port).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
