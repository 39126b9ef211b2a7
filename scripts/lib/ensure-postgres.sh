# shellcheck shell=bash
# ensure_postgres: make sure PostgreSQL is reachable on 127.0.0.1:5432 with
# password-less ("trust") access for the postgres user over TCP from
# localhost, and that the test database hearth_test exists. Fails (returns 1)
# if it cannot; it never skips.
#
# In order, only as far as needed:
#   1. PostgreSQL not installed: apt-get install postgresql (which creates
#      and starts a cluster);
#   2. not reachable: start the cluster that owns the port with pg_ctlcluster
#      (creating a cluster if there is none);
#   3. the postgres user cannot connect without a password: add trust rules
#      for 127.0.0.1 and ::1 at the top of the cluster's pg_hba.conf, reload;
#   4. create the database if it is missing.
#
# Source it (scripts/test does) or run it: bash scripts/lib/ensure-postgres.sh
# Overridable (for testing this script against a scratch cluster):
#   HEARTH_PG_PORT (5432), HEARTH_PG_CLUSTER (main), HEARTH_PG_DATABASE (hearth_test)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

_hearth_pg_host=127.0.0.1

_hearth_pg_ready() {
  pg_isready -q -h "$_hearth_pg_host" -p "$1" > /dev/null 2>&1
}

# psql as postgres over TCP, never prompting for a password.
_hearth_psql() {
  local port="$1" db="$2"
  shift 2
  psql -X -w -v ON_ERROR_STOP=1 -h "$_hearth_pg_host" -p "$port" -U postgres -d "$db" "$@"
}

# Echoes "<version> <cluster>" of the cluster configured for the port, or of
# the newest installed version's $cluster if none is; empty if no clusters.
_hearth_pg_find_cluster() {
  local port="$1" cluster="$2" found
  found="$(pg_lsclusters -h 2> /dev/null | awk -v p="$port" '$3 == p { print $1, $2; exit }' || true)"
  if [[ -z "$found" ]]; then
    found="$(pg_lsclusters -h 2> /dev/null | awk -v c="$cluster" '$2 == c { print $1, $2 }' | sort -V | tail -n 1 || true)"
  fi
  printf '%s' "$found"
}

_hearth_pg_wait_ready() {
  local port="$1" i
  for ((i = 0; i < 60; i++)); do
    _hearth_pg_ready "$port" && return 0
    sleep 0.5
  done
  return 1
}

ensure_postgres() {
  local port="${HEARTH_PG_PORT:-5432}"
  local cluster="${HEARTH_PG_CLUSTER:-main}"
  local db="${HEARTH_PG_DATABASE:-hearth_test}"

  # 1. Installed?
  if ! command -v pg_isready > /dev/null 2>&1 || ! command -v pg_ctlcluster > /dev/null 2>&1 \
    || [[ -z "$(ls /etc/postgresql 2> /dev/null)" ]]; then
    if ! _hearth_pg_ready "$port"; then
      hearth_log "PostgreSQL is not installed; installing Debian's postgresql package"
      hearth_apt_install postgresql || {
        echo "error: could not install postgresql with apt-get" >&2
        return 1
      }
    fi
  fi

  # 2. Running?
  if ! _hearth_pg_ready "$port"; then
    local found version name
    found="$(_hearth_pg_find_cluster "$port" "$cluster")"
    if [[ -z "$found" ]]; then
      # shellcheck disable=SC2012 # version directory names are plain numbers
      version="$(ls /etc/postgresql 2> /dev/null | sort -V | tail -n 1 || true)"
      # shellcheck disable=SC2012
      [[ -n "$version" ]] || version="$(ls /usr/lib/postgresql 2> /dev/null | sort -V | tail -n 1 || true)"
      if [[ -z "$version" ]]; then
        echo "error: PostgreSQL is not reachable on $_hearth_pg_host:$port and no PostgreSQL version is installed" >&2
        return 1
      fi
      hearth_log "creating PostgreSQL $version cluster $cluster on port $port"
      hearth_as_root pg_createcluster "$version" "$cluster" --port "$port" > /dev/null || return 1
      name="$cluster"
    else
      read -r version name <<< "$found"
    fi
    hearth_log "starting PostgreSQL cluster $version/$name"
    hearth_as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start || true
    if ! _hearth_pg_wait_ready "$port"; then
      echo "error: PostgreSQL is still not reachable on $_hearth_pg_host:$port after starting cluster $version/$name" >&2
      pg_lsclusters >&2 2> /dev/null || true
      tail -n 20 "/var/log/postgresql/postgresql-$version-$name.log" >&2 2> /dev/null || true
      return 1
    fi
  fi

  # 3. Can postgres connect over TCP without a password?
  local err
  if ! err="$(_hearth_psql "$port" postgres -tAc 'SELECT 1' 2>&1 > /dev/null)"; then
    local found version name hba
    found="$(_hearth_pg_find_cluster "$port" "$cluster")"
    read -r version name <<< "$found"
    hba="/etc/postgresql/$version/$name/pg_hba.conf"
    if [[ -z "$found" || ! -f "$hba" ]]; then
      echo "error: cannot connect to PostgreSQL on $_hearth_pg_host:$port as postgres ($err), and found no local cluster configuration to allow it" >&2
      return 1
    fi
    if grep -q 'added by Hearth' "$hba"; then
      echo "error: cannot connect to PostgreSQL on $_hearth_pg_host:$port as postgres even though $hba trusts localhost: $err" >&2
      return 1
    fi
    hearth_log "allowing password-less local TCP connections: trust rules for 127.0.0.1 and ::1 in $hba"
    local rules tmp
    rules=$'# added by Hearth (scripts/lib/ensure-postgres.sh) for local test databases\nhost    all    all    127.0.0.1/32    trust\nhost    all    all    ::1/128         trust\n'
    tmp="$(mktemp)"
    { printf '%s' "$rules"; cat "$hba"; } > "$tmp"
    if ! hearth_as_root cp "$tmp" "$hba"; then
      rm -f "$tmp"
      return 1
    fi
    rm -f "$tmp"
    hearth_as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload || return 1
    sleep 1
    if ! err="$(_hearth_psql "$port" postgres -tAc 'SELECT 1' 2>&1 > /dev/null)"; then
      echo "error: still cannot connect to PostgreSQL on $_hearth_pg_host:$port as postgres: $err" >&2
      return 1
    fi
  fi

  # 4. The test database.
  if [[ "$(_hearth_psql "$port" postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
    hearth_log "creating database $db"
    if ! err="$(_hearth_psql "$port" postgres -c "CREATE DATABASE $db" 2>&1 > /dev/null)" \
      && [[ "$err" != *"already exists"* ]]; then
      echo "error: could not create database $db: $err" >&2
      return 1
    fi
  fi
  if ! err="$(_hearth_psql "$port" "$db" -tAc 'SELECT 1' 2>&1 > /dev/null)"; then
    echo "error: cannot connect to database $db on $_hearth_pg_host:$port: $err" >&2
    return 1
  fi
  hearth_log "PostgreSQL ready: postgres://postgres@$_hearth_pg_host:$port/$db ($(_hearth_psql "$port" "$db" -tAc 'SHOW server_version'))"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  ensure_postgres
fi
