#!/usr/bin/env bash
# Set up everything Inovasi Desk needs on a fresh Debian/Ubuntu machine: system libraries for Qt
# (and Xvfb for screenshots), PostgreSQL 15 for the server tests, and a Python virtual
# environment with the project installed. Idempotent and quick when nothing changed.
# Usage: scripts/bootstrap.sh            (app + server + dev tools)
# Env:   INOVASI_VENV  where the virtual environment lives (default: .venv in the checkout)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${INOVASI_VENV:-$root/.venv}"

apt_packages=(xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core nsis
  chromium chromium-driver)  # the web dashboard's browser tests (Selenium drives them)
if ! [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then apt_packages+=(postgresql-15); fi
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
stamp="$venv/.inovasi-desk-installed"
want="$(cat "$root/pyproject.toml" | sha256sum | cut -d' ' -f1) $root"
if ! [ -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing Python packages into $venv" >&2
  "$venv/bin/python" -m pip install -q -e "$root[server,dev]" >&2
  echo "$want" > "$stamp"
fi
# Compiled translations are build products; make them from the .ts sources when missing.
if ls "$root"/resources/i18n/*.ts >/dev/null 2>&1; then
  "$venv/bin/python" -m desktop.i18n --compile >&2 || true
fi
echo "$venv"
