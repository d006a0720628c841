#!/usr/bin/env bash
# Install the Debian 12 packages gridwork needs to build, test and benchmark. Idempotent:
# does nothing when everything is already there. Needs root (or sudo) only when installing.
set -euo pipefail
pkgs=(gcc make pkg-config meson ninja-build
      libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libcmocka-dev libxlsxwriter-dev libpq-dev libzip-dev libexpat1-dev
      libmosquitto-dev mosquitto mosquitto-clients libcurl4-openssl-dev
      postgresql-15 postgresql-contrib
      sqlite3 curl python3 python3-jsonschema nginx-light
      chromium fonts-noto-cjk
      clang libclang-rt-14-dev)   # libFuzzer (fuzz/, scripts/fuzz.sh)   # node 20 and npm come with the machine (not Debian's node 18)
[ "${1:-}" = "--bench" ] && pkgs+=(wrk fasttext)
command -v node >/dev/null && command -v npm >/dev/null || { echo "deps: node 20 and npm are required" >&2; exit 1; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
