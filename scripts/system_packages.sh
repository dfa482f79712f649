#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, where it can (root with apt-get); otherwise
# stops at once with the one command to run. Used by `make test` and therefore by .ci/run.
#   chromium: the web page and desk tests drive a real browser; curl: scripts wait for servers
#   libpango*, fonts-dejavu-core: WeasyPrint renders the firm's report to PDF with them
#   postgresql redis-server haproxy nginx: the multi-server tests start their own instances on
#   loopback (tests/integration/services.py); the system services must not start on install
set -euo pipefail
PACKAGES=(chromium curl make postgresql redis-server haproxy nginx libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these Debian/Ubuntu packages (or your system's equivalents): ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "The tests need a few system packages. Run once, then make test again:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "==> installing system packages for the tests: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d exit 101 = "do not start services" for the packages' postinst scripts
policy=${POLICY_RC_D:-/usr/sbin/policy-rc.d}
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1
fi
trap 'if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
