#!/usr/bin/env bash
# A PostgreSQL streaming replica of the local cluster, made with PostgreSQL's
# own tools: a second Debian cluster "replica" on port 5433, cloned from the
# primary by `pg_basebackup -R` (which also writes the standby settings).
# For the replica tests and benchmark; a production replica is set up the
# same way on its own machine (README, Production).
#
#   scripts/replica.sh [start]   create it if missing, start it, wait for it
#   scripts/replica.sh stop      stop it
#   scripts/replica.sh drop      remove it
#
# Needs root (postgresql-common's pg_createcluster/pg_ctlcluster).
set -euo pipefail

version=$(ls /etc/postgresql | sort -V | tail -n 1)
primary_port=${PRIMARY_PORT:-5432}
port=${REPLICA_PORT:-5433}
name=replica
primary_conf=/etc/postgresql/$version/main
data=/var/lib/postgresql/$version/$name

exists() { pg_lsclusters -h | awk '{print $2}' | grep -qx "$name"; }

create() {
    # The primary must accept replication connections from loopback.
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' \
        "$primary_conf/pg_hba.conf"; then
        echo "host replication all 127.0.0.1/32 trust" >>"$primary_conf/pg_hba.conf"
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    fi
    pg_createcluster "$version" "$name" -p "$port" >/dev/null
    cp "$primary_conf/pg_hba.conf" "/etc/postgresql/$version/$name/pg_hba.conf"
    find "$data" -mindepth 1 -delete
    runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$primary_port" \
        -U postgres -D "$data" -R -X stream -c fast
}

running_and_streaming() {
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >/dev/null 2>&1 || true
    for _ in $(seq 30); do
        state=$(psql -h 127.0.0.1 -p "$port" -U postgres -Atc \
            "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null || true)
        [ "$state" = streaming ] && return 0
        sleep 1
    done
    return 1
}

case "${1:-start}" in
start)
    exists || create
    if ! running_and_streaming; then
        # Stopped too long, the primary no longer has the WAL it needs: clone anew.
        echo "The replica does not stream; cloning it again" >&2
        pg_dropcluster --stop "$version" "$name"
        create
        running_and_streaming || { echo "The replica on port $port does not stream" >&2; exit 1; }
    fi
    echo "Streaming replica of port $primary_port on 127.0.0.1:$port"
    ;;
stop) exists && pg_ctlcluster --skip-systemctl-redirect "$version" "$name" stop -m fast ;;
drop) exists && pg_dropcluster --stop "$version" "$name" ;;
*)
    echo "usage: $0 [start|stop|drop]" >&2
    exit 2
    ;;
esac
