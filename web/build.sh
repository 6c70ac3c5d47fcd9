#!/usr/bin/env bash
# Installs the locked browser libraries (npm ci) and copies the builds Hibiki serves under /demo/vendor/ into
# the directory given as the only argument. The Maven build of hibiki-server runs this in generate-resources.
# `npm ci` runs only when node_modules is missing or older than package.json / package-lock.json.
set -euo pipefail
web=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: web/build.sh OUTPUT_DIR}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "web/build.sh: Node.js and npm are needed to build hibiki-server (its demo pages serve sora-js-sdk" \
       "and hls.js from npm). Install them, e.g. apt-get install nodejs npm, or run bin/test once." >&2
  exit 1
fi

cd "$web"
stamp=node_modules/.package-lock.json   # npm writes this after every install
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ] \
    || [ ! -d node_modules/sora-js-sdk ] || [ ! -d node_modules/hls.js ]; then
  echo "web/build.sh: npm ci in $web" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# The SDK's ES module: dist/sora.mjs up to 2025.x, dist/sora.js (with "type": "module") since 2026.1.
sora_esm=$(node -p 'const p = require("./node_modules/sora-js-sdk/package.json"); p.exports?.["."]?.import ?? p.module')
mkdir -p "$out"
cp node_modules/sora-js-sdk/"$sora_esm" "$out/sora.mjs"
cp node_modules/sora-js-sdk/LICENSE "$out/sora-js-sdk.LICENSE"
cp node_modules/hls.js/dist/hls.min.js "$out/hls.min.js"
cp node_modules/hls.js/LICENSE "$out/hls.js.LICENSE"
