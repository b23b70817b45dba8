#!/usr/bin/env bash
# npm run test:image: build freshpin's image the way its users do, run it, and check it.
#
#  1. installs docker.io, debootstrap and docker-registry if missing (Debian; needs root), and
#     starts a Docker engine of its own (vfs storage, no bridge or iptables) with its data under
#     a temp directory and its own socket, stopped by PID at the end;
#  2. makes a dated Debian base with `debootstrap --variant=minbase trixie`, imports it and
#     pushes it as library/debian:trixie-YYYYMMDD-slim to Debian's docker-registry on loopback,
#     which the engine uses as its docker.io mirror;
#  3. runs `freshpin check --write` on a scratch copy of this repository against that registry,
#     so freshpin itself writes the new tag and the real digest into its own Dockerfile;
#  4. builds the image from that copy (BuildKit; a proxy's CA bundle as a build secret);
#  5. runs it and checks, in the running container: uid 10001, no setuid/setgid file, PID 1 is
#     tini, NODE_ENV=production, the HEALTHCHECK turns healthy and /readyz authenticates to a
#     GitHub fake on loopback, `docker stop` exits 0 in time, `freshpin --help` and `check` work;
#  6. prints the image size, the build time and what took the time.
#
# The Debian rootfs and the registry's data are cached in FRESHPIN_IMAGE_CACHE
# (default /var/cache/freshpin-test-image); the rootfs is made again after
# FRESHPIN_IMAGE_ROOTFS_DAYS days (default 7). A cold run takes about 7 minutes on 2 cores, a
# warm one under 5 (README.md, "Tests").
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# The project's Node 24 (the `node` devDependency), as under npm run.
export PATH="$repo_root/node_modules/.bin:$PATH"

cache="${FRESHPIN_IMAGE_CACHE:-/var/cache/freshpin-test-image}"
rootfs_days="${FRESHPIN_IMAGE_ROOTFS_DAYS:-7}"
image="freshpin:test-image"
container="freshpin-test-image-$$"
# The proxy CA bundle npm needs inside the build (the host's NODE_EXTRA_CA_CERTS), if any.
npm_ca="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
# Seconds `docker stop` may take (it sends SIGTERM, then SIGKILL after this).
stop_bound=30

started=$SECONDS
timings=()
step_started=$SECONDS
step_name=""

step() {
  finish_step
  step_name="$*"
  step_started=$SECONDS
  printf '\n==> %s\n' "$*"
}
finish_step() {
  if [ -n "$step_name" ]; then timings+=("$(printf '%5ds  %s' $((SECONDS - step_started)) "$step_name")"); fi
  step_name=""
}
fail() {
  echo "test-image: FAIL: $*" >&2
  exit 1
}
ok() {
  echo "  ok: $*"
}

[ "$(id -u)" = 0 ] || fail "needs root (it installs packages and runs its own Docker engine)"

tmp="$(mktemp -d /tmp/freshpin-test-image.XXXXXX)"
dockerd_pid=""
registry_pid=""
fake_pid=""
cleanup() {
  local code=$? cleanup_started=$SECONDS
  set +e
  if [ -n "$dockerd_pid" ]; then
    if [ $code -ne 0 ] && docker inspect "$container" >/dev/null 2>&1; then
      echo "--- container logs (last 40 lines)" >&2
      docker logs --tail 40 "$container" >&2
    fi
    docker rm -f "$container" >/dev/null 2>&1
    kill "$dockerd_pid" 2>/dev/null
    (sleep 30 && kill -9 "$dockerd_pid" 2>/dev/null) &
    local killer=$!
    wait "$dockerd_pid" 2>/dev/null
    kill "$killer" 2>/dev/null
    if [ $code -ne 0 ]; then
      echo "--- dockerd log (last 20 lines)" >&2
      tail -n 20 "$tmp/dockerd.log" >&2
    fi
  fi
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  # The engine is stopped: unmount what it left mounted (its network namespace), then remove
  # its directories (vfs layers are plain directories).
  grep -o " $tmp/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount 2>/dev/null
  rm -rf "$tmp" 2>/dev/null || { sleep 2; rm -rf "$tmp"; }
  echo "test-image: engine stopped and its data removed in $((SECONDS - cleanup_started))s; $([ $code = 0 ] && echo passed || echo FAILED) after $((SECONDS - started))s in all"
  exit $code
}
trap cleanup EXIT

