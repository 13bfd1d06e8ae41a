#!/usr/bin/env bash
# Set up with the test tools (scripts/bootstrap.sh --dev), run the static checks
# (scripts/check.sh: ruff, ruff format, mypy), then the test suite headless. Extra args go to
# pytest; when they name tests (a path or path::test) the static checks are skipped, so
# `./scripts/test.sh tests/iid -q` stays quick. INOVASI_SKIP_CHECKS=1 skips them too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$("$root/scripts/bootstrap.sh" --dev)"
cd "$root"
checks="${INOVASI_SKIP_CHECKS:-0}"
for arg in "$@"; do
  if [[ "$arg" == *::* ]] || { [[ "$arg" != -* ]] && [ -e "${arg%%::*}" ]; }; then checks=1; fi
done
if [ "$checks" != 1 ]; then
  "$root/scripts/check.sh" "$venv"
fi
export QT_QPA_PLATFORM=offscreen
exec "$venv/bin/python" -m pytest "$@"
