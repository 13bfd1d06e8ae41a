#!/usr/bin/env bash
# Set up (scripts/bootstrap.sh) and run the whole test suite headless. Extra args go to pytest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$("$root/scripts/bootstrap.sh")"
cd "$root"
export QT_QPA_PLATFORM=offscreen
exec "$venv/bin/python" -m pytest "$@"
