"""Package targets: every file and folder of a durable folder package is synced before it takes
its final name (once, at the end, not file by file), and a finished file made on another file
system (the scratch folder, when the package goes to a flash disk) is copied in, not lost."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest

from sync.export import targets
from sync.export.targets import FolderTarget, ZipTarget


@pytest.mark.parametrize("syncfs", [True, False], ids=["syncfs", "fsync-per-file"])
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names fds through /proc")
def test_a_durable_folder_package_is_synced_once_before_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, syncfs: bool
) -> None:
    """Nothing waits for the disk while the files are written; before the rename the whole
    package is made durable: one ``syncfs`` of its file system on Linux, else every file's
    ``fsync`` (Windows, macOS)."""
    synced: list[str] = []
    real_fsync, real_syncfs = os.fsync, targets._syncfs

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def whole_file_system(folder: Path) -> bool:
        synced.append(f"syncfs {folder}")
        return real_syncfs(folder) if syncfs else False

    monkeypatch.setattr(targets.os, "fsync", fsync)
    monkeypatch.setattr(targets, "_syncfs", whole_file_system)
    final = tmp_path / "paket"
    target = FolderTarget(final, durable=True)
    names = ["001-a/16-regulasi/01-sk.pdf", "001-a/00-daftar-isian.pdf", "002-b/17-sdm/01-x.pdf"]
    for name in names:
        target.write(name, [b"%PDF-1.4\n", os.urandom(1000)], None)
    scratch = tmp_path / "buku.xlsx"
    scratch.write_bytes(b"PK workbook")
    sha, size = target.place("paket.xlsx", scratch)
    assert (sha, size) == (hashlib.sha256(b"PK workbook").hexdigest(), 11)
    assert synced == []  # nothing waited for the disk while writing
    assert target.finish() == final
    partial = targets.partial_path(final)
    assert synced[0] == f"syncfs {partial}"
    files = {f"{partial}/{n}" for n in [*names, "paket.xlsx"]}
    if syncfs:
        assert not files & set(synced)
    else:
        assert files <= set(synced), files - set(synced)
    assert synced[-1] == str(final.parent)  # then the rename itself is made durable
    assert sorted(p.relative_to(final).as_posix() for p in final.rglob("*.pdf")) == sorted(names)


def _other_file_system(tmp_path: Path) -> Path | None:
    for candidate in ("/dev/shm", tempfile.gettempdir(), str(Path.home())):
        usable = os.path.isdir(candidate) and os.access(candidate, os.W_OK)
        if usable and os.stat(candidate).st_dev != os.stat(tmp_path).st_dev:
            return Path(tempfile.mkdtemp(prefix="paket-scratch-", dir=candidate))
    return None


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_a_file_made_on_another_file_system_is_copied_in(tmp_path: Path, kind: str) -> None:
    other = _other_file_system(tmp_path)
    if other is None:
        pytest.skip("no second file system to write the scratch file on")
    scratch = other / "paket-kirim-2026.xlsx"
    body = os.urandom(3 * 1024 * 1024 + 7)
    scratch.write_bytes(body)
    final = tmp_path / ("paket.zip" if kind == "zip" else "paket")
    target = FolderTarget(final) if kind == "folder" else ZipTarget(final)
    sha, size = target.place("paket-kirim-2026.xlsx", scratch)
    assert (sha, size) == (hashlib.sha256(body).hexdigest(), len(body))
    assert not scratch.exists()
    target.finish()
    if kind == "folder":
        assert (final / "paket-kirim-2026.xlsx").read_bytes() == body
    else:
        import zipfile

        with zipfile.ZipFile(final) as z:
            assert z.read("paket-kirim-2026.xlsx") == body
    other.rmdir()


def test_files_made_ahead_of_the_writer_are_filled_by_it(tmp_path: Path) -> None:
    """The rendering thread makes an innovation's folders and files while the output thread
    still writes the previous ones: the writer fills those files, a name prepared twice is no
    error, a name that would leave the package is refused before anything is made."""
    target = FolderTarget(tmp_path / "paket", durable=False)
    names = ["001-a/16-regulasi/01-sk.pdf", "001-a/16-regulasi/02-sk.pdf", "001-a/tautan.txt"]
    target.prepare(names)
    partial = targets.partial_path(tmp_path / "paket")
    assert (partial / "001-a" / "16-regulasi" / "01-sk.pdf").is_file()  # made, still empty
    target.prepare(names[:1])  # again: nothing happens
    for name in names:
        assert target.write(name, [name.encode()], None) == (
            hashlib.sha256(name.encode()).hexdigest(),
            len(name),
        )
    with pytest.raises(ValueError):
        target.prepare(["../lepas/01-x.pdf"])
    assert not (tmp_path / "lepas").exists()
    final = target.finish()
    assert sorted(p.relative_to(final).as_posix() for p in final.rglob("*.*")) == sorted(names)
    assert all((final / n).read_bytes() == n.encode() for n in names)
    zipped = ZipTarget(tmp_path / "paket.zip", durable=False)
    zipped.prepare(names)  # a ZIP names its folders in its entries
    assert targets.partial_path(tmp_path / "paket.zip").is_file()  # one file, no folders
    zipped.abort()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts fds through /proc")
def test_files_made_ahead_are_closed_and_removed_when_the_export_stops(tmp_path: Path) -> None:
    """A cancel or failure after files were made ahead leaves no open file and nothing on
    disk; finishing with a prepared file never written is a mistake that is refused (the
    package would hold an empty file its manifest does not list)."""
    out = tmp_path / "out"
    out.mkdir()
    before = len(os.listdir("/proc/self/fd"))
    target = FolderTarget(out / "paket", durable=False)
    target.prepare(["001-a/16-regulasi/01-sk.pdf", "001-a/17-sdm/01-x.pdf"])
    assert len(os.listdir("/proc/self/fd")) == before + 2
    target.abort()
    assert len(os.listdir("/proc/self/fd")) == before
    assert list(out.iterdir()) == []
    target = FolderTarget(out / "paket", durable=False)
    target.prepare(["001-a/01-a.pdf", "001-a/02-b.pdf"])
    target.write("001-a/01-a.pdf", [b"a"], 1)
    with pytest.raises(RuntimeError, match="02-b.pdf"):
        target.finish()
    assert len(os.listdir("/proc/self/fd")) == before
    assert not (out / "paket").exists()
    target.abort()
    assert list(out.iterdir()) == []


def test_a_durable_zip_hands_its_final_bytes_to_the_disk_while_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writeback starts as the ZIP grows (so the fsync at the end has little left), never on
    the page holding the local header of the entry still open (zipfile rewrites it when the
    entry closes), and the archive reads back whole."""
    advised: list[tuple[int, int]] = []
    monkeypatch.setattr(targets, "WRITEBACK_STEP", 3 * targets.PAGE)
    monkeypatch.setattr(
        targets, "hand_over", lambda fd, start=0, length=0: advised.append((start, length))
    )
    bodies = {f"001-a/16-regulasi/{n:02d}-sk.pdf": os.urandom(40_000 + n * 3_001) for n in range(6)}
    target = ZipTarget(tmp_path / "paket.zip", durable=True)
    open_headers: list[int] = []
    for name, body in bodies.items():
        before = len(advised)
        header = target._file.tell()
        pieces = [body[i : i + 7_000] for i in range(0, len(body), 7_000)]
        expected = (hashlib.sha256(body).hexdigest(), len(body))
        assert target.write(name, pieces, len(body)) == expected
        open_headers += [header] * (len(advised) - before)
    final = target.finish()
    assert len(advised) > 6
    for (start, length), header in zip(advised, open_headers, strict=True):
        assert start % targets.PAGE == 0 and length > 0
        assert not start <= header < start + length  # the open entry's header page is kept
    assert all(a[0] + a[1] <= b[0] for a, b in zip(advised, advised[1:], strict=False))
    import zipfile

    with zipfile.ZipFile(final) as z:
        assert z.testzip() is None
        assert {n: z.read(n) for n in z.namelist()} == bodies
