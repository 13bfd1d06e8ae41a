"""Evidence uploads over emulated poor rural lines, as fractions of each line's capacity.

The line is the test fault proxy (tests/sync/faultproxy.py) in front of the real server on
loopback. Three line profiles (``--profile``, all three by default):

- **1M**: 1 Mbit/s each way (a token bucket of 125 000 bytes/s), about 300 ms round trip, every
  connection cut (reset) every 20 s;
- **256k**: 256 kbit/s (32 000 bytes/s), about 600 ms round trip, cut every 30 s;
- **silent**: as 1M, but every cut is silent (packets vanish, no reset; the connection is torn
  down ``--teardown`` s later, 60 by default), so the ends only notice through their own
  timeouts (the server: its ``upload_idle_seconds``).

Two 4 MiB evidence files go up per contender; the contenders of a profile run at the same time,
each on its own fresh line (its own proxy, token bucket and cut clock):

- **client**: ``sync.client.uploads.Uploader`` (tus, chunk size from ``sync.client.chunking``,
  resumes after each cut), called again after a ``transient`` outcome as the engine would
  (without its backoff pause);
- **tuspy-256k**: ``tusclient`` configured for a bad line: 256 KiB chunks, 10 retries per chunk
  one second apart, and the upload URL kept, so a failed ``upload()`` resumes where it was;
- **tuspy-default**: ``tusclient`` with its defaults (one chunk of ``sys.maxsize`` bytes, no
  retries, no stored URL), the whole ``upload()`` started again after it raises;
- **naive** (``--naive``): what a plain web form does: one request carrying the whole file,
  started over from zero after a cut.

For each: completed files, elapsed time, bytes the server confirmed, bytes that crossed the line
(client -> server at the proxy), and goodput = file bytes completed / elapsed / capacity.
Contenders that cannot finish get a time budget (``--budget``: a multiple of the time the files
need at full capacity) and report "did not complete". ``--checksum`` adds a run of the client
with per-chunk SHA-256 checksums (the tus checksum extension) to show what they cost.

**Downloads** (``--direction down``): the same lines the other way. The files are put on the
server first (over loopback, not measured), then fetched through the line, each contender on its
own line at the same time:

- **client**: ``sync.client.downloads.Downloader`` (resumable ``Range`` GETs into the vault, the
  SHA-256 checked before the file is visible), called again after a ``transient`` outcome;
- **naive-get**: what a browser's download does: one GET of the whole file, started over from
  zero after a cut.

Run: ``PYTHONPATH=$PWD python bench/sync_link.py [--profile 1M] [--budget 2.5] [--checksum]
[--direction up|down] [--trace]``; ``--trace`` prints the client's timeline per profile (its
requests, the proxy's cuts, when bytes stop and start crossing the line, the server's upload
log), to see what a cut costs. Targets for the client, uploads: 1M >= 0.92 of capacity and ahead of
every peer in the run; 256k >= 0.90; silent >= 0.80; downloads (issue 11): >= 0.85 on 1M. The
machine is shared: run it more than once and compare medians.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import threading
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
from tests.files import pdf_bytes  # noqa: E402
from tests.server.live import LiveServer, running_server  # noqa: E402
from tests.sync.faultproxy import FaultProxy  # noqa: E402

MIB = 1024 * 1024
FILE_SIZE = 4 * MIB
FILES = 2
MEDIA = "application/pdf"


@dataclass(frozen=True)
class Line:
    """A line profile: capacity (bytes/s each way), one-way latency (s), cut interval (s)."""

    name: str
    rate: float
    one_way: float
    cut_every: float
    silent: bool = False
    target: float = 0.0

    def describe(self) -> str:
        how = "silently" if self.silent else "with a reset"
        return (
            f"{self.rate * 8 / 1e6:.3g} Mbit/s ({self.rate / 1000:.0f} kB/s), RTT "
            f"~{2 * self.one_way * 1000:.0f} ms, connections cut every {self.cut_every:.0f} s "
            f"{how}; {FILES} x {FILE_SIZE / MIB:.0f} MiB need {FILES * FILE_SIZE / self.rate:.0f} "
            "s of the line"
        )


PROFILES = {
    "1M": Line("1M", 1_000_000 / 8, 0.150, 20.0, target=0.92),
    "256k": Line("256k", 256_000 / 8, 0.300, 30.0, target=0.90),
    "silent": Line("silent", 1_000_000 / 8, 0.150, 20.0, silent=True, target=0.80),
}
TEARDOWN = {"seconds": 60.0, "server": None}  # silent cuts: when the proxy resets (--teardown)


@dataclass
class Result:
    name: str
    line: Line
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
        if not self.elapsed:
            return 0.0
        return self.file_bytes_done / self.elapsed / self.line.rate

    def text(self) -> str:
        done = (
            f"completed {self.completed}/{self.files}"
            if self.completed == self.files
            else f"did not complete ({self.completed}/{self.files} files)"
        )
        return (
            f"{self.line.name:<7} {self.name:<16} {done:<31} {self.elapsed:6.1f} s   goodput "
            f"{self.goodput:5.2f}   line bytes {self.line_bytes / MIB:6.2f} MiB   cuts "
            f"{self.cuts:3d}   attempts {self.attempts}"
        )


def make_proxy(live: LiveServer, line: Line) -> FaultProxy:
    host, port = live.url.removeprefix("http://").split(":")
    return FaultProxy(
        host, int(port), seed=1, rate_bps=line.rate, latency=line.one_way,
        cut_every=line.cut_every, cut_mode="blackhole" if line.silent else "reset",
        blackhole_seconds=float(TEARDOWN["seconds"] or 60.0),
        blackhole_server_seconds=TEARDOWN["server"],
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


class Tracer:
    """``--trace``: a timeline of one client's run (its requests, the proxy's cuts, when bytes
    stop and start crossing the line, the server's upload log), printed after the run."""

    IDLE = 0.2
    """Seconds without a byte crossing the line before it counts as idle."""

    def __init__(self) -> None:
        self.t0 = time.monotonic()
        self.events: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def event(self, who: str, text: str) -> None:
        with self._lock:
            self.events.append((time.monotonic() - self.t0, who, text))

    def watch(self, session: requests.Session, proxy: FaultProxy) -> None:
        import logging

        send = session.request

        def request(method: str, url: str, *args: object, **kwargs: object) -> requests.Response:
            headers = kwargs.get("headers") or {}
            offset = dict(headers).get("upload-offset", "")  # type: ignore[call-overload]
            data = kwargs.get("data")
            size = len(data) if data is not None else 0  # type: ignore[arg-type]
            what = f"{method} {url.rsplit('/', 1)[-1][:8]} offset={offset} body={size}"
            self.event("client", f"-> {what}")
            try:
                r = send(method, url, *args, **kwargs)  # type: ignore[arg-type]
            except Exception as exc:
                self.event("client", f"!! {method} failed: {type(exc).__name__}: {exc}"[:140])
                raise
            self.event(
                "client", f"<- {method} {r.status_code} offset={r.headers.get('Upload-Offset')}"
            )
            return r

        session.request = request  # type: ignore[method-assign,assignment]
        cut_all = proxy.cut_all

        def cut() -> int:
            n = cut_all()
            self.event("proxy", f"CUT ({proxy.cut_mode}) {n} connection(s), {proxy.bytes_up} up")
            return n

        proxy.cut_all = cut  # type: ignore[method-assign]
        from sync.client import uploads

        drain = uploads._ChunkBody._drain_to

        def drain_to(body: uploads._ChunkBody, most: int) -> None:
            if most:
                return drain(body, most)
            self.event("client", "   body handed to the socket; waiting for it to drain")
            try:
                drain(body, most)
            except Exception as exc:
                self.event("client", f"   drain ended: {type(exc).__name__}")
                raise
            self.event("client", "   body drained: awaiting the answer")

        uploads._ChunkBody._drain_to = drain_to  # type: ignore[method-assign,assignment]

        tracer = self

        class Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                tracer.event("server", record.getMessage())

        server_log = logging.getLogger("sync.server.uploads")
        server_log.setLevel(logging.INFO)
        server_log.addHandler(Handler())

        def sample() -> None:
            last, since, idle = proxy.bytes_up, time.monotonic(), False
            while not self._stop.wait(0.02):
                now, seen = time.monotonic(), proxy.bytes_up
                if seen != last:
                    if idle:
                        self.event("line", f"bytes flow again ({seen} up)")
                    last, since, idle = seen, now, False
                elif not idle and now - since >= self.IDLE:
                    idle = True
                    self.event("line", f"idle since {since - self.t0:7.2f} ({seen} up)")

        threading.Thread(target=sample, daemon=True).start()

    def print(self) -> None:
        self._stop.set()
        for at, who, text in self.events:
            print(f"{at:8.2f}  {who:<7}{text}")


