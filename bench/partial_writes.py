"""Benchmark of the tus server's disk path alone: a partial upload written chunk by chunk, each
chunk made durable (fdatasync) before the next, by the server's own writer
(``sync.server.partials.FolderPartials.writer``, hashing as it writes: one write per 256 KiB
batch while a body streams in, each handed to writeback with ``posix_fadvise(DONTNEED)``, the
last batch in 64 KiB calls, the chunk's last pages dropped once durable) against the same
writer with the page-cache handling it had before, in the same run: a whole 1 MiB body in one
write, the last batch handed over too, and nothing dropped once durable.

Why: on a VM with free page reporting (this project's Firecracker test machines) memory the
host took back faults on the host at its first touch, so a writer that keeps taking fresh
memory slows down once the memory the guest still has warm is used up (``sync.pagecache``).
The bench writes ``--gib`` GiB per contender, waits ``--settle`` seconds first (freed memory is
reported to the host after ~2 s) and prints the milliseconds per chunk in eight windows of the
file, and the ratio of the two totals. Where memory is not taken back (bare metal, most
laptops) the two are about level; the cost of the old way shows in the later windows, at 1 MiB
chunks (a whole body). At 8 MiB and more both hand each batch over the same way; written here
back to back, with no network between them, the batches are still under writeback when handed
over and little is dropped in either (in the server, where they come at the line's pace, it
is: bench/tus_upload.py).

Run: ``PYTHONPATH=$PWD python bench/partial_writes.py [--chunks 1 8] [--gib 4] [--rounds 2]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sync.server import partials  # noqa: E402

MIB = 1024 * 1024
BATCH = 256 * 1024  # uploads.SPOOL_BATCH


def server_writer(
    folder: Path, data: bytes, chunks: int, batch_writeback: bool = False
) -> list[float]:
    """The server's writer, fed as ``uploads._Spool`` feeds it (batches, then the last one),
    hashing as it writes; ``batch_writeback``: writeback asked for the last batch too (the
    writer before did not know which batch was the last)."""
    store = partials.FolderPartials(folder)
    store.create("bench")
    times = []
    hold = partials.Hold(float("inf"))
    batches = [data[i : i + BATCH] for i in range(0, len(data), BATCH)]
    whole = len(data) <= MIB  # a body the read-ahead holds whole: written in one go
    for n in range(chunks):
        started = time.perf_counter()
        writer = store.writer("bench", None, n * len(data), hold)
        if whole:
            writer.write([data], ending=not batch_writeback)
        else:
            for batch in batches[:-1]:
                writer.write([batch])
            writer.write([batches[-1]], ending=not batch_writeback)
        writer.commit()
        writer.counted(True)
        times.append(time.perf_counter() - started)
    store.discard("bench", None)
    return times


def dontneed_writer(folder: Path, data: bytes, chunks: int) -> list[float]:
    """The same writer with the page-cache handling it had before: a whole body in one write,
    ``posix_fadvise(DONTNEED)`` right after each batch, nothing dropped once durable."""
    saved = (partials.write_all, partials.drop_soon)
    partials.write_all = lambda fd, pieces, most=None: saved[0](fd, pieces)
    partials.drop_soon = lambda fd, start, length: None
    try:
        return server_writer(folder, data, chunks, batch_writeback=True)
    finally:
        partials.write_all, partials.drop_soon = saved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, nargs="+", default=[1, 8], help="chunk sizes (MiB)")
    parser.add_argument("--gib", type=int, default=4, help="file size per contender (GiB)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds, alternated")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before each")
    parser.add_argument("--dir", type=Path, default=None, help="folder (default: a temp one)")
    args = parser.parse_args()
    if not hasattr(os, "posix_fadvise"):
        sys.exit("posix_fadvise is missing here: the comparison is about Linux")
    contenders = {"server": server_writer, "before": dontneed_writer}
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="partial-writes-") as tmp:
        folder = Path(tmp)
        print(f"partial upload writes, {args.gib} GiB each, fdatasync per chunk; ms per chunk "
              "in eight windows of the file:")  # fmt: skip
        for chunk_mib in args.chunks:
            data = os.urandom(chunk_mib * MIB)
            count = args.gib * 1024 // chunk_mib
            totals: dict[str, list[float]] = {name: [] for name in contenders}
            for round_ in range(args.rounds):
                names = list(contenders)
                if round_ % 2:
                    names.reverse()
                for name in names:
                    os.sync()
                    time.sleep(args.settle)
                    times = contenders[name](folder, data, count)
                    per = max(1, count // 8)
                    windows = [
                        statistics.fmean(times[i : i + per]) * 1000 for i in range(0, count, per)
                    ]
                    totals[name].append(sum(times))
                    print(f"  {chunk_mib:>3} MiB  {name:<7} {count * chunk_mib / sum(times):7.0f} "
                          f"MiB/s  " + " ".join(f"{w:6.2f}" for w in windows))  # fmt: skip
            ratio = statistics.median(totals["before"]) / statistics.median(totals["server"])
            print(f"  {chunk_mib:>3} MiB  server speed / before: {ratio:.2f}x (median of "
                  f"{args.rounds})")  # fmt: skip


if __name__ == "__main__":
    main()
