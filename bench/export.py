"""Paket kirim of a large pemda against a plain copy of the same evidence, in the same run.

Seeds a store and vault with N approved innovations and M evidence files (distinct random
PDFs, about MIB MiB in all; by default 300 / 2,000 / 500 MiB), then measures, each with a
fresh destination on the same disk, in rounds that interleave them (order rotating):

- THE baseline: ``shutil.copyfile`` of the same M source files into one folder (no hashing,
  nothing forced to the disk);
- a reference: the same copy followed by ``os.sync()`` (what a coordinator copying to a flash
  disk waits for; a durable export waits for the same);
- export to a ZIP, to a folder and to a folder without fsync (plan + evidence + workbook + 300
  checklist PDFs + manifest), with the peak growth of the resident memory of the process and
  its children (the PDF renderer process).

Every contender starts after an ``os.sync()`` (not measured), so none pays for the previous
one's dirty pages, and no contender's output is deleted before the run ends: on a file system
without a journal (this machine's ext4 is mounted so), creating a file scans past every inode
freed in the last minute (ext4's ``recently_deleted``), so deleting one contender's 2,000-4,900
files made the next one's creates several times slower (measured: the plain copy 1.7 s right
after a deletion, 0.42 s without; an export, with more files and folders, paid more). The
outputs (rounds x 5 x the evidence) are removed at the end; without room for them the run
stops before it starts and says how much it needs. Prints the best and median seconds, the
speed ratios against the plain copy (best against best, and the median of the ratios within
each round; 1.0 = as fast as the plain copy; the target is >= 0.5), CPU seconds including
the PDF renderer process, the memory growth (target < 100 MB) and the load average. Never pass/fail.

    .venv/bin/python bench/export.py [--innovations 300] [--documents 2000] [--mib 500]
                                     [--data DIR] [--rounds 5]  (DIR: reuse a seeded folder)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The store, vault and export modules are imported where used: the export's PDF renderer
# process (spawn) imports this file again as its main module, and should load no more than it
# does under the app (whose main module imports nothing heavy).

YEAR = 2026
SLOTS = ["16", "17", "18", "19", "20", "21", "22", "24", "28", "33", "anggaran"]
WORDS = [
    "inovasi",
    "layanan",
    "masyarakat",
    "desa",
    "cepat",
    "digital",
    "petugas",
    "data",
    "pelayanan",
    "warga",
]


def _statm_rss(path: str) -> int:
    try:
        with open(path) as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):  # a child that just exited
        return 0


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def rss_bytes() -> int:
    """This process's resident set plus its child processes' (the PDF renderer's), Linux. A
    child still between fork and exec shows this process's own pages: not counted."""
    total = _statm_rss("/proc/self/statm")
    children: set[str] = set()
    for task in Path("/proc/self/task").iterdir():
        try:
            children.update((task / "children").read_text().split())
        except OSError:
            continue
    own = _cmdline("self")
    return total + sum(
        _statm_rss(f"/proc/{pid}/statm") for pid in children if _cmdline(pid) not in (own, b"")
    )


class PeakRss(threading.Thread):
    """Samples the resident set of this process and its children every 50 ms (a sample takes
    ~0.3 ms of this process's interpreter lock, which the export's threads share); ``growth`` =
    peak minus the value at start (a second process counts whole: its imports too)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.start_rss = rss_bytes()
        self.peak = self.start_rss
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.05)

    def stop(self) -> int:
        self.running = False
        self.join()
        return self.peak - self.start_rss


def seed(folder: Path, innovations: int, documents: int, mib: int) -> Path:
    """Store + vault with approved innovations; returns the folder of source evidence files."""
    from iid.records import EvidenceDocument, InnovationProfile, WorkflowState
    from sync.local.db import Store
    from sync.local.ids import new_id
    from sync.local.repository import Repository
    from sync.local.vault import Vault

    sources = folder / "sources"
    if (folder / "seeded").exists():
        return sources
    rng = random.Random(15)
    sources.mkdir(parents=True, exist_ok=True)
    sizes = [rng.uniform(0.3, 1.7) for _ in range(documents)]
    scale = mib * 1024 * 1024 / sum(sizes)
    store, vault = Store(folder / "store.sqlite"), Vault(folder / "vault.sqlite")
    repo = Repository(store)
    repo.upsert_pemda("pemda-bench", "Kabupaten Bench", "kab-bench")
    for n in range(10):
        repo.upsert_opd(f"opd-{n}", f"Dinas Bench {n}", pemda_id="pemda-bench")
    ids = []
    for number in range(innovations):
        text = " ".join(rng.choice(WORDS) for _ in range(320))
        inn = repo.create_innovation(YEAR, f"Inovasi Bench {number:03d}", f"opd-{number % 10}")
        repo.update_profile(inn.id, InnovationProfile(
            nama=f"Inovasi Bench {number:03d}", tahapan="Penerapan", inisiator="OPD",
            jenis="Digital", bentuk="Inovasi pelayanan publik", urusan_utama="Pendidikan",
            waktu_penerapan=date(2024, 8, 1), rancang_bangun=text, tujuan=text[:400],
            manfaat=text[:300], hasil=text[:200],
        ))  # fmt: skip
        for key in ("16", "17", "18", "19", "33", "35"):
            repo.set_claimed_level(inn.id, key, rng.randint(1, 3))
        ids.append(inn.id)
    for number in range(documents):
        path = sources / f"bukti-{number:04d}.pdf"
        body = rng.randbytes(int(sizes[number] * scale))
        path.write_bytes(b"%PDF-1.4\n" + body + b"\n%%EOF\n")
        info = vault.import_file(path)
        repo.add_document(ids[number % innovations], EvidenceDocument(
            id=new_id(), slot=SLOTS[number % len(SLOTS)], nomor=f"188/{number}/2024",
            tanggal=date(2024, 3, 1), tentang=f"Bukti nomor {number}", sha256=info.sha256,
            file_name=path.name, media_type="application/pdf", size_bytes=info.size_bytes,
        ))  # fmt: skip
    for rid in ids:
        repo.set_innovation_state(rid, WorkflowState.DISETUJUI)
    vault.close()
    store.close()
    (folder / "seeded").write_text("ok")
    return sources


def compile_sources() -> None:
    """Byte-compile the project's modules first, as an installed or frozen app has them: with
    PYTHONDONTWRITEBYTECODE set (as on this project's machines) every run, and the renderer
    process of every export, compiled them again from source (~0.3 s of CPU measured in the
    renderer's start alone), which no user pays."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("iid", "sync"):
        compileall.compile_dir(root / package, quiet=1)


def cpu_seconds() -> float:
    """CPU of this process and of its finished children (the export's PDF renderer process is
    joined before ``write_package`` returns, so its CPU is counted here)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def plain_copy(sources: Path, dest: Path, *, sync: bool = False) -> tuple[float, float]:
    """Wall and CPU seconds of copying every source file with ``shutil.copyfile`` (then, with
    ``sync``, of committing them to the disk as a durable export does)."""
    dest.mkdir()
    start, cpu = time.perf_counter(), cpu_seconds()
    for path in sorted(sources.iterdir()):
        shutil.copyfile(path, dest / path.name)
    if sync:
        os.sync()
    return time.perf_counter() - start, cpu_seconds() - cpu


def export(folder: Path, dest: Path, durable: bool) -> tuple[float, float, int]:
    from sync.export.local import LocalSource
    from sync.export.package import ExportOptions, write_package
    from sync.local.db import Store
    from sync.local.repository import Repository
    from sync.local.vault import Vault

    store, vault = Store(folder / "store.sqlite"), Vault(folder / "vault.sqlite")
    source = LocalSource(Repository(store), vault)
    meter = PeakRss()
    meter.start()
    start, cpu = time.perf_counter(), cpu_seconds()
    result = write_package(source, dest, ExportOptions(YEAR, durable=durable))
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    growth = meter.stop()
    vault.close()
    store.close()
    assert result.innovations > 0
    return elapsed, cpu, growth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--innovations", type=int, default=300)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--mib", type=int, default=500)
    parser.add_argument("--data", type=Path, help="seeded folder to create or reuse")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    work = args.data or Path(tempfile.mkdtemp(prefix="bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    compile_sources()
    sources = seed(work, args.innovations, args.documents, args.mib)
    total = sum(p.stat().st_size for p in sources.iterdir())
    print(f"seeded {args.innovations} innovations, {args.documents} files, "
          f"{total / 2**20:.0f} MiB in {time.perf_counter() - start:.1f} s ({work})")  # fmt: skip
    out = Path(tempfile.mkdtemp(prefix="bench-export-out-", dir=work))
    needed = int(total * 1.1) * (5 * args.rounds + 2) + 2**30
    free = shutil.disk_usage(out).free
    if free < needed:
        shutil.rmtree(out, ignore_errors=True)
        sys.exit(f"the outputs are kept until the end: {needed / 2**30:.1f} GiB needed on "
                 f"{out.parent}, {free / 2**30:.1f} GiB free; pass fewer --rounds")  # fmt: skip
    label_copy = "plain file copy (THE baseline)"
    label_synced = "plain copy + sync (reference)"
    modes = (
        ("export -> ZIP (durable: fsync)", "paket.zip", True),
        ("export -> folder (durable: syncfs)", "paket", True),
        ("export -> folder (no fsync)", "paket-nosync", False),
    )
    walls: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    growths: dict[str, int] = {}
    loads: list[float] = []

    def measure(label: str, run: Callable[[Path], tuple[float, float, int]], dest: Path) -> None:
        os.sync()  # nobody pays for the previous contender's dirty pages (not measured)
        wall, cpu, growth = run(dest)  # the output stays until the end (see the docstring)
        walls.setdefault(label, []).append(wall)
        cpus.setdefault(label, []).append(cpu)
        growths[label] = max(growths.get(label, 0), growth)

    try:
        # Warm the caches the same way for everyone: one copy and one export, not measured.
        plain_copy(sources, out / "warm")
        export(work, out / "warm.zip", False)
        # Rounds interleave the copies and the exports (their order rotating), so a busy moment
        # of the shared machine hits all of them; ratios are taken within each round.
        contenders: list[tuple[str, Callable[[Path], tuple[float, float, int]]]] = [
            (label_copy, lambda d: (*plain_copy(sources, d), 0)),
            (label_synced, lambda d: (*plain_copy(sources, d, sync=True), 0)),
            *((label, lambda d, durable=durable: export(work, d, durable))
              for label, _name, durable in modes),
        ]  # fmt: skip
        for round_ in range(args.rounds):
            loads.append(os.getloadavg()[0])
            shift = round_ % len(contenders)
            for n, (label, run) in enumerate(contenders[shift:] + contenders[:shift]):
                suffix = ".zip" if "ZIP" in label else ""
                measure(label, run, out / f"{round_}-{n}{suffix}")
        base = walls[label_copy]
        base_cpu = cpus[label_copy]
        print(f"\n{args.rounds} rounds, load average {min(loads):.1f}-{max(loads):.1f} "
              f"(2 cores shared with other sessions); copy walls: "
              f"{', '.join(f'{w:.2f}' for w in base)} s")  # fmt: skip
        print(f"{'':36} {'best s':>7} {'median':>7} {'vs copy':>8} {'(median)':>9} "
              f"{'CPU s':>6} {'vs copy':>8} {'RSS growth':>11}")  # fmt: skip
        for label in (label_copy, label_synced, *(m[0] for m in modes)):
            ratios = [b / w for b, w in zip(base, walls[label], strict=True)]
            cpu_ratios = [b / c for b, c in zip(base_cpu, cpus[label], strict=True)]
            print(f"{label:36} {min(walls[label]):7.2f} {statistics.median(walls[label]):7.2f} "
                  f"{min(base) / min(walls[label]):7.2f}x {statistics.median(ratios):8.2f}x "
                  f"{statistics.median(cpus[label]):6.2f} {statistics.median(cpu_ratios):7.2f}x "
                  f"{growths.get(label, 0) / 2**20:8.1f} MB")  # fmt: skip
        print(
            "\n'vs copy' = plain-copy seconds / these seconds (1.0 = as fast as the plain copy):"
            "\nbest against best, and (median) the median of the ratios within each round."
            "\nCPU: this process and its finished children (the PDF renderer), median; CPU"
            "\n'vs copy' likewise within each round. RSS growth: peak of this process and its"
            "\nchildren (the renderer process counted whole) minus the start. Every contender"
            "\nstarts after an os.sync(); outputs are deleted only at the end."
        )
        print("\ntarget: speed >= 0.5x THE baseline (the plain copy), memory growth < 100 MB")
    finally:
        shutil.rmtree(out, ignore_errors=True)
        if args.data is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