def run_client(
    live: LiveServer, line: Line, token: str, files: list[tuple[str, Path, bytes]], vault: Vault,
    checksum: bool = False, budget: float = 600.0, trace: bool = False,
) -> Result:  # fmt: skip
    name = "client+checksum" if checksum else "client"
    result = Result(name, line, len(files))
    proxy = make_proxy(live, line)
    tracer = Tracer() if trace else None
    try:
        url = proxy.url + "/api/v1/uploads"
        session = new_session()
        if tracer is not None:
            tracer.watch(session, proxy)
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
        if tracer is not None:
            tracer.print()
    return result


def _start_over_loop(
    name: str, line: Line, files: list[tuple[str, Path, bytes]], budget: float,
    live: LiveServer, attempt: Callable[[str, str, Path, bytes], None], downloads: bool = False,
) -> Result:  # fmt: skip
    result = Result(name, line, len(files))
    proxy = make_proxy(live, line)
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
        result.line_bytes = proxy.bytes_down if downloads else proxy.bytes_up
        result.cuts = proxy.cuts
    finally:
        proxy.close()
    return result


def run_naive(
    live: LiveServer, line: Line, token: str, files: list[tuple[str, Path, bytes]],
    budget: float,
) -> Result:  # fmt: skip
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

    return _start_over_loop("naive", line, files, budget, live, attempt)


