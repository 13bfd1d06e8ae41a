#!/usr/bin/env bash
# One command to see Inovasi Desk work: set up (scripts/bootstrap.sh), start the local demo
# server (`inovasi-server demo`: Kabupaten Contoh with one account per role) beside the app,
# and launch the app pointed at it, signed in as the demo operator. Drafts and evidence made in
# the app are sent to that server. The server stops when the app exits.
#
# Usage: scripts/run-app.sh [app options, e.g. --lang en --data-dir DIR]
# Env:   INOVASI_DEMO_PORT       the demo server's port (default 8750, or a free one if taken)
#        INOVASI_NO_DEMO_SERVER=1 start only the app, on its saved settings
# The demo server keeps its data in <app data folder>/server and logs to .../server.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$("$root/scripts/bootstrap.sh")"
cd "$root"
py="$venv/bin/python"

launch() {
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
    echo "run-app: no display found; starting the app on a virtual screen (Xvfb)." >&2
    xvfb-run -a -s "-screen 0 1366x768x24" "$py" -m desktop "$@"
  else
    "$py" -m desktop "$@"
  fi
}

if [ "${INOVASI_NO_DEMO_SERVER:-}" = 1 ]; then
  launch "$@"
  exit $?
fi

# The app's data folder: --data-dir DIR, else $INOVASI_DESK_DATA, else the per-user folder.
data=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --data-dir) data="${args[i + 1]:-}" ;;
    --data-dir=*) data="${args[i]#--data-dir=}" ;;
  esac
done
if [ -z "$data" ]; then
  data="$("$py" -c 'from sync.local import paths; print(paths.data_dir())')"
fi
# The app is already open on this folder (its lock names a live process): no second demo server
# on the same server data; the app itself offers to bring the open window to the front.
lock="$data/inovasi-desk.lock"
if [ -f "$lock" ] && kill -0 "$(head -n 1 "$lock" 2>/dev/null)" 2>/dev/null; then
  echo "run-app: Inovasi Desk is already open on $data; showing that window." >&2
  launch --already-running show "$@"
  exit $?
fi
mkdir -p "$data/server"
log="$data/server.log"

port="${INOVASI_DEMO_PORT:-}"
if [ -z "$port" ]; then
  port="$("$py" - <<'EOF'
import socket
def free(p):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            s.bind(("127.0.0.1", p))
        except OSError:
            return False
        return True
if free(8750):
    print(8750)
else:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
EOF
)"
fi
url="http://127.0.0.1:$port"

echo "run-app: starting the demo server at $url (data: $data/server, log: $log)" >&2
"$py" -m sync.server demo --data "$data/server" --port "$port" >"$log" 2>&1 &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -INT "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT
trap 'exit 130' INT TERM

if "$py" - "$url/api/v1/health" "$server_pid" <<'EOF'
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)  # the server process ended
    time.sleep(0.2)
sys.exit(1)
EOF
then
  echo "run-app: demo server ready; signing in as the demo operator (operator / demo-operator)" >&2
  launch --server "$url" --demo-login "$@"
else
  echo "run-app: the demo server did not start (see $log); starting the app without it." >&2
  tail -n 20 "$log" >&2 || true
  launch "$@"
fi
