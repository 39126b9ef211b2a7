# shellcheck shell=bash
# Shared helpers for scripts/*. Source it; it defines functions only.

# Prints a progress line to stderr.
hearth_log() {
  printf '    %s\n' "$*" >&2
}

# Runs a command as root: directly if we are root, else with passwordless
# sudo; otherwise fails saying what to run by hand.
hearth_as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
    sudo -n "$@"
  else
    echo "error: this needs root, and passwordless sudo is not available; run as root: $*" >&2
    return 1
  fi
}

# apt-get install, running apt-get update first (once per run), waiting for
# any other apt/dpkg process to release its lock rather than failing.
hearth_apt_install() {
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  if [[ -z "${HEARTH_APT_UPDATED:-}" ]]; then
    hearth_log "apt-get update"
    hearth_as_root "${apt[@]}" update -qq || return 1
    HEARTH_APT_UPDATED=1
  fi
  hearth_log "apt-get install -y $*"
  hearth_as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "$@" > /dev/null || return 1
}
