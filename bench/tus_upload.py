"""Benchmark of evidence uploads by tus on loopback, as ratios against a plain upload.

Starts the real server (``python -m sync.server demo``) in its own process, and beside it a
trivial baseline server (uvicorn + a bare ASGI app) whose one endpoint streams a request body
to a file and fsyncs it: what any upload costs on this machine (HTTP, loopback, disk).

- baseline: one plain ``PUT`` of the whole file to the trivial endpoint
- tus: tuspy (the reference client) uploading the same bytes in 256 KiB / 1 MiB / 5 MiB chunks,
  each chunk with a sha256 ``Upload-Checksum``; the server fsyncs every chunk, records the offset
  in its database, and at the end hashes the whole file and moves it into the blob store
- memory: the server process's resident memory while it receives one big file (default 1 GiB,
  5 MiB chunks), sampled every 50 ms; the issue's target is flat, under 100 MB of growth

Each backend in turn: SQLite, then PostgreSQL 15 (a throwaway cluster) unless ``--no-postgres``.

First, **against the reference tus server**: ``@tus/server`` 2.4.5 with ``@tus/file-store``
2.1.1 (Node), installed from npm by this bench into a folder outside the repository
(``$INOVASI_BENCH_CACHE/tus-node``, default ``~/.cache/inovasi-bench/tus-node``), beside ours
(SQLite) in the same run: one file (``--ref-mb``, 1 GiB by default) uploaded by the same plain
``requests`` tus client at 1, 8 and 64 MiB chunks (``--chunks``), alternating between the two
servers, each variant ``--repeat`` times (medians). Printed per server and chunk size: MB/s,
server CPU seconds per GiB (user + system of the server process) and peak resident memory; and
ours as a ratio of the reference (target: >= 1.0x at every chunk size). Ours fsyncs every chunk
before its offset moves and verifies the file's SHA-256 at the end; the Node file store does
neither. ``os.sync()`` before every upload: no run pays for the previous one's writeback.
``--reference-only`` stops after this part; ``--no-reference`` skips it. ``--baseline DIR``
runs a third server beside them, from another checkout (an A/B of a change against main's code:
``git archive main | tar -x -C DIR``), and prints ours/baseline per round.

Run: ``PYTHONPATH=$PWD python bench/tus_upload.py [--mb 50] [--big-mb 1024] [--repeat 2]``.
Numbers depend on the machine (shared here: run it more than once); compare the ratios
measured in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import httpx
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tusclient.client import TusClient  # noqa: E402

from tests.pg import PostgresCluster, available, free_port  # noqa: E402
from tests.server.live import DEMO_PASSWORDS  # noqa: E402
from tests.servertus.conftest import ServerProcess, Sha256Uploader  # noqa: E402
from tests.vault.samples import mp4_with_duration  # noqa: E402

MIB = 1024 * 1024

SINK_APP = textwrap.dedent(
    """
    import os, sys

    TARGET = sys.argv[1]

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        fd = os.open(TARGET, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            while True:
                message = await receive()
                body = message.get("body", b"")
                if body:
                    os.write(fd, body)
                if not message.get("more_body"):
                    break
            os.fsync(fd)
        finally:
            os.close(fd)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})
    """
)


def write_random(path: Path, size: int) -> str:
    """An MP4 of ``size`` bytes (ftyp + moov, then an mdat of random media data): the server
    reads a file's real type from its first bytes, so plain random bytes would be refused."""
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory() as tmp:
        head = mp4_with_duration(Path(tmp) / "v.mp4", 30.0).read_bytes()
    head += struct.pack(">I", size - len(head)) + b"mdat"
    with open(path, "wb") as fh:
        fh.write(head)
        digest.update(head)
        left = size - len(head)
        while left:
            block = os.urandom(min(8 * MIB, left))
            digest.update(block)
            fh.write(block)
            left -= len(block)
    return digest.hexdigest()