# GET URL [ACCEPT]: exit 0 on a 2xx; prints the Docker-Content-Digest header, if any.
http_get() {
  node -e "fetch(process.argv[1],{method:'HEAD',headers:process.argv[2]?{accept:process.argv[2]}:{}}).then(r=>{console.log(r.headers.get('docker-content-digest')??'');process.exit(r.ok?0:1)},()=>process.exit(1))" "$@"
}

free_port() {
  node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what: not within ${seconds}s"
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
step "Tools: docker.io, debootstrap, docker-registry"
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's client matches Debian's engine (20.10) and has BuildKit built in; another client
# on PATH (Docker 28's needs buildx for BuildKit) is not used.
docker_bin="$(command -v /usr/bin/docker || command -v docker)"
docker() { "$docker_bin" "$@"; }
export DOCKER_BUILDKIT=1

# ---------------------------------------------------------------------------------------------
step "Registry: Debian's docker-registry on loopback, data in $cache/registry"
mkdir -p "$cache/registry" "$cache/rootfs"
registry_port="$(free_port)"
registry="127.0.0.1:$registry_port"
cat >"$tmp/registry.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $cache/registry
http:
  addr: $registry
YAML
/usr/bin/docker-registry serve "$tmp/registry.yml" >"$tmp/registry.log" 2>&1 &
registry_pid=$!
wait_for "docker-registry on $registry" 15 http_get "http://$registry/v2/"
ok "registry on http://$registry"

# ---------------------------------------------------------------------------------------------
step "Engine: dockerd (vfs, no bridge, no iptables) under $tmp, mirroring docker.io to the registry"
mkdir -p "$tmp/data" "$tmp/exec"
dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
  --data-root "$tmp/data" --exec-root "$tmp/exec" --pidfile "$tmp/dockerd.pid" \
  --host "unix://$tmp/docker.sock" \
  --registry-mirror "http://$registry" --insecure-registry "$registry" \
  >"$tmp/dockerd.log" 2>&1 &
dockerd_pid=$!
export DOCKER_HOST="unix://$tmp/docker.sock"
wait_for "dockerd" 60 docker version
ok "dockerd $(docker version --format '{{.Server.Version}}') (PID $dockerd_pid), client $(docker version --format '{{.Client.Version}}')"

# ---------------------------------------------------------------------------------------------
step "Debian base: debootstrap --variant=minbase trixie (cached $rootfs_days days)"
rootfs_tar="$(find "$cache/rootfs" -name 'debian-trixie-minbase-*.tar' -mtime "-$rootfs_days" 2>/dev/null | sort | tail -n 1)"
if [ -z "$rootfs_tar" ]; then
  # The Debian mirror apt is configured with.
  mirror="$(grep -hoE '(https?://[^ ]+/debian)/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -n 1 | tr -d ' ' || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  date="$(date -u +%Y%m%d)"
  echo "debootstrap from $mirror"
  rm -rf "$tmp/rootfs"
  debootstrap --variant=minbase trixie "$tmp/rootfs" "$mirror" >"$tmp/debootstrap.log" 2>&1 || {
    tail -n 20 "$tmp/debootstrap.log" >&2
    fail "debootstrap"
  }
  # Slim, as Debian's -slim images: dpkg leaves out documentation, manuals and translations
  # (now and in every later install), and no apt lists or caches.
  cat >"$tmp/rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
DPKG
  find "$tmp/rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$tmp/rootfs"/usr/share/{man,info,groff,lintian,linda,locale}/* "$tmp/rootfs"/var/lib/apt/lists/* "$tmp/rootfs"/var/cache/apt/*.bin
  find "$cache/rootfs" -name 'debian-trixie-minbase-*.tar' -delete
  rootfs_tar="$cache/rootfs/debian-trixie-minbase-$date.tar"
  tar -C "$tmp/rootfs" --numeric-owner -cf "$rootfs_tar.part" .
  mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$tmp/rootfs"
  echo "made $rootfs_tar"
else
  echo "cached: $rootfs_tar"
fi
date="$(basename "$rootfs_tar" .tar)"
date="${date##*-}"
tag="trixie-$date-slim"
manifest_v2=application/vnd.docker.distribution.manifest.v2+json
if http_get "http://$registry/v2/library/debian/manifests/$tag" "$manifest_v2" >/dev/null; then
  ok "library/debian:$tag already in the registry"
else
  docker import --change 'CMD ["bash"]' "$rootfs_tar" "$registry/library/debian:$tag" >/dev/null
  docker push "$registry/library/debian:$tag" | tail -n 1
  docker rmi "$registry/library/debian:$tag" >/dev/null
  ok "pushed library/debian:$tag"
fi

# ---------------------------------------------------------------------------------------------
step "freshpin check --write on a scratch copy of this repository"
scratch="$tmp/freshpin"
mkdir -p "$scratch"
# The working tree as git sees it (tracked and new files; not node_modules, dist or ignored files).
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  [ -e "$file" ] && printf '%s\0' "$file"
done | tar --null -T - -cf - | tar -C "$scratch" -xf -
DOCKERHUB_API_URL=none FRESHPIN_REGISTRY_MIRRORS='' \
  node --conditions=freshpin-source bin/freshpin.js check --write "$scratch" --mirror "docker.io=http://$registry"
grep -q "^ARG DEBIAN_VERSION=$tag\$" "$scratch/Dockerfile" || fail "the Dockerfile's ARG is not $tag"
digest="$(http_get "http://$registry/v2/library/debian/manifests/$tag" "$manifest_v2")"
[ "$(grep -c "@$digest" "$scratch/Dockerfile")" = 2 ] || fail "the Dockerfile's FROM lines are not pinned to $digest"
ok "Dockerfile: DEBIAN_VERSION=$tag, both FROM lines @$digest"
diff -u Dockerfile "$scratch/Dockerfile" || true

# ---------------------------------------------------------------------------------------------
step "docker build (BuildKit, --network=host, npm's CA as a build secret)"
secret=()
if [ -s "$npm_ca" ]; then secret=(--secret "id=npm_ca,src=$npm_ca"); fi
build_started=$SECONDS
docker build --network=host --progress=plain "${secret[@]}" -t "$image" "$scratch" >"$tmp/build.log" 2>&1 || {
  cp "$tmp/build.log" "$cache/last-build.log"
  tail -n 60 "$tmp/build.log" >&2
  fail "docker build"
}
build_seconds=$((SECONDS - build_started))
cp "$tmp/build.log" "$cache/last-build.log"
ok "built $image in ${build_seconds}s"
# BuildKit's plain progress: "#N [stage n/m] RUN …" then "#N DONE 12.3s". The slowest steps:
build_steps="$(awk '
  /^#[0-9]+ \[/ { n=$1; sub(/^#[0-9]+ /, ""); name[n]=substr($0, 1, 100) }
  /^#[0-9]+ DONE / { n=$1; if (n in name) printf "%8s  %s\n", $3, name[n] }
' "$tmp/build.log" | sort -rn | head -n 6)"

# ---------------------------------------------------------------------------------------------
step "Run the image against a GitHub fake on loopback"
node test/helpers/serve-github-fake.ts >"$tmp/fake.url" 2>"$tmp/fake.log" &
fake_pid=$!
wait_for "GitHub fake" 30 grep -q http "$tmp/fake.url"
github="$(head -n 1 "$tmp/fake.url")"
app_port="$(free_port)"
node -e "const {generateKeyPairSync}=require('node:crypto');process.stdout.write(generateKeyPairSync('rsa',{modulusLength:2048}).privateKey.export({type:'pkcs1',format:'pem'}))" >"$tmp/app.pem"
chmod 0644 "$tmp/app.pem"
docker run -d --name "$container" --network=host \
  -e APP_ID=4242 -e WEBHOOK_SECRET=test-image -e PRIVATE_KEY_PATH=/run/freshpin/app.pem \
  -v "$tmp/app.pem:/run/freshpin/app.pem:ro" \
  -e GHE_HOST="${github#http://}" -e GHE_PROTOCOL=http -e PORT="$app_port" -e FRESHPIN_CRON=off \
  --health-interval=2s --health-start-period=20s \
  "$image" >/dev/null
in_container() { docker exec "$container" "$@"; }

health=""
deadline=$((SECONDS + 60))
while [ $SECONDS -lt $deadline ]; do
  health="$(docker inspect -f '{{.State.Health.Status}}' "$container")"
  [ "$health" = healthy ] && break
  [ "$(docker inspect -f '{{.State.Running}}' "$container")" = true ] || fail "the container exited"
  sleep 1
done
[ "$health" = healthy ] || fail "HEALTHCHECK is '$health' after 60s"
ok "HEALTHCHECK: healthy"
ready="$(in_container node -e "fetch('http://127.0.0.1:$app_port/readyz').then(async r=>{console.log(r.status, await r.text())})")"
[[ "$ready" == '200 {"status":"ready","checks":{"scheduler":"ok","github":"ok"}}' ]] || fail "/readyz: $ready"
ok "/readyz: $ready (authenticated to the GitHub fake)"

uid="$(in_container id -u)"
[ "$uid" = 10001 ] || fail "id -u is $uid"
ok "id -u: 10001"
setids="$(docker exec --user 0 "$container" find / -xdev -perm /6000 -type f)"
[ -z "$setids" ] || fail "setuid/setgid files: $setids"
ok "no setuid or setgid file"
pid1="$(in_container cat /proc/1/cmdline | tr '\0' ' ')"
[[ "$pid1" == "/usr/bin/tini -- /app/bin/run-node.sh bin/freshpin-server.js " ]] || fail "PID 1 is: $pid1"
ok "PID 1: $pid1"
# tini's child is the server.
# shellcheck disable=SC2016 # expanded in the container
server="$(in_container sh -c 'tr "\0" " " </proc/"$(cut -d " " -f 1 /proc/1/task/1/children)"/cmdline')"
flags="$(sed -n 's/^exec node \(.*\) "\$@"$/\1/p' bin/run-node.sh)"
[[ "$server" == "node $flags bin/freshpin-server.js " ]] || fail "the server runs as: $server"
ok "server: $server"
node_env="$(in_container sh -c 'tr "\0" "\n" </proc/1/environ | sed -n "s/^NODE_ENV=//p"')"
[ "$node_env" = production ] || fail "NODE_ENV is '$node_env'"
ok "NODE_ENV=production"
in_container test ! -e /run/secrets/npm_ca || fail "the build secret is in the image"

stop_started=$SECONDS
docker stop -t "$stop_bound" "$container" >/dev/null || fail "docker stop failed"
stop_seconds=$((SECONDS - stop_started))
exit_code="$(docker inspect -f '{{.State.ExitCode}}' "$container")"
[ "$exit_code" = 0 ] || fail "the server exited $exit_code on docker stop"
[ $stop_seconds -lt $stop_bound ] || fail "docker stop took ${stop_seconds}s (bound ${stop_bound}s)"
ok "docker stop: exit 0 in ${stop_seconds}s (bound ${stop_bound}s)"

help="$(docker run --rm --network=host "$image" node bin/freshpin.js --help)" || fail "freshpin --help"
[[ "$help" == *"usage: freshpin"* ]] || fail "freshpin --help printed: $help"
ok "freshpin --help"
docker run --rm --network=host -e DOCKERHUB_API_URL=none -v "$scratch:/work:ro" "$image" \
  node bin/freshpin.js check /work --mirror "docker.io=http://$registry" >"$tmp/check.txt" || {
  cat "$tmp/check.txt" >&2
  fail "freshpin check in the image"
}
ok "freshpin check in the image: $(head -n 1 "$tmp/check.txt")"
finish_step

# ---------------------------------------------------------------------------------------------
size="$(docker image inspect -f '{{.Size}}' "$image")"
printf '\n==> test-image: passed in %ds\n' $((SECONDS - started))
printf '  image %s: %d MB, built in %ds (from library/debian:%s)\n' "$image" $((size / 1000000)) "$build_seconds" "$tag"
echo "  steps:"
printf '    %s\n' "${timings[@]}"
echo "  slowest build steps (seconds):"
printf '%s\n' "$build_steps" | sed 's/^/    /'