def run_tuspy_default(
    live: LiveServer, line: Line, token: str, files: list[tuple[str, Path, bytes]],
    budget: float,
) -> Result:  # fmt: skip
    def attempt(url: str, sha: str, path: Path, data: bytes) -> None:
        client = TusClient(url, headers={"Authorization": f"Bearer {token}"})
        with open(path, "rb") as f:
            uploader = client.uploader(
                file_stream=f,
                metadata={"sha256": sha, "filename": path.name, "filetype": MEDIA},
            )
            uploader.upload()

    return _start_over_loop("tuspy-default", line, files, budget, live, attempt)


TUSPY_CHUNK = 256 * 1024
TUSPY_RETRIES = 10
TUSPY_RETRY_DELAY = 1


def run_tuspy_configured(
    live: LiveServer, line: Line, token: str, files: list[tuple[str, Path, bytes]],
    budget: float,
) -> Result:  # fmt: skip
    """tuspy set up for a bad line: 256 KiB chunks, retries, and its URL kept across attempts
    (a failed ``upload()`` resumes at the server's offset instead of starting over)."""
    urls: dict[str, str] = {}

    def attempt(url: str, sha: str, path: Path, data: bytes) -> None:
        client = TusClient(url, headers={"Authorization": f"Bearer {token}"})
        with open(path, "rb") as f:
            uploader = client.uploader(
                file_stream=f,
                url=urls.get(sha),
                chunk_size=TUSPY_CHUNK,
                retries=TUSPY_RETRIES,
                retry_delay=TUSPY_RETRY_DELAY,
                metadata={"sha256": sha, "filename": path.name, "filetype": MEDIA},
            )
            if uploader.url:
                urls[sha] = uploader.url
            else:
                urls[sha] = uploader.create_url()
                uploader.set_url(urls[sha])
            uploader.upload()

    return _start_over_loop("tuspy-256k", line, files, budget, live, attempt)


