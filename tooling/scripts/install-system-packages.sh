#!/usr/bin/env bash
# Debian packages the test suite needs beyond Node and Go. Installs only what
# is missing, so it is fast on a machine that already has them.
set -euo pipefail

needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${needed[*]}. Install them with: sudo apt-get install -y ${needed[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${needed[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
