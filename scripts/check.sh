#!/usr/bin/env bash
# Static checks, as CI runs them: ruff (lint and format) on everything, mypy strict on iid/ and
# sync/ and checked on desktop/ (pyproject.toml). Usage: scripts/check.sh [VENV]
# Fix formatting with `.venv/bin/ruff format .`; see what lint can fix with `ruff check --fix`.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$("$root/scripts/bootstrap.sh" --dev)}"
cd "$root"
failed=0
echo "check: ruff check" >&2
"$venv/bin/ruff" check --quiet . || failed=1
echo "check: ruff format --check" >&2
"$venv/bin/ruff" format --check --quiet . || failed=1
echo "check: mypy iid sync desktop" >&2
"$venv/bin/mypy" iid sync desktop || failed=1
if [ $failed -ne 0 ]; then
  echo "check: FAILED (see above)" >&2
fi
exit $failed
