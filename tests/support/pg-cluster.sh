#!/bin/sh
# Start a throwaway PostgreSQL cluster for the hub's tests (Debian's
# postgresql package; run as root or as the postgres user):
#   tests/support/pg-cluster.sh start DIR [PORT]   -> prints the URL to export
#   tests/support/pg-cluster.sh stop DIR
#   tests/support/pg-cluster.sh standby DIR PORT PRIMARY_PORT
#       -> a streaming-replication standby of the cluster on PRIMARY_PORT
#   tests/support/pg-cluster.sh promote DIR   -> the standby becomes the primary
# The cluster is C-collated UTF-8 (kana and names compare by code point,
# as on SQLite), trusts loopback, and is fast rather than durable (fsync off:
# a test cluster only).
set -eu
cmd=$1; dir=$2; port=${3:-5433}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "no PostgreSQL server: apt-get install postgresql" >&2; exit 2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
start)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C -N >/dev/null
  fi
  as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/"
  ;;
stop)
  as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
  ;;
standby)
  primary=${4:?PRIMARY_PORT}
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir" && chmod 700 "$dir"
  as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary" -U postgres -D "$dir" -R -X stream --checkpoint=fast >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" start >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/"
  ;;
promote)
  as_pg "$bin/pg_ctl" -D "$dir" -w promote >/dev/null
  ;;
*) echo "usage: $0 start|stop|standby|promote DIR [PORT [PRIMARY_PORT]]" >&2; exit 2 ;;
esac
