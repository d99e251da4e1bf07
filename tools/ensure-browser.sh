#!/usr/bin/env bash
# The browser tests need Debian's chromium and its chromedriver (tests/support/browser.py).
# Finds them, or installs them with apt: as root directly, otherwise through passwordless sudo;
# anything else stops with what to run by hand.
set -euo pipefail

chromium=${ZAPPI_OCPP_CHROMIUM:-/usr/bin/chromium}
chromedriver=${ZAPPI_OCPP_CHROMEDRIVER:-/usr/bin/chromedriver}
if [ -x "$chromium" ] && [ -x "$chromedriver" ]; then
    exit 0
fi

packages="chromium chromium-driver"
if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser tests: $chromium or $chromedriver is missing and there is no apt-get here;" >&2
    echo "install Chromium and its chromedriver and set ZAPPI_OCPP_CHROMIUM / ZAPPI_OCPP_CHROMEDRIVER" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "browser tests: $chromium or $chromedriver is missing; install them once with" >&2
    echo "    sudo apt-get update && sudo apt-get install -y $packages" >&2
    exit 1
fi
echo "installing $packages for the browser tests (apt-get)"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq $packages
"$chromium" --version
"$chromedriver" --version
