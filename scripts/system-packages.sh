#!/usr/bin/env bash
# Make sure the Debian packages Omzien needs are installed.
# Usage: system-packages.sh runtime|test|postgis
# Installs missing ones with apt-get when running as root; otherwise prints
# the exact command and fails.
set -eu
runtime="python3 python3-venv gdal-bin libsqlite3-mod-spatialite gettext"
case "${1:-runtime}" in
    runtime) wanted="$runtime" ;;
    # nginx: the production front (deploy/nginx/), started by its tests and bench.
    # python3-qgis: QGIS reads the OGC API in tests (tests/api/test_ogc_clients.py).
    test) wanted="$runtime chromium chromium-driver nginx python3-qgis" ;;
    postgis) wanted="postgresql-15-postgis-3" ;;
    *) echo "usage: $0 runtime|test|postgis" >&2; exit 2 ;;
esac
missing=""
for pkg in $wanted; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
    echo "Missing Debian packages:$missing" >&2
    echo "Install them with:  sudo apt-get install$missing" >&2
    exit 1
fi
