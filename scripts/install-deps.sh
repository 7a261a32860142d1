#!/usr/bin/env bash
# Installs the Debian packages followup needs, only those missing, then
# the npm packages of the tests (package.json, at the versions
# package-lock.json pins) when node_modules does not match them. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  clang clang-format clang-tidy libclang-rt-14-dev
  libsqlite3-dev sqlite3 libzip-dev libxml2-dev libsodium-dev nlohmann-json3-dev libcli11-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-aiosmtpd libmagic-dev liboath-dev libboost-dev libgmime-3.0-dev libcurl4-openssl-dev libical-dev python3-icalendar libkainjow-mustache-dev libgoogle-perftools-dev
  libxlsxwriter-dev python3-openpyxl python3-docx
  libcairo2-dev libpango1.0-dev poppler-utils python3-pil libreoffice-writer-nogui libreoffice-calc-nogui
  chromium fonts-dejavu-core
)

# Node.js and npm for the tests' npm packages: Debian's, unless a node with
# npm is already installed (from another source, whose nodejs package
# Debian's npm would conflict with).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci when node_modules was not installed from this package-lock.json
# (npm keeps its own copy of the lock it installed from).
if ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null \
   && ! { [ -f node_modules/.package-lock.json ] && node -e '
     const a = require("./package-lock.json").packages, b = require("./node_modules/.package-lock.json").packages;
     for (const k of Object.keys(a)) if (k && (!b[k] || b[k].version !== a[k].version)) process.exit(1);' 2>/dev/null; }; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
