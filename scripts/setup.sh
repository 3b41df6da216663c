#!/usr/bin/env bash
# Installs what building and testing Intake needs and is not there yet: the
# SQLite and zlib headers (zlib inflates .xlsx workbooks); libpq's headers
# (PostgreSQL mode) and the PostgreSQL server (the tests start a throwaway
# cluster of their own); OpenSSH's server and client (the SFTP delivery tests run a
# real sshd on loopback); util-linux's unshare/setpriv (mount namespaces, and
# running the test cluster as a non-root user); libfaketime (a daemon's wall
# clock stepped back); GPGME and GnuPG (OpenPGP drops); zip (the tests' zipped drops).
#
# `setup.sh build` installs only what building Intake needs (the libraries);
# `setup.sh` (or `setup.sh test`) adds what the tests need: their servers and tools.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
mode="${1:-test}"
case "$mode" in build|test) ;; *) echo "usage: setup.sh [build|test]" >&2; exit 64 ;; esac
missing=()
if ! pkg-config --exists sqlite3 2>/dev/null && [ ! -f /usr/include/sqlite3.h ]; then
    missing+=(libsqlite3-dev pkg-config)
fi
if ! pkg-config --exists zlib 2>/dev/null && [ ! -f /usr/include/zlib.h ]; then
    missing+=(zlib1g-dev)
fi
# GPGME (OpenPGP drops and reports; linked) and the gpg it runs.
[ -f /usr/include/gpgme.h ] || missing+=(libgpgme-dev)
command -v gpg >/dev/null 2>&1 || missing+=(gnupg)
# libcurl (headers and library): webhook deliveries (IntakeHTTP, the CCurl module).
pkg-config --exists libcurl 2>/dev/null || [ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || missing+=(libcurl4-openssl-dev)
# The header only: Intake includes <postgresql/libpq-fe.h> and loads libpq itself at run time.
[ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
# `intake serve`: the header to build, the library it loads on first use (libmicrohttpd12, with the -dev).
[ -f /usr/include/microhttpd.h ] || missing+=(libmicrohttpd-dev)
# What only the tests need.
if [ "$mode" = test ]; then
    # initdb and postgres: the PostgreSQL tests run a throwaway cluster on loopback.
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        missing+=(postgresql)
        # Debian would create and start a system cluster on port 5432 that nothing uses.
        if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
            $SUDO mkdir -p /etc/postgresql-common
            echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.conf >/dev/null
        fi
    fi
    [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
    { command -v sftp && command -v ssh-keygen; } >/dev/null 2>&1 || missing+=(openssh-client)
    { command -v unshare && command -v setpriv; } >/dev/null 2>&1 || missing+=(util-linux)
    # zip: the layered-drop tests zip documents as customers do.
    command -v zip >/dev/null 2>&1 || missing+=(zip)
    # openssl and python3: the webhook tests' HTTPS receiver and its throwaway CA (Tests/Receivers).
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    # libfaketime: a test steps a daemon's wall clock back an hour.
    ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 || missing+=(faketime)
    # curl and a headless Chromium: the `intake serve` tests make real requests and drive the review page.
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} ..." >&2
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${missing[@]}"
fi
