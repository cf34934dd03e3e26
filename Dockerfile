# syntax=docker/dockerfile:1
# Webex reports BFF. Build: docker build -t webex-reports-bff .
# The same image runs the service (default) and the Webex sandbox (command: node dist/sandbox/sandbox.main.js).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# Caps V8's heap so RSS tracks the cache bound (the default lets the heap grow lazily far past the
# live set). With CACHE_MAX_BYTES at its 64 MiB default, 256 MiB leaves room for requests in flight;
# keep it near 3 x CACHE_MAX_BYTES + 64 MiB when raising the bound.
ENV NODE_OPTIONS=--max-old-space-size=256
# glibc's malloc: two arenas instead of 8 per core, and freed memory above 128 KiB at the top of an
# arena given back, instead of a threshold that rises with every large block freed (V8's compiler
# zones): RSS -4 to -6 MiB each, throughput unchanged (README, Decisions).
ENV MALLOC_ARENA_MAX=2
ENV MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# npm does not forward SIGTERM to its child: the container runs node itself, which drains and exits 0.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# --min/--max-semi-space-size=8: V8's young generation stays at 2 x 8 MiB, through idle time and
# under load. Left to itself it grew to 2 x 16 MiB under load (RSS), and shrank after a few idle
# seconds so that the next burst paid for its regrowth (hit p99 ~3 x the bare-server ceiling's).
# --expose-gc: dist/main.js collects twice once it listens (src/startup-gc.ts), so a replica starts at
# its live size. README, Decisions. Not allowed in NODE_OPTIONS, so they are on the command line; the
# benchmark and the tests read both from this file (deploy/image-command.js).
CMD ["node", "--min-semi-space-size=8", "--max-semi-space-size=8", "--expose-gc", "dist/main.js"]