def run_profile(
    live: LiveServer, line: Line, token: str, tmp: Path, args: argparse.Namespace
) -> list[Result]:
    """Every contender of one profile at the same time, each on its own fresh line."""
    rng = random.Random(f"{line.name}-4")
    budget = args.budget * FILES * FILE_SIZE / line.rate

    def fresh_files(tag: str) -> list[tuple[str, Path, bytes]]:
        out = []
        for i in range(FILES):
            # A real PDF (the server sniffs uploads), new content per run: nothing is stored yet
            data = pdf_bytes(FILE_SIZE, seed=rng.randrange(2**63))
            path = tmp / f"{line.name}-{tag}-{i}.pdf"
            path.write_bytes(data)
            out.append((hashlib.sha256(data).hexdigest(), path, data))
        return out

    jobs: list[Callable[[], Result]] = []
    wanted = set(args.only or ["client", "tuspy-256k", "tuspy-default"])
    if args.naive:
        wanted.add("naive")
    vault = Vault(tmp / f"vault-{line.name}.sqlite")
    if "client" in wanted:
        files = fresh_files("client")
        for _sha, path, _data in files:
            vault.import_file(path)
        jobs.append(
            lambda: run_client(live, line, token, files, vault, budget=budget, trace=args.trace)
        )
        if args.checksum:
            cfiles = fresh_files("checksum")
            for _sha, path, _data in cfiles:
                vault.import_file(path)
            jobs.append(
                lambda: run_client(live, line, token, cfiles, vault, checksum=True, budget=budget)
            )
    peers = {
        "tuspy-256k": run_tuspy_configured,
        "tuspy-default": run_tuspy_default,
        "naive": run_naive,
    }
    for name, run in peers.items():
        if name in wanted:
            pfiles = fresh_files(name)
            jobs.append(lambda run=run, pfiles=pfiles: run(live, line, token, pfiles, budget))
    results: list[Result | None] = [None] * len(jobs)

    def work(i: int) -> None:
        results[i] = jobs[i]()
        print(results[i].text(), flush=True)  # type: ignore[union-attr]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    vault.close()
    done = [r for r in results if r is not None]
    # every completed upload really is on the server, byte for byte
    with live.client("operator") as c:
        for r in done:
            for sha in r.shas:
                got = hashlib.sha256(c.get(f"/blobs/{sha}").content).hexdigest()
                if got != sha:
                    r.notes.append(f"SERVER COPY DIFFERS for {sha[:12]}")
    return done


DOWN_TARGET = 0.85
"""Issue 11: downloads reach at least this fraction of the line's capacity."""


def run_download_client(
    live: LiveServer, line: Line, token: str, files: list[tuple[str, Path, bytes]],
    vault: Vault, budget: float,
) -> Result:  # fmt: skip
    from sync.client.downloads import Downloader

    result = Result("client", line, len(files))
    proxy = make_proxy(live, line)
    try:
        url = proxy.url + "/api/v1/blobs"
        session = new_session()
        start = time.monotonic()
        resumes = 0
        # one Downloader for the files, as the engine shares its line's measured rate: a silent
        # cut is noticed by a read timeout that follows that rate
        down = Downloader(vault, blobs_url=url, session=session, token=lambda: token)
        for sha, _path, data in files:
            before = len(down.stats.resumed_from)
            while time.monotonic() - start < budget:
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
            resumes += len(down.stats.resumed_from) - before
        result.elapsed = time.monotonic() - start
        result.line_bytes = proxy.bytes_down
        result.cuts = proxy.cuts
        stalls = getattr(down.stats, "stalls", None)
        result.notes.append(
            f"{resumes} resumed Range requests"
            + (f", {stalls} silent responses closed by the stall watchdog" if stalls else "")
        )
        for sha in result.shas:
            with vault.open_blob(sha) as stream:
                if hashlib.sha256(stream.read()).hexdigest() != sha:
                    result.notes.append(f"VAULT COPY DIFFERS for {sha[:12]}")
    finally:
        proxy.close()
    return result


def run_download_naive(
    live: LiveServer, line: Line, token: str, files: list[tuple[str, Path, bytes]], budget: float
) -> Result:
    session = requests.Session()

    def attempt(url: str, sha: str, _path: Path, _data: bytes) -> None:
        blobs = url.replace("/uploads", "/blobs")
        r = session.get(
            f"{blobs}/{sha}", headers={"Authorization": f"Bearer {token}"}, timeout=(30, 60)
        )
        if r.status_code != 200 or hashlib.sha256(r.content).hexdigest() != sha:
            raise RuntimeError(f"HTTP {r.status_code}, {len(r.content)} bytes")

    return _start_over_loop("naive-get", line, files, budget, live, attempt, downloads=True)


