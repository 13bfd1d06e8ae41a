"""Evidence uploads over an emulated poor rural line, three ways, as fractions of the line.

The line is the test fault proxy (tests/sync/faultproxy.py) in front of the real server on
loopback: 1 Mbit/s each way (a token bucket of 125 000 bytes/s), about 300 ms round trip
(150 ms one way, after serialisation) and every connection cut every 20 s. Two 4 MiB evidence
files go up three ways, each on a fresh line (the cut clock starts with the run):

- **client**: ``sync.client.uploads.Uploader`` (tus, adaptive chunks, resumes after each cut);
  called again after a ``transient`` outcome, as the engine would (without its backoff pause);
- **naive**: what a plain web form does: one request carrying the whole file (a fresh tus upload
  and a single PATCH of the whole file), started over from zero after a cut;
- **tuspy-default**: ``tusclient`` with its defaults (one chunk of ``sys.maxsize`` bytes, no
  retries, no stored URL), the whole ``upload()`` started again after it raises.

For each: completed files, elapsed time, bytes the server confirmed, bytes that crossed the
line (client -> server at the proxy), and goodput = file bytes completed / elapsed / capacity.
The naive and default runs get a time budget (``--budget``) and report "did not complete".
``--silent-cuts`` makes every cut silent (packets vanish, no reset; the connection is torn down
``--teardown`` s later, 60 by default), so the ends only notice through their own timeouts.
``--checksum`` adds a run of the client with per-chunk SHA-256 checksums (the tus checksum
extension) to show what they cost on a line that cuts.

**Downloads** (``--direction down``): the same line the other way. Two 4 MiB files are put on
the server first (over loopback, not measured), then fetched through the line two ways:

- **client**: ``sync.client.downloads.Downloader`` (resumable ``Range`` GETs into the vault,
  SHA-256 checked before the file is visible), called again after a ``transient`` outcome;
- **naive-get**: what a browser's download does: one GET of the whole file, started over from
  zero after a cut (given ``--budget`` seconds).

Run: ``PYTHONPATH=$PWD python bench/sync_link.py [--budget 60] [--checksum]
[--direction up|down]``. Target for the client, both directions: goodput >= 0.85 of capacity.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tusclient.client import TusClient  # noqa: E402

from sync.client.http import new_session  # noqa: E402
from sync.client.uploads import Uploader  # noqa: E402
from sync.local.vault import Vault  # noqa: E402
from tests.server.live import LiveServer, running_server  # noqa: E402
from tests.sync.faultproxy import FaultProxy  # noqa: E402

MIB = 1024 * 1024
LINE_BPS = 1_000_000 / 8  # 1 Mbit/s in bytes/s
ONE_WAY = 0.150  # s, so the round trip is about 300 ms
CUT_EVERY = 20.0  # s
FILE_SIZE = 4 * MIB
MEDIA = "application/pdf"


@dataclass
class Result:
    name: str
    files: int
    completed: int = 0
    elapsed: float = 0.0
    file_bytes_done: int = 0
    line_bytes: int = 0
    cuts: int = 0
    attempts: int = 0
    notes: list[str] = field(default_factory=list)
    shas: list[str] = field(default_factory=list)

    @property
    def goodput(self) -> float:
        return self.file_bytes_done / self.elapsed / LINE_BPS if self.elapsed else 0.0

    def line(self) -> str:
        done = (
            f"completed {self.completed}/{self.files}"
            if self.completed == self.files
            else f"did not complete ({self.completed}/{self.files} files)"
        )
        return (
            f"{self.name:<16} {done:<34} {self.elapsed:7.1f} s   goodput {self.goodput:5.2f} "
            f"of capacity   line bytes {self.line_bytes / MIB:6.2f} MiB   cuts {self.cuts:3d}   "
            f"attempts {self.attempts}"
        )


SILENT: dict[str, float | None] = {"on": 0.0, "teardown": 60.0, "server": None}


def make_proxy(live: LiveServer) -> FaultProxy:
    host, port = live.url.removeprefix("http://").split(":")
    return FaultProxy(
        host, int(port), seed=1, rate_bps=LINE_BPS, latency=ONE_WAY, cut_every=CUT_EVERY,
        cut_mode="blackhole" if SILENT["on"] else "reset",
        blackhole_seconds=SILENT["teardown"] or 60.0, blackhole_server_seconds=SILENT["server"],
    ).start()  # fmt: skip


def meta_headers(sha: str, size: int, name: str, token: str) -> dict[str, str]:
    from base64 import b64encode

    def b64(s: str) -> str:
        return b64encode(s.encode()).decode()

    return {
        "Tus-Resumable": "1.0.0",
        "Upload-Length": str(size),
        "Upload-Metadata": f"sha256 {b64(sha)},filename {b64(name)},filetype {b64(MEDIA)}",
        "Authorization": f"Bearer {token}",
    }


def run_client(
    live: LiveServer, token: str, files: list[tuple[str, Path, bytes]], vault: Vault,
    checksum: bool = False, budget: float = 600.0,
) -> Result:  # fmt: skip
    name = "client+checksum" if checksum else "client"
    result = Result(name, len(files))
    proxy = make_proxy(live)
    try:
        url = proxy.url + "/api/v1/uploads"
        session = new_session()
        start = time.monotonic()
        chunk_log: list[int] = []
        for sha, _path, data in files:
            up = Uploader(
                vault, uploads_url=url, session=session, token=lambda: token,
                chunk_checksum=checksum, learn=True,
            )  # fmt: skip
            while time.monotonic() - start < budget:
                result.attempts += 1
                out = up.upload(sha, f"{sha[:8]}.pdf", MEDIA)
                if out.status == "verified":
                    result.shas.append(sha)
                    result.completed += 1
                    result.file_bytes_done += len(data)
                    break
                if out.status != "transient":
                    result.notes.append(f"{out.status}: {out.message}")
                    break
            chunk_log += up.chunk_sizes
        result.elapsed = time.monotonic() - start
        result.line_bytes = proxy.bytes_up
        result.cuts = proxy.cuts
        if chunk_log:
            median = sorted(chunk_log)[len(chunk_log) // 2]
            result.notes.append(
                f"{len(chunk_log)} chunks confirmed, sizes {min(chunk_log) // 1024}-"
                f"{max(chunk_log) // 1024} KiB (median {median // 1024})"
            )
    finally:
        proxy.close()
    return result


def _start_over_loop(
    name: str, files: list[tuple[str, Path, bytes]], budget: float, live: LiveServer,
    attempt: Callable[[str, str, Path, bytes], None],
) -> Result:  # fmt: skip
    result = Result(name, len(files))
    proxy = make_proxy(live)
    try:
        url = proxy.url + "/api/v1/uploads"
        start = time.monotonic()
        for sha, path, data in files:
            while time.monotonic() - start < budget:
                result.attempts += 1
                try:
                    attempt(url, sha, path, data)
                except Exception as exc:  # noqa: BLE001 - any failure: start over
                    if len(result.notes) < 3:
                        result.notes.append(
                            f"attempt failed: {type(exc).__name__}: {str(exc)[:90]}"
                        )
                    continue
                result.shas.append(sha)
                result.completed += 1
                result.file_bytes_done += len(data)
                break
            else:
                break
        result.elapsed = time.monotonic() - start
        result.line_bytes = proxy.bytes_up
        result.cuts = proxy.cuts
    finally:
        proxy.close()
    return result


def run_naive(
    live: LiveServer, token: str, files: list[tuple[str, Path, bytes]], budget: float
) -> Result:
    session = requests.Session()

    def attempt(url: str, sha: str, path: Path, data: bytes) -> None:
        created = session.post(
            url, headers=meta_headers(sha, len(data), path.name, token), timeout=60
        )
        created.raise_for_status()
        target = requests.compat.urljoin(url, created.headers["Location"])
        r = session.patch(
            target,
            data=data,
            headers={
                "Tus-Resumable": "1.0.0",
                "Upload-Offset": "0",
                "Content-Type": "application/offset+octet-stream",
                "Authorization": f"Bearer {token}",
            },
            timeout=(30, 120),
        )
        if r.status_code != 204:
            raise RuntimeError(f"HTTP {r.status_code}")

    return _start_over_loop("naive", files, budget, live, attempt)


def run_tuspy_default(
    live: LiveServer, token: str, files: list[tuple[str, Path, bytes]], budget: float
) -> Result:
    def attempt(url: str, sha: str, path: Path, data: bytes) -> None:
        client = TusClient(url, headers={"Authorization": f"Bearer {token}"})
        with open(path, "rb") as f:
            uploader = client.uploader(
                file_stream=f,
                metadata={"sha256": sha, "filename": path.name, "filetype": MEDIA},
            )
            uploader.upload()

    return _start_over_loop("tuspy-default", files, budget, live, attempt)


def run_download_client(
    live: LiveServer, token: str, files: list[tuple[str, Path, bytes]], vault: Vault
) -> Result:
    from sync.client.downloads import Downloader

    result = Result("client", len(files))
    proxy = make_proxy(live)
    try:
        url = proxy.url + "/api/v1/blobs"
        session = new_session()
        start = time.monotonic()
        resumes = 0
        for sha, _path, data in files:
            down = Downloader(vault, blobs_url=url, session=session, token=lambda: token)
            while True:
                result.attempts += 1
                out = down.download(sha, len(data))
                if out.status == "verified":
                    result.shas.append(sha)
                    result.completed += 1
                    result.file_bytes_done += len(data)
                    break
                if out.status != "transient":
                    result.notes.append(f"{out.status}: {out.problem}")
                    break
            resumes += len(down.stats.resumed_from)
        result.elapsed = time.monotonic() - start
        result.line_bytes = proxy.bytes_down
        result.cuts = proxy.cuts
        result.notes.append(f"{resumes} resumed Range requests")
    finally:
        proxy.close()
    return result


def run_download_naive(
    live: LiveServer, token: str, files: list[tuple[str, Path, bytes]], budget: float
) -> Result:
    session = requests.Session()

    def attempt(url: str, sha: str, path: Path, data: bytes) -> None:
        blobs = url.replace("/uploads", "/blobs")
        r = session.get(
            f"{blobs}/{sha}", headers={"Authorization": f"Bearer {token}"}, timeout=(30, 120)
        )
        if r.status_code != 200 or hashlib.sha256(r.content).hexdigest() != sha:
            raise RuntimeError(f"HTTP {r.status_code}, {len(r.content)} bytes")

    result = _start_over_loop("naive-get", files, budget, live, attempt)
    return result


def download_main(args: argparse.Namespace) -> int:
    """``--direction down``: the downloads over the same line (see the module docstring)."""
    tmp = Path(tempfile.mkdtemp(prefix="sync-link-down-"))
    rng = random.Random(5)
    results: list[Result] = []
    print(
        f"line: {LINE_BPS * 8 / 1e6:.1f} Mbit/s ({LINE_BPS / 1000:.0f} kB/s), "
        f"RTT ~{2 * ONE_WAY * 1000:.0f} ms, open connections cut every {CUT_EVERY:.0f} s; "
        f"downloads: 2 x {FILE_SIZE / MIB:.0f} MiB; one file alone needs "
        f"{FILE_SIZE / LINE_BPS:.1f} s of the line"
    )
    with running_server(tmp / "server", max_file_bytes=16 * MIB) as live:
        token = live.token("operator")

        def stored_files(tag: str) -> list[tuple[str, Path, bytes]]:
            """Files already on the server (uploaded over loopback: not measured)."""
            out = []
            with Vault(tmp / f"{tag}-up.sqlite") as up_vault:
                for i in range(2):
                    data = rng.randbytes(FILE_SIZE)
                    path = tmp / f"{tag}-{i}.pdf"
                    path.write_bytes(data)
                    sha = up_vault.import_file(path).sha256
                    up = Uploader(
                        up_vault, uploads_url=f"{live.api}/uploads", session=new_session(),
                        token=lambda: token,
                    )  # fmt: skip
                    outcome = up.upload(sha, path.name, MEDIA)
                    assert outcome.status == "verified", outcome
                    out.append((sha, path, data))
            return out

        if args.only in (None, "client"):
            with Vault(tmp / "down.sqlite") as vault:
                results.append(run_download_client(live, token, stored_files("client"), vault))
                print(results[-1].line(), flush=True)
                for sha in results[-1].shas:
                    with vault.open_blob(sha) as stream:
                        if hashlib.sha256(stream.read()).hexdigest() != sha:
                            results[-1].notes.append(f"VAULT COPY DIFFERS for {sha[:12]}")
        if args.only in (None, "naive"):
            files = stored_files("naive")
            results.append(run_download_naive(live, token, files, args.budget))
            print(results[-1].line(), flush=True)
    print()
    for r in results:
        print(r.line())
        for note in r.notes:
            print(f"{'':<18}{note}")
    client = next((r for r in results if r.name == "client"), None)
    if client is not None:
        verdict = (
            "meets" if client.goodput >= 0.85 and client.completed == client.files else "MISSES"
        )
        print(f"\ndownload goodput {client.goodput:.2f} of capacity: {verdict} the 0.85 target")
    os.environ.get("KEEP_TMP") or _cleanup(tmp)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for naive/default")
    parser.add_argument("--checksum", action="store_true", help="also the client with checksums")
    parser.add_argument("--only", choices=["client", "naive", "tuspy-default"], default=None)
    parser.add_argument(
        "--silent-cuts", action="store_true",
        help="cuts drop packets without a reset (ends notice by their timeouts)",
    )  # fmt: skip
    parser.add_argument(
        "--teardown", type=float, default=60.0,
        help="with --silent-cuts: seconds until a silently cut connection is reset",
    )  # fmt: skip
    parser.add_argument(
        "--server-notices", type=float, default=None,
        help="with --silent-cuts: the server drops a silent connection after this many seconds "
        "(what an idle timeout on upload bodies would do; today's server has none)",
    )  # fmt: skip
    parser.add_argument(
        "--direction", choices=["up", "down"], default="up",
        help="uploads (default) or downloads over the same line",
    )  # fmt: skip
    args = parser.parse_args()
    SILENT["on"] = float(args.silent_cuts)
    SILENT["teardown"] = args.teardown
    SILENT["server"] = args.server_notices
    quiet = " (silently)" if args.silent_cuts else ""
    if args.direction == "down":
        return download_main(args)

    tmp = Path(tempfile.mkdtemp(prefix="sync-link-"))
    rng = random.Random(4)
    results: list[Result] = []
    print(
        f"line: {LINE_BPS * 8 / 1e6:.1f} Mbit/s ({LINE_BPS / 1000:.0f} kB/s), "
        f"RTT ~{2 * ONE_WAY * 1000:.0f} ms, "
        f"open connections cut every {CUT_EVERY:.0f} s{quiet}; "
        f"files: 2 x {FILE_SIZE / MIB:.0f} MiB; "
        f"one file alone needs {FILE_SIZE / LINE_BPS:.1f} s of the line"
    )
    with running_server(tmp / "server", max_file_bytes=16 * MIB) as live:
        token = live.token("operator")

        def fresh_files(tag: str) -> list[tuple[str, Path, bytes]]:
            out = []
            for i in range(2):
                data = rng.randbytes(FILE_SIZE)  # new content per run: nothing is already stored
                path = tmp / f"{tag}-{i}.pdf"
                path.write_bytes(data)
                out.append((hashlib.sha256(data).hexdigest(), path, data))
            return out

        with Vault(tmp / "vault.sqlite") as vault:
            if args.only in (None, "client"):
                files = fresh_files("client")
                for _sha, path, _data in files:
                    vault.import_file(path)
                results.append(run_client(live, token, files, vault))
                print(results[-1].line(), flush=True)
                if args.checksum:
                    files = fresh_files("checksum")
                    for _sha, path, _data in files:
                        vault.import_file(path)
                    results.append(run_client(live, token, files, vault, checksum=True))
                    print(results[-1].line(), flush=True)
        if args.only in (None, "naive"):
            results.append(run_naive(live, token, fresh_files("naive"), args.budget))
            print(results[-1].line(), flush=True)
        if args.only in (None, "tuspy-default"):
            results.append(run_tuspy_default(live, token, fresh_files("tuspy"), args.budget))
            print(results[-1].line(), flush=True)
        # every completed upload really is on the server, byte for byte
        with live.client("operator") as c:
            for r in results:
                for sha in r.shas:
                    got = hashlib.sha256(c.get(f"/blobs/{sha}").content).hexdigest()
                    if got != sha:
                        r.notes.append(f"SERVER COPY DIFFERS for {sha[:12]}")
    print()
    for r in results:
        print(r.line())
        for note in r.notes:
            print(f"{'':<18}{note}")
    client = next((r for r in results if r.name == "client"), None)
    if client is not None:
        verdict = (
            "meets" if client.goodput >= 0.85 and client.completed == client.files else "MISSES"
        )
        print(f"\nclient goodput {client.goodput:.2f} of capacity: {verdict} the 0.85 target")
    os.environ.get("KEEP_TMP") or _cleanup(tmp)
    return 0


def _cleanup(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
