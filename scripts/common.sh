# Shared by scripts/run and scripts/test (sourced, not run). Bash.
# Installs what the build links against, when it is missing, from Debian's packages.

# as_root CMD...: runs CMD as root (directly when we are root, else through sudo if there is one).
as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "error: '$*' needs root and sudo is not installed; run it as root, then run this again" >&2
        return 1
    fi
}

# apt_install PKG...: apt-get update once, then installs PKG... without prompts.
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: missing $*, and this is not a Debian-like system (no apt-get): install them by hand" >&2
        return 1
    fi
    echo "==> installing Debian packages: $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null || return 1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" </dev/null || return 1
}

deb_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# ensure_build_deps: libsecp256k1 headers and pkg-config (CSecp256k1 finds the library through it),
# and SQLite's headers (GRDB, the chains' databases).
ensure_build_deps() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: swift is not on PATH; install Swift 6 (https://www.swift.org/install/linux/) first" >&2
        return 1
    fi
    local missing=()
    if command -v dpkg-query >/dev/null 2>&1; then
        deb_installed libsecp256k1-dev || missing+=(libsecp256k1-dev)
    elif ! [ -e /usr/include/secp256k1.h ]; then
        missing+=(libsecp256k1-dev)
    fi
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    # The chains' databases: GRDB links the system SQLite (headers and libsqlite3.so).
    if command -v dpkg-query >/dev/null 2>&1; then
        deb_installed libsqlite3-dev || missing+=(libsqlite3-dev)
    elif ! [ -e /usr/include/sqlite3.h ]; then
        missing+=(libsqlite3-dev)
    fi
    # The batcher compresses L2 blocks with zlib (headers and libz.so).
    if command -v dpkg-query >/dev/null 2>&1; then
        deb_installed zlib1g-dev || missing+=(zlib1g-dev)
    elif ! [ -e /usr/include/zlib.h ]; then
        missing+=(zlib1g-dev)
    fi
    # LazAI's verified-computing node: RSA PKCS#1 v1.5 (OpenSSL's libcrypto, headers from
    # libssl-dev) and OpenPGP symmetric decryption with the gpg tool (gnupg), as Alith's nodes do.
    if command -v dpkg-query >/dev/null 2>&1; then
        deb_installed libssl-dev || missing+=(libssl-dev)
    elif ! [ -e /usr/include/openssl/rsa.h ]; then
        missing+=(libssl-dev)
    fi
    command -v gpg >/dev/null 2>&1 || missing+=(gnupg)
    # Process AI modules in Python (Plugins/topic, Tests/e2e/plugin-fixtures) run with the system
    # python3 (`#!/usr/bin/env python3`) and numpy from Debian.
    if command -v dpkg-query >/dev/null 2>&1; then
        deb_installed python3-numpy || missing+=(python3-numpy)
    elif ! python3 -c 'import numpy' >/dev/null 2>&1; then
        missing+=(python3-numpy)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        apt_install "${missing[@]}" || return 1
    fi
}

# ensure_python: a python3 (3.11 on Debian 12) that can make a virtual environment.
ensure_python() {
    if command -v python3 >/dev/null 2>&1 && python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        return 0
    fi
    apt_install python3 python3-venv python3-pip || return 1
}
