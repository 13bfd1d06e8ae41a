#!/usr/bin/env bash
# Set up what Inovasi Desk needs on a fresh Debian/Ubuntu machine and print the virtual
# environment's path. Idempotent and quick when nothing changed.
# Usage: scripts/bootstrap.sh        the app and the demo server (scripts/run-app.sh): system
#                                    libraries for Qt, Xvfb, and the project with its `server`
#                                    extra in a virtual environment
#        scripts/bootstrap.sh --dev  also what the tests and checks need (scripts/test.sh):
#                                    PostgreSQL 15, NSIS, and the `dev` extra (pytest, moto,
#                                    schemathesis, ruff, mypy, fpdf2, ...)
# Env:   INOVASI_VENV  where the virtual environment lives (default: .venv in the checkout)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${INOVASI_VENV:-$root/.venv}"
mode=app
case "${1:-}" in
  --dev) mode=dev ;;
  "") ;;
  *) echo "usage: scripts/bootstrap.sh [--dev]" >&2; exit 2 ;;
esac

apt_packages=(xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core)
if [ $mode = dev ]; then
  apt_packages+=(nsis)
  # The web dashboard's browser tests (Selenium drives Debian's Chromium and its driver).
  apt_packages+=(chromium chromium-driver)
  if ! [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then apt_packages+=(postgresql-15); fi
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing system packages: ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
fi

python="${PYTHON:-python3}"
if ! [ -x "$venv/bin/python" ]; then
  echo "bootstrap: creating virtual environment in $venv" >&2
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip >&2
fi
# The stamp says what is installed: pyproject's hash, the checkout, and app or dev (dev covers
# app, so the run command after the test command installs nothing more).
stamp="$venv/.inovasi-desk-installed"
base="$(sha256sum < "$root/pyproject.toml" | cut -d' ' -f1) $root"
have="$(cat "$stamp" 2>/dev/null || true)"
if [ "$have" != "$base dev" ] && [ "$have" != "$base $mode" ]; then
  extras=server
  [ $mode = dev ] && extras=server,dev
  echo "bootstrap: installing Python packages ($mode) into $venv" >&2
  "$venv/bin/python" -m pip install -q -e "$root[$extras]" >&2
  echo "$base $mode" > "$stamp"
fi
# Compiled translations are build products; make them from the .ts sources when missing.
if ls "$root"/resources/i18n/*.ts >/dev/null 2>&1; then
  "$venv/bin/python" -m desktop.i18n --compile >&2 || true
fi
echo "$venv"
