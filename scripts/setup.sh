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
# `serve --timezone` (TZif files under /usr/share/zoneinfo).
set -euo pipefail

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
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} build packages are installed"
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
echo "setup: done"
