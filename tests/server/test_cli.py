"""The admin CLI (`python -m sync.server`): init, demo, create-user, import-opd, reset-password,
serve. Each command runs as a real subprocess on its own data folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.pg import free_port

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env = {k: v for k, v in env.items() if not k.startswith("INOVASI_SERVER_")}
    return subprocess.run(
        [sys.executable, "-m", "sync.server", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=120,
    )


def login(url: str, username: str, password: str) -> httpx.Response:
    return httpx.post(f"{url}/api/v1/auth/login", json={"username": username, "password": password})


@pytest.mark.slow
def test_init_then_account_commands_then_serve(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    done = cli(
        "init",
        "--data",
        data,
        "--pemda-code",
        "kab-uji",
        "--pemda-name",
        "Kabupaten Uji",
        "--admin",
        "kepala",
        "--password",
        "rahasia-admin",
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "server.sqlite").exists()

    csv = tmp_path / "opd.csv"
    csv.write_text("kode,nama\nDISDIK,Dinas Pendidikan\nDINKES,Dinas Kesehatan\n", "utf-8")
    done = cli("import-opd", str(csv), "--data", data)
    assert done.returncode == 0, done.stderr
    assert "created 2" in done.stdout
    csv.write_text("kode,nama\nDISDIK,Dinas Pendidikan dan Kebudayaan\n,tanpa kode\n", "utf-8")
    bad = cli("import-opd", str(csv), "--data", data)
    assert bad.returncode == 2
    assert "Baris 3" in bad.stderr and "Line 3" in bad.stderr

    done = cli(
        "create-user",
        "budi",
        "--role",
        "operator",
        "--opd",
        "DISDIK",
        "--data",
        data,
        stdin="sandi-budi-1\n",
    )
    assert done.returncode == 0, done.stderr
    no_opd = cli(
        "create-user",
        "tono",
        "--role",
        "operator",
        "--password",
        "sandi-tono-kuat-4",
        "--data",
        data,
    )
    assert no_opd.returncode == 2 and "OPD" in no_opd.stderr
    done = cli("reset-password", "budi", "--password", "sandi-baru-2", "--data", data)
    assert done.returncode == 0, done.stderr
    missing = cli("reset-password", "siapa", "--password", "sandi-baru-2", "--data", data)
    assert missing.returncode == 2 and "tidak ada" in missing.stderr

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "serve", "--data", data, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in first
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # a hang guard
        while True:
            try:
                if httpx.get(f"{url}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not come up"
            time.sleep(0.1)
        assert login(url, "budi", "sandi-budi-1").status_code == 401
        r = login(url, "budi", "sandi-baru-2")
        assert r.status_code == 200
        # The bad CSV was refused as a whole: its rename of DISDIK did not happen.
        assert r.json()["user"]["opd_name"] == "Dinas Pendidikan"
        assert login(url, "kepala", "rahasia-admin").json()["user"]["role"] == "admin"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


@pytest.mark.slow
def test_demo_prints_accounts_and_is_idempotent(tmp_path: Path) -> None:
    data = str(tmp_path / "demo")
    first = cli("demo", "--data", data, "--no-serve")
    assert first.returncode == 0, first.stderr
    for name in ("operator", "verifikator", "admin", "pimpinan", "demo-operator"):
        assert name in first.stdout
    assert "Kabupaten Contoh" in first.stdout
    second = cli("demo", "--data", data, "--no-serve")
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout


def test_unknown_csv_file_is_a_clear_error(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    assert cli("demo", "--data", data, "--no-serve").returncode == 0
    done = cli("import-opd", str(tmp_path / "tidak-ada.csv"), "--data", data)
    assert done.returncode == 2
    assert "tidak ditemukan" in done.stderr


def test_served_connections_turn_nagle_off() -> None:
    """Multi-worker uvicorn accepts on a socket without TCP_NODELAY (the 40 ms trap)."""
    import socket
    from unittest.mock import MagicMock

    from sync.server.cli import NoDelayH11Protocol

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn does
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    try:
        assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        transport = MagicMock()
        transport.get_extra_info.side_effect = lambda key, default=None: (
            conn if key == "socket" else default
        )
        protocol = NoDelayH11Protocol.__new__(NoDelayH11Protocol)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(
                "uvicorn.protocols.http.h11_impl.H11Protocol.connection_made", lambda *a: None
            )
            protocol.connection_made(transport)
        assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        for s in (client, conn, listener):
            s.close()
