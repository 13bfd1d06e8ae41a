"""Vault import, read-back and peak memory against plain-file baselines measured in the same run.

Prints, for one file of ``--mib`` MiB of random bytes (500 by default, as the issue asks):

- import: ``Vault.import_file`` (hash + 1 MiB chunk rows + commit) against hashing and writing
  the same bytes to a plain file with fsync (target: at least 0.6x of the baseline's speed);
- read-back: streaming the blob out of the vault and hashing it, against reading and hashing
  the plain file;
- peak memory: the peak RSS of a child process importing the file, minus the peak RSS of the
  same child opening the vault without importing (target: under 100 MB above baseline).

    PYTHONPATH=$PWD /work/venv/bin/python bench/vault_import.py [--mib 500]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHUNK = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent


def make_source(path: Path, mib: int) -> None:
    with path.open("wb") as out:
        for _ in range(mib):
            out.write(os.urandom(CHUNK))


def drop_page_cache_hint(path: Path) -> None:
    """Ask the kernel to forget the file's pages so both sides read it cold-ish alike."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def plain_write(src: Path, dest: Path) -> float:
    start = time.perf_counter()
    digest = hashlib.sha256()
    with src.open("rb") as inp, dest.open("wb") as out:
        while block := inp.read(CHUNK):
            digest.update(block)
            out.write(block)
        out.flush()
        os.fsync(out.fileno())
    return time.perf_counter() - start


def plain_read(path: Path) -> float:
    start = time.perf_counter()
    digest = hashlib.sha256()
    with path.open("rb") as inp:
        while block := inp.read(CHUNK):
            digest.update(block)
    return time.perf_counter() - start


def child(mode: str, src: str, vault_file: str) -> None:
    """Runs in a subprocess: open the vault, import (or not), print peak RSS in KiB."""
    sys.path.insert(0, str(ROOT))
    from sync.local.vault import Vault

    with Vault(Path(vault_file)) as vault:
        if mode == "import":
            vault.import_file(Path(src))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def peak_rss_kib(mode: str, src: Path, vault_file: Path) -> int:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(src), str(vault_file)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=500)
    parser.add_argument(
        "--child", nargs=3, metavar=("MODE", "SRC", "VAULT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    sys.path.insert(0, str(ROOT))
    from sync.local.vault import Vault

    with tempfile.TemporaryDirectory(prefix="bench-vault-import-") as tmp:
        work = Path(tmp)
        src = work / "scan.bin"
        make_source(src, args.mib)

        drop_page_cache_hint(src)
        t_plain = plain_write(src, work / "plain.bin")

        drop_page_cache_hint(src)
        with Vault(work / "vault.sqlite") as vault:
            start = time.perf_counter()
            info = vault.import_file(src)
            t_import = time.perf_counter() - start

            drop_page_cache_hint(work / "plain.bin")
            t_plain_read = plain_read(work / "plain.bin")
            start = time.perf_counter()
            digest = hashlib.sha256()
            for block in vault.iter_chunks(info.sha256):
                digest.update(block)
            t_vault_read = time.perf_counter() - start
            assert digest.hexdigest() == info.sha256, "read-back hash differs"

        base_kib = peak_rss_kib("open", src, work / "rss-base.sqlite")
        import_kib = peak_rss_kib("import", src, work / "rss-import.sqlite")

    mb = args.mib * CHUNK / 1e6
    print(f"vault import bench: {args.mib} MiB of random bytes")
    print(f"  plain hash+write+fsync  {t_plain:7.2f} s  {mb / t_plain:7.1f} MB/s  (baseline)")
    print(
        f"  vault import            {t_import:7.2f} s  {mb / t_import:7.1f} MB/s  "
        f"ratio {t_plain / t_import:.2f}x of baseline speed (target >= 0.6x)"
    )
    print(
        f"  plain read+hash         {t_plain_read:7.2f} s  "
        f"{mb / t_plain_read:7.1f} MB/s  (baseline)"
    )
    print(
        f"  vault read-back+hash    {t_vault_read:7.2f} s  {mb / t_vault_read:7.1f} MB/s  "
        f"ratio {t_plain_read / t_vault_read:.2f}x of baseline speed"
    )
    extra_mb = (import_kib - base_kib) / 1024
    print(
        f"  peak RSS: open only {base_kib / 1024:.1f} MiB, importing {import_kib / 1024:.1f} MiB, "
        f"+{extra_mb:.2f} MiB above baseline (target < 100 MB)"
    )


if __name__ == "__main__":
    main()
