#!/usr/bin/env bash
# Manual update flow for freshpin's own image: let freshpin bump the Dockerfile's dated,
# digest-pinned base image, rebuild from scratch, scan the result, and say what to do next.
#
#   scripts/update-docker-image.sh            # builds freshpin:local
#   IMAGE=ghcr.io/me/freshpin:test scripts/update-docker-image.sh
#   FRESHPIN_NPM_CA=/etc/ssl/certs/ca-certificates.crt scripts/update-docker-image.sh   # behind a TLS-intercepting proxy
#
# The same flow as CI's `npm run test:image` (scripts/test-image.sh), against Docker Hub.
set -euo pipefail

image="${IMAGE:-freshpin:local}"
npm_ca="${FRESHPIN_NPM_CA:-}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

step() {
  printf '\n==> %s\n' "$*"
}

if ! command -v docker >/dev/null 2>&1; then
  echo "error: docker is not installed or not on PATH." >&2
  echo "Install Docker (https://docs.docker.com/engine/install/) and run this script again." >&2
  exit 1
fi
if ! docker info >/dev/null 2>&1; then
  echo "error: docker is installed but the Docker daemon is not reachable." >&2
  echo "Start the daemon (or check DOCKER_HOST and your permissions) and run this script again." >&2
  exit 1
fi

step "Bumping the base image pins (npx freshpin check --write .)"
npx freshpin check --write .

step "Building ${image} without cache, pulling the base image afresh"
secret=()
if [ -n "$npm_ca" ]; then secret=(--secret "id=npm_ca,src=$npm_ca"); fi
DOCKER_BUILDKIT=1 docker build --no-cache --pull "${secret[@]}" -t "$image" .

if command -v trivy >/dev/null 2>&1; then
  # v0.69.4 to v0.69.6 were malicious releases (CVE-2026-33634): refuse to run them.
  trivy_version="$(trivy --version 2>/dev/null | sed -n 's/^Version: *v\{0,1\}//p' | head -n 1)"
  case "$trivy_version" in
    0.69.4 | 0.69.5 | 0.69.6)
      echo "trivy ${trivy_version} is a known-malicious release (CVE-2026-33634): remove it and rotate the credentials this machine holds" >&2
      exit 1
      ;;
  esac
  step "Scanning ${image} with trivy"
  trivy image --format json -o "$tmp/trivy.json" "$image"
  npx freshpin report --head "$tmp/trivy.json"
else
  step "trivy is not installed: skipping the vulnerability scan (https://trivy.dev)"
fi

step "Next steps"
cat <<NEXT
  1. Review the changes:   git diff -- Dockerfile
  2. Try the image:        docker run --rm -p 3000:3000 --env-file .env ${image}
  3. Commit:               git commit -am "Bump freshpin's base image"
  4. Push a branch:        git push origin HEAD
  5. Open a pull request and let CI run.
NEXT