def run_download_profile(
    live: LiveServer, line: Line, token: str, tmp: Path, args: argparse.Namespace
) -> list[Result]:
    """The download contenders of one profile at the same time, each on its own fresh line;
    their files were put on the server over loopback first."""
    rng = random.Random(f"{line.name}-down")
    budget = args.budget * FILES * FILE_SIZE / line.rate

    def stored_files(tag: str) -> list[tuple[str, Path, bytes]]:
        out = []
        with Vault(tmp / f"up-{line.name}-{tag}.sqlite") as up_vault:
            for i in range(FILES):
                data = pdf_bytes(FILE_SIZE, seed=rng.randrange(2**63))  # the server sniffs it
                path = tmp / f"{line.name}-{tag}-down-{i}.pdf"
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

    vault = Vault(tmp / f"down-{line.name}.sqlite")
    client_files, naive_files = stored_files("client"), stored_files("naive")
    jobs: list[Callable[[], Result]] = [
        lambda: run_download_client(live, line, token, client_files, vault, budget),
        lambda: run_download_naive(live, line, token, naive_files, budget),
    ]
    results: list[Result | None] = [None] * len(jobs)

    def work(i: int) -> None:
        results[i] = jobs[i]()
        print(results[i].text(), flush=True)  # type: ignore[union-attr]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    vault.close()
    return [r for r in results if r is not None]


def verdict(line: Line, results: list[Result]) -> str:
    client = next((r for r in results if r.name == "client"), None)
    if client is None:
        return ""
    peers = [r for r in results if r.name not in ("client", "client+checksum")]
    best_peer = max(peers, key=lambda r: r.goodput, default=None)
    ok = client.completed == client.files and client.goodput >= line.target
    ahead = best_peer is None or client.goodput > best_peer.goodput
    peer_text = (
        f"; best peer {best_peer.name} {best_peer.goodput:.2f} (client/peer "
        f"{client.goodput / best_peer.goodput:.2f}x)"
        if best_peer is not None and best_peer.goodput > 0
        else ""
    )
    return (
        f"{line.name:<7} client goodput {client.goodput:.2f} of capacity: "
        f"{'meets' if ok else 'MISSES'} the {line.target:.2f} target, "
        f"{'ahead of' if ahead else 'BEHIND'} every peer{peer_text}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--profile", choices=list(PROFILES), action="append",
        help="line profile(s) to run (default: all)",
    )  # fmt: skip
    parser.add_argument(
        "--budget", type=float, default=2.5,
        help="time budget per contender, as a multiple of the files' time on the line",
    )  # fmt: skip
    parser.add_argument("--checksum", action="store_true", help="also the client with checksums")
    parser.add_argument("--naive", action="store_true", help="also a plain one-request upload")
    parser.add_argument(
        "--trace", action="store_true",
        help="print the client's timeline: requests, cuts, line idle/flowing, server log",
    )  # fmt: skip
    parser.add_argument(
        "--only", choices=["client", "tuspy-256k", "tuspy-default", "naive"], action="append",
        help="contender(s) to run (default: all but naive)",
    )  # fmt: skip
    parser.add_argument(
        "--teardown", type=float, default=60.0,
        help="silent profile: seconds until a silently cut connection is reset",
    )  # fmt: skip
    parser.add_argument(
        "--server-notices", type=float, default=None,
        help="silent profile: the proxy drops the server's side after this many seconds",
    )  # fmt: skip
    parser.add_argument(
        "--direction", choices=["up", "down"], default="up",
        help="uploads (default) or downloads over the same lines",
    )  # fmt: skip
    args = parser.parse_args()
    TEARDOWN["seconds"] = args.teardown
    TEARDOWN["server"] = args.server_notices
    down = args.direction == "down"
    if down:
        # the line profiles' upload targets do not apply to downloads
        for name, line in PROFILES.items():
            PROFILES[name] = Line(line.name, line.rate, line.one_way, line.cut_every,
                                  line.silent, target=DOWN_TARGET)  # fmt: skip

    tmp = Path(tempfile.mkdtemp(prefix="sync-link-"))
    lines = [PROFILES[name] for name in (args.profile or list(PROFILES))]
    summary: list[tuple[Line, list[Result]]] = []
    with running_server(tmp / "server", max_file_bytes=16 * MIB) as live:
        token = live.token("operator")
        for line in lines:
            print(f"\n{line.name}: {line.describe()}", flush=True)
            run = run_download_profile if down else run_profile
            summary.append((line, run(live, line, token, tmp, args)))
    print()
    for _line, results in summary:
        for r in results:
            print(r.text())
            for note in r.notes:
                print(f"{'':<26}{note}")
    print()
    for line, results in summary:
        text = verdict(line, results)
        if text:
            print(text)
    if len(summary) > 1:
        goodputs = [r.goodput for _line, rs in summary for r in rs if r.name == "client"]
        print(f"client goodput, median over the profiles: {statistics.median(goodputs):.2f}")
    os.environ.get("KEEP_TMP") or _cleanup(tmp)
    return 0


def _cleanup(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
