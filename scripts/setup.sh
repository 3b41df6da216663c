#!/usr/bin/env bash
# Installs what building Intake needs and is not there yet: the SQLite headers.
set -euo pipefail
if ! pkg-config --exists sqlite3 2>/dev/null && [ ! -f /usr/include/sqlite3.h ]; then
    echo "installing libsqlite3-dev (SQLite's headers) ..." >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq libsqlite3-dev pkg-config
fi
if ! command -v pkg-config >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq pkg-config
fi
# The tests step a daemon's wall clock with libfaketime (Debian's faketime).
if [ ! -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] && ! ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1; then
    echo "installing faketime (for the clock-step test) ..." >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq faketime
fi
