#!/usr/bin/env bash
# The storage tests run a real PostgreSQL server (tests/support/postgres.py starts a throw-away
# one with initdb on a free loopback port). Finds initdb and postgres (ZAPPI_OCPP_PG_BIN, any
# /usr/lib/postgresql/*/bin, or PATH), or installs Debian's `postgresql` package with apt: as
# root directly, otherwise through passwordless sudo; anything else stops with what to run.
# postgres refuses to run as root: as root, the server runs as the `postgres` user (created by
# the package; created here if the binaries came from elsewhere).
set -euo pipefail

find_bin() {
    if [ -n "${ZAPPI_OCPP_PG_BIN:-}" ] && [ -x "$ZAPPI_OCPP_PG_BIN/initdb" ]; then
        echo "$ZAPPI_OCPP_PG_BIN"; return 0
    fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

can_install=yes
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    can_install=no
fi

if ! bin=$(find_bin); then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "storage tests: no PostgreSQL server binaries (initdb, postgres) and no apt-get here;" >&2
        echo "install PostgreSQL and set ZAPPI_OCPP_PG_BIN to the folder holding initdb" >&2
        exit 1
    fi
    if [ "$can_install" = no ]; then
        echo "storage tests: PostgreSQL's initdb and postgres are missing; install them once with" >&2
        echo "    sudo apt-get update && sudo apt-get install -y postgresql" >&2
        exit 1
    fi
    echo "installing postgresql for the storage tests (apt-get)"
    "${as_root[@]}" apt-get update -qq
    # the package's own cluster is not needed: the tests start their own servers
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq postgresql
    bin=$(find_bin)
fi

if [ "$(id -u)" -eq 0 ] && ! id -u postgres >/dev/null 2>&1; then
    echo "creating the system user postgres (postgres refuses to run as root)"
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
fi
"$bin/postgres" --version
