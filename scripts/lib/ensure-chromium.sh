# shellcheck shell=bash
# ensure_chromium: make sure Debian's Chromium is installed, for the browser
# tests (playwright-core drives it; Playwright's own browser downloads are
# never used). Installs the `chromium` package with apt if it is missing.
#
# Source it (scripts/test does) or run it: bash scripts/lib/ensure-chromium.sh
# HEARTH_CHROMIUM overrides the path checked (default /usr/bin/chromium; the
# browser tests themselves always use /usr/bin/chromium).

# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_chromium() {
  local chromium="${HEARTH_CHROMIUM:-/usr/bin/chromium}"
  if [[ ! -x "$chromium" ]]; then
    hearth_log "$chromium not found; installing Debian's chromium package"
    hearth_apt_install chromium || {
      echo "error: could not install chromium with apt-get" >&2
      return 1
    }
  fi
  if [[ ! -x "$chromium" ]]; then
    echo "error: $chromium is still missing after installing the chromium package" >&2
    return 1
  fi
  local version
  # The Debian wrapper script can print a harmless warning on stderr.
  if ! version="$("$chromium" --version 2> /dev/null)"; then
    echo "error: $chromium --version failed; is the chromium package broken?" >&2
    return 1
  fi
  hearth_log "$version"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  ensure_chromium
fi
