#!/usr/bin/env bash
# Set up (scripts/bootstrap.sh) and launch Inovasi Desk on its embedded defaults.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$("$root/scripts/bootstrap.sh")"
cd "$root"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
  echo "run-app: no display found; starting the app on a virtual screen (Xvfb)." >&2
  exec xvfb-run -a -s "-screen 0 1366x768x24" "$venv/bin/python" -m desktop "$@"
fi
exec "$venv/bin/python" -m desktop "$@"
