#!/usr/bin/env bash
# Installs what supeval needs to build and test on Debian 12, idempotently:
# only missing packages are installed, and apt-get update runs only then.
# Works as root or through sudo. SQLite is the embedded database, libpq the
# PostgreSQL client, libssl's libcrypto the SHA-256 of imported files (and
# TOTP's HMAC-SHA1), libsodium the Argon2id password hashes and the random
# session ids and API tokens of user accounts; the
# PostgreSQL server is for the tests (scripts/pg_cluster.sh), qemu-user for
# running them on an emulated processor without AVX-512
# (scripts/test_portable.sh). clang builds the fuzz targets (scripts/fuzz.sh):
# libclang-rt-14-dev holds libFuzzer and the sanitizer runtimes, llvm-14 the
# symbolizer that names a crash's frames; clang-format and clang-tidy check the
# house style (scripts/lint.sh). Boost (Beast, Asio, URL, UUID) is the HTTP
# server of `supeval serve`; nginx-light, openssl and curl run its tests over
# TLS, behind the reverse proxy of docs/deploy.md; tzdata the time zones of
# `serve --timezone` (TZif files under /usr/share/zoneinfo). chromium
# (Debian's) runs the web front end's browser tests (web/tests/browser,
# through npm's playwright-core, which never downloads a browser). The reports
# (libs/report): libxlsxwriter writes Excel workbooks, Cairo + Pango the PDF
# letters (fonts-dejavu-core their embedded font); libzip + expat read .xlsx
# workbooks on import; poppler-utils (pdftotext, pdftoppm) checks the letters
# in the tests; python3 reads the exported workbooks back (its standard
# library's zipfile and xml.etree). Node.js and npm build
# and test the front end: the machine's own when `npm` is on the PATH (it
# must be Node.js 20.19 or later, which Vite 7 and playwright-core need),
# else Debian's nodejs and npm; then `npm ci` installs web/'s pinned
# packages from web/package-lock.json, again only when they changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ cmake ninja-build pkg-config
  libgtest-dev libgmock-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libsqlite3-dev libpq-dev libssl-dev libsodium-dev
  libboost1.81-dev libboost-url1.81-dev
  postgresql
  qemu-user
  clang-14 libclang-rt-14-dev llvm-14
  clang-format clang-tidy
  nginx-light openssl curl
  tzdata
  chromium
  libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libzip-dev libexpat1-dev poppler-utils
  python3
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# A Node.js from elsewhere (NodeSource) provides npm itself and conflicts with
# Debian's npm package, so the command, not the package, is what is checked.
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi

install_web_packages() {
  ./scripts/web.sh install
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} build packages are installed"
  install_web_packages
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_web_packages
echo "setup: done"