def start_sink(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    script = folder / "sink_app.py"
    script.write_text(SINK_APP)
    port = free_port()
    code = (
        "import sys, uvicorn; sys.path.insert(0, sys.argv[2]); import sink_app; "
        f"uvicorn.run(sink_app.app, host='127.0.0.1', port={port}, log_level='warning')"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(folder / "sink.bin"), str(folder)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sink"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.put(url, content=b"")
            return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("baseline server did not start")


def plain_put(url: str, path: Path) -> float:
    def body() -> object:
        with open(path, "rb") as fh:
            while block := fh.read(MIB):
                yield block

    size = path.stat().st_size
    started = time.perf_counter()
    r = httpx.put(url, content=body(), headers={"Content-Length": str(size)}, timeout=600)
    elapsed = time.perf_counter() - started
    assert r.status_code == 204, r.text
    return size / elapsed / MIB


def tus_upload(api: str, token: str, path: Path, sha: str, chunk: int) -> float:
    up = Sha256Uploader(
        file_path=str(path),
        client=TusClient(api + "/uploads", headers={"Authorization": f"Bearer {token}"}),
        chunk_size=chunk,
        metadata={"sha256": sha, "filename": path.name, "filetype": "video/mp4"},
        upload_checksum=True,
    )
    started = time.perf_counter()
    up.upload()
    elapsed = time.perf_counter() - started
    assert up.offset == path.stat().st_size
    return path.stat().st_size / elapsed / MIB


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and its children (uvicorn may fork)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` (proves the sampled process is the one working)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


NODE_PACKAGES = ("@tus/server@2.4.5", "@tus/file-store@2.1.1")
NODE_SERVER = textwrap.dedent(
    """
    import http from 'node:http';
    import { Server } from '@tus/server';
    import { FileStore } from '@tus/file-store';

    const [directory, port] = process.argv.slice(2);
    const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });
    http.createServer((req, res) => tus.handle(req, res)).listen(Number(port), '127.0.0.1');
    """
)


def node_server_dir() -> Path:
    """The reference server's folder (outside the repository), its npm packages installed."""
    base = Path(os.environ.get("INOVASI_BENCH_CACHE", Path.home() / ".cache" / "inovasi-bench"))
    folder = base / "tus-node"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "package.json").exists():
        (folder / "package.json").write_text('{"name": "inovasi-bench-tus-node", "private": true}')
    wanted = {name.rsplit("@", 1)[0]: name.rsplit("@", 1)[1] for name in NODE_PACKAGES}
    installed = {}
    for name in wanted:
        meta = folder / "node_modules" / name / "package.json"
        if meta.exists():
            import json

            installed[name] = json.loads(meta.read_text()).get("version")
    if installed != wanted:
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--save-exact", *NODE_PACKAGES],
            cwd=folder, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    (folder / "server.mjs").write_text(NODE_SERVER)
    return folder


class NodeServer:
    """``@tus/server`` + ``@tus/file-store`` on loopback (tus at ``/files``)."""

    def __init__(self, folder: Path, data: Path) -> None:
        self.folder, self.data = folder, data
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        self.data.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self.proc = subprocess.Popen(
            ["node", str(self.folder / "server.mjs"), str(self.data), str(port)],
            cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/files"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.options(url, timeout=2)
                return url
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("the reference tus server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


class _FileSlice:
    """``length`` bytes of an open file from its current position, streamed in 1 MiB blocks
    (``__len__`` gives requests a Content-Length)."""

    def __init__(self, fh: object, length: int) -> None:
        self.fh, self.length = fh, length

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> object:
        left = self.length
        while left > 0:
            block = self.fh.read(min(MIB, left))  # type: ignore[attr-defined]
            if not block:
                raise OSError("file ended early")
            left -= len(block)
            yield block


def requests_tus_upload(
    session: requests.Session, url: str, path: Path, sha: str, chunk: int, auth: dict[str, str]
) -> float:
    """Create an upload at ``url`` and PATCH ``path`` in ``chunk`` bytes; returns seconds."""
    from base64 import b64encode

    size = path.stat().st_size

    def b64(text: str) -> str:
        return b64encode(text.encode()).decode()

    base = {"Tus-Resumable": "1.0.0", **auth}
    meta = f"sha256 {b64(sha)},filename {b64(path.name)},filetype {b64('video/mp4')}"
    started = time.perf_counter()
    created = session.post(
        url, headers={**base, "Upload-Length": str(size), "Upload-Metadata": meta}, timeout=60
    )
    assert created.status_code == 201, created.text
    target = requests.compat.urljoin(url, created.headers["Location"])
    offset = 0
    with open(path, "rb") as fh:
        while offset < size:
            n = min(chunk, size - offset)
            r = session.patch(target, data=_FileSlice(fh, n), timeout=600, headers={
                **base, "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
            })  # fmt: skip
            assert r.status_code == 204, (r.status_code, r.text)
            offset = int(r.headers["Upload-Offset"])
    return time.perf_counter() - started


class Sampler:
    """Peak resident memory and CPU seconds of a server process while a block runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def __enter__(self) -> Sampler:
        self.cpu0 = cpu_seconds(self.pid)
        self.peak = rss_bytes(self.pid)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._done.wait(0.05):
            self.peak = max(self.peak, rss_bytes(self.pid))

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.cpu = cpu_seconds(self.pid) - self.cpu0


def run_reference(folder: Path, args: argparse.Namespace) -> None:
    """Ours (SQLite) against @tus/server + @tus/file-store, same client, same file, same run;
    with ``--baseline DIR`` also the server of another checkout (an A/B of a change)."""
    import statistics

    node_dir = node_server_dir()
    size = args.ref_mb * MIB
    gib = size / (1024 * MIB)
    limits = {"max_upload_bytes": size + MIB, "max_file_bytes": size + MIB}
    servers = {"ours": ServerProcess(folder / "server-ref", "", **limits)}
    if args.baseline is not None:
        servers["baseline"] = ServerProcess(
            folder / "server-base", "", code=args.baseline.resolve(), **limits
        )
    node = NodeServer(node_dir, folder / "node-data")
    names = ["reference", *servers]
    try:
        apis = {name: server.start() for name, server in servers.items()}
        node_url = node.start()
        tokens = {
            name: httpx.post(
                api + "/auth/login",
                json={"username": "operator", "password": DEMO_PASSWORDS["operator"]},
            ).json()["access_token"]
            for name, api in apis.items()
        }
        path = folder / "ref.bin"
        session = requests.Session()
        print(
            "tus PATCH path vs the reference server (@tus/server 2.4.5 + @tus/file-store 2.1.1),"
            f" {args.ref_mb} MiB file, requests client, median of {args.repeat}"
            + (f"; baseline: the server of {args.baseline}" if args.baseline else "")
            + ":"
        )
        print(f"  {'chunk':>6}  {'server':<10} {'MB/s':>7} {'CPU s/GiB':>10} {'peak RSS':>9}")
        for chunk_mib in args.chunks:
            runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
            for round_ in range(args.repeat):
                # Alternated, and each round in another order: no contender always runs
                # right after the same one (writeback, caches, the shared machine's moods).
                shift = round_ % len(names)
                for name in names[shift:] + names[:shift]:
                    sha = write_random(path, size)  # new bytes: never a duplicate
                    # Neither server inherits the other's writeback: the Node file store never
                    # syncs, and its last GiB would otherwise be flushed during our run.
                    os.sync()
                    proc = servers[name].proc if name in servers else node.proc
                    assert proc is not None
                    if name in servers:
                        url = apis[name] + "/uploads"
                        auth = {"Authorization": f"Bearer {tokens[name]}"}
                    else:
                        url, auth = node_url, {}
                    with Sampler(proc.pid) as sampled:
                        seconds = requests_tus_upload(session, url, path, sha, chunk_mib * MIB,
                                                      auth)  # fmt: skip
                    runs[name].append((size / seconds / 1e6, sampled.cpu / gib, sampled.peak))
                    # The stored file is not needed again: 9 uploads of 1 GiB per server would
                    # otherwise fill a small disk (the Node store keeps every upload).
                    if name in servers:
                        blobs = servers[name].data_dir / "blobs"
                        (blobs / sha[:2] / sha[2:4] / sha).unlink()
                    else:
                        for stored in node.data.iterdir():
                            stored.unlink()
            medians = {
                name: tuple(statistics.median(r[i] for r in rows) for i in range(3))
                for name, rows in runs.items()
            }
            for name in names:
                mbs, cpu, peak = medians[name]
                print(f"  {chunk_mib:>4} MiB  {name:<10} {mbs:7.1f} {cpu:10.2f} "
                      f"{peak / MIB:7.0f} MiB")  # fmt: skip
            for name in servers:
                ratio = medians[name][0] / medians["reference"][0]
                cpu_ratio = medians[name][1] / medians["reference"][1]
                target = " (target >= 1.0x)" if name == "ours" else ""
                print(f"  {'':>6}  {name}/reference: {ratio:.2f}x MB/s{target}, "
                      f"{cpu_ratio:.2f}x CPU per GiB")  # fmt: skip
            if "baseline" in servers:
                pairs = [o[0] / b[0] for o, b in zip(runs["ours"], runs["baseline"], strict=True)]
                ab = medians["ours"][0] / medians["baseline"][0]
                print(f"  {'':>6}  ours/baseline: {ab:.2f}x MB/s "
                      f"(per round: {', '.join(f'{p:.2f}' for p in pairs)})")  # fmt: skip
        path.unlink()
    finally:
        for server in servers.values():
            server.stop()
        node.stop()


def run_backend(
    label: str, folder: Path, database_url: str, args: argparse.Namespace, sink_url: str
) -> None:
    """Throughput per chunk size and memory on a big file, for one database backend."""
    data_dir = folder / f"server-{label}"
    limit = max(args.mb, args.big_mb) * MIB + MIB
    server = ServerProcess(data_dir, database_url, max_upload_bytes=limit, max_file_bytes=limit)
    try:
        api = server.start()
        token = httpx.post(
            api + "/auth/login",
            json={"username": "operator", "password": DEMO_PASSWORDS["operator"]},
        ).json()["access_token"]
        path = folder / "bukti.bin"
        write_random(path, args.mb * MIB)

        print(f"{label}: tus upload on loopback, {args.mb} MiB file, best of {args.repeat}")
        baseline = max(plain_put(sink_url, path) for _ in range(args.repeat))
        print(f"  {'plain PUT to a trivial endpoint (baseline)':<44} {baseline:8.1f} MiB/s")
        for chunk in (256 * 1024, MIB, 5 * MIB):
            best = 0.0
            for _ in range(args.repeat):
                sha = write_random(path, args.mb * MIB)  # new bytes: never a duplicate
                best = max(best, tus_upload(api, token, path, sha, chunk))
            label_ = f"tus, {chunk // 1024} KiB chunks, sha256 per chunk"
            print(f"  {label_:<44} {best:8.1f} MiB/s = {best / baseline:.2f}x baseline")
        path.unlink()

        if args.big_mb:
            big = folder / "besar.bin"
            big_sha = write_random(big, args.big_mb * MIB)
            assert server.proc is not None
            pid = server.proc.pid
            before = rss_bytes(pid)
            cpu_before = cpu_seconds(pid)
            peak = before
            done = threading.Event()

            def sample() -> None:
                nonlocal peak
                while not done.is_set():
                    peak = max(peak, rss_bytes(pid))
                    time.sleep(0.05)

            sampler = threading.Thread(target=sample)
            sampler.start()
            try:
                speed = tus_upload(api, token, big, big_sha, 5 * MIB)
            finally:
                done.set()
                sampler.join()
                big.unlink()
            growth = (peak - before) / MIB
            cpu = cpu_seconds(pid) - cpu_before
            print(f"  server memory while receiving {args.big_mb} MiB (5 MiB chunks):")
            print(
                f"    RSS before {before / MIB:.0f} MiB, peak {peak / MIB:.0f} MiB, "
                f"growth {growth:.0f} MiB (target < 100 MiB); {speed:.1f} MiB/s "
                f"= {speed / baseline:.2f}x baseline; server CPU {cpu:.1f} s"
            )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the throughput file (MiB)")
    parser.add_argument("--big-mb", type=int, default=1024, help="memory run file (0: skip)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per variant (best counts)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--ref-mb", type=int, default=1024, help="file for the reference run")
    parser.add_argument("--no-reference", action="store_true", help="skip the Node comparison")
    parser.add_argument("--reference-only", action="store_true", help="only the Node comparison")
    parser.add_argument(
        "--chunks", type=int, nargs="+", default=[1, 8, 64], help="chunk sizes (MiB) compared"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (e.g. main's: git archive main | tar -x -C DIR) whose server "
        "runs beside ours and the reference, alternated: an A/B of a change",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-tus-") as tmp:
        folder = Path(tmp)
        if not args.no_reference:
            run_reference(folder, args)
            if args.reference_only:
                return
        sink, sink_url = start_sink(folder)
        try:
            run_backend("SQLite", folder, "", args, sink_url)
            reason = "--no-postgres" if args.no_postgres else available()
            if reason:
                print(f"PostgreSQL skipped: {reason}")
                return
            cluster = PostgresCluster().start()
            try:
                run_backend("PostgreSQL 15", folder, cluster.create_database(), args, sink_url)
            finally:
                cluster.stop()
        finally:
            sink.terminate()
            sink.wait()


if __name__ == "__main__":
    main()
