# freshpin's own image: the GitHub App server (and the CLI) on Node 24, which runs the
# TypeScript sources directly. Node 24 comes from the `node` npm devDependency, so the
# build stage needs only Debian's node and npm to run `npm ci`.
#
#   docker build -t freshpin:local .          (or scripts/update-docker-image.sh)
#   docker run --env-file .env -p 3000:3000 freshpin:local
#   docker run --rm freshpin:local node bin/freshpin.js --help
#
# The server runs with the V8 flags of `npm start` (package.json; a test keeps the CMD and the
# compile-cache step below in step with it) and loads its modules from a compile cache built
# here, so Node's TypeScript stripper is never loaded at run time (docs/operations.md).

# The Debian base is a dated tag (nested in an ARG) pinned by digest. freshpin bumps its
# own image: `freshpin check --write` refreshes the tag and both digests below. The digest
# was not resolved against Docker Hub when this file was written; refresh it before building.
ARG DEBIAN_VERSION=trixie-20251117-slim

FROM debian:${DEBIAN_VERSION}@sha256:19528de332578b5debdee4851d41ec7a393378bae90056a6b961a7ab071acf5d AS build
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get upgrade -y \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci brings Node 24 (node_modules/node/bin/node); keep that binary aside, then drop
# the devDependencies.
RUN npm ci --no-audit --no-fund \
 && install -D -m 0755 node_modules/node/bin/node /opt/node/node \
 && /opt/node/node --version \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force
COPY app.yml ./
COPY bin/ bin/
COPY src/ src/
COPY templates/ templates/

FROM debian:${DEBIAN_VERSION}@sha256:19528de332578b5debdee4851d41ec7a393378bae90056a6b961a7ab071acf5d
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get upgrade -y \
 && apt-get install -y --no-install-recommends tini ca-certificates libstdc++6 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 freshpin \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin freshpin
COPY --from=build /opt/node/node /usr/local/bin/node
WORKDIR /app
# Owned by root and not writable by the app user.
COPY --from=build /app/package.json /app/package-lock.json /app/app.yml ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/bin/ bin/
COPY --from=build /app/src/ src/
COPY --from=build /app/templates/ templates/
# No setuid/setgid programs for an attacker to use.
RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
ENV NODE_ENV=production \
    PORT=3000 \
    NODE_COMPILE_CACHE=/app/.node-compile-cache \
    MALLOC_ARENA_MAX=2
# Node keys its compile cache by version, V8 flags and user id: build it as the app's user
# with the server's flags, then make it read-only for everyone (Node writes its files 0600;
# a root-owned 0400 file would be unreadable to the app, and the cache silently unused).
RUN install -d -o 10001 -g 10001 /app/.node-compile-cache \
 && setpriv --reuid=10001 --regid=10001 --clear-groups \
      node --max-semi-space-size=4 --heap-growing-percent=25 bin/warm-compile-cache.js \
 && chown -R root:root /app/.node-compile-cache \
 && chmod -R a=rX /app/.node-compile-cache
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=25", "bin/freshpin-server.js"]
