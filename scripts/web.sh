#!/usr/bin/env bash
# The web front end (web/, issue 21) from the command line:
#   scripts/web.sh install     npm ci in web/, only when web/package-lock.json
#                              changed since the last install (scripts/setup.sh)
#   scripts/web.sh build [DIR] type-checks and builds it into DIR (default
#                              web/dist), then checks the output (no inline
#                              script, hashed assets, the JS size budget)
#   scripts/web.sh test        its unit tests (Vitest)
# Needs Node.js 20.19 or later; says so plainly when the machine's is older.
set -euo pipefail
cd "$(dirname "$0")/../web"

require_node() {
  local version major minor
  if ! version=$(node --version 2>/dev/null); then
    echo "web: Node.js is not installed (scripts/setup.sh installs it)" >&2
    exit 2
  fi
  IFS=. read -r major minor _ <<<"${version#v}"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    echo "web: Node.js $version is too old: Vite 7 and playwright-core need 20.19 or later" >&2
    exit 2
  fi
}

install() {
  require_node
  local stamp=node_modules/.supeval-lock-sha256 wanted
  wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    echo "web: npm packages are installed (web/package-lock.json unchanged)"
    return
  fi
  echo "web: installing the npm packages of web/package-lock.json (npm ci)"
  # --ignore-scripts: no package may run an install step (none needs one;
  # a browser download is never wanted).
  npm ci --ignore-scripts --no-audit --no-fund
  echo "$wanted" >"$stamp"
}

case "${1:-}" in
  install) install ;;
  build)
    require_node
    if [ -n "${2:-}" ]; then export SUPEVAL_WEB_OUT="$2"; fi
    npm run --silent build
    ;;
  test)
    require_node
    npm test
    ;;
  *)
    echo "usage: scripts/web.sh install|build [DIR]|test" >&2
    exit 2
    ;;
esac
