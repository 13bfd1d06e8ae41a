"""The package manifest (SHA-256 of every file) and the check of a copied package.

``manifest-sha256.txt`` uses the format of ``sha256sum`` (``<hash>  <path>``, one file a line,
paths relative to the package root with ``/``), so a package can also be checked with
``sha256sum -c`` on any Linux machine. It is the last file written: a package without it is
not complete. :func:`verify_package` checks a folder or a ZIP against it: every listed file
present with the same bytes, and nothing else (except what operating systems add to a flash
disk by themselves, such as ``Thumbs.db``).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from sync.export.errors import BAD_MANIFEST, NOT_A_PACKAGE, ExportError

MANIFEST_NAME = "manifest-sha256.txt"
READ_BLOCK = 1024 * 1024
_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
OS_LITTER = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "system volume information"})


def manifest_text(entries: Iterable[tuple[str, str]]) -> str:
    """The manifest for ``(relative path, sha256)`` pairs, in the order given."""
    return "".join(f"{sha}  {path}\n" for path, sha in entries)


def parse_manifest(text: str) -> list[tuple[str, str]]:
    """``(path, sha256)`` pairs; raises ``ExportError(BAD_MANIFEST)`` on a malformed line or
    an unsafe path (absolute, ``..``)."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            raise ExportError(BAD_MANIFEST, line=number)
        path = match.group(2)
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or "\\" in path:
            raise ExportError(BAD_MANIFEST, line=number)
        entries.append((path, match.group(1)))
    return entries


@dataclass
class VerifyReport:
    """What ``verify_package`` found. ``ok`` only when nothing is missing, changed or extra."""

    path: Path
    checked: int = 0
    bytes_checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.extra)


def _is_litter(path: str) -> bool:
    parts = [p.lower() for p in PurePosixPath(path).parts]
    return any(p in OS_LITTER or p.startswith("._") for p in parts)


def _hash_stream(stream: BinaryIO, stop: Callable[[], bool] | None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while block := stream.read(READ_BLOCK):
        digest.update(block)
        size += len(block)
        if stop is not None and stop():
            from sync.export.errors import ExportCancelled

            raise ExportCancelled()
    return digest.hexdigest(), size


def verify_package(
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> VerifyReport:
    """Check a package folder or ZIP against its manifest. ``progress(done, total)`` counts
    files. Raises ``ExportError`` when ``path`` is no package (no readable manifest)."""
    path = Path(path)
    if path.is_dir():
        return _verify(path, _FolderReader(path), progress, stop)
    if path.is_file():
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ExportError(NOT_A_PACKAGE, path=str(path), reason=str(exc)) from exc
        with archive:
            return _verify(path, _ZipReader(archive), progress, stop)
    raise ExportError(NOT_A_PACKAGE, path=str(path), reason="not found")


class _FolderReader:
    def __init__(self, root: Path) -> None:
        self.root = root

    def names(self) -> Iterator[str]:
        for item in sorted(self.root.rglob("*")):
            if item.is_file() or item.is_symlink():
                yield item.relative_to(self.root).as_posix()

    def read_text(self, name: str) -> str | None:
        target = self.root / name
        return target.read_text("utf-8") if target.is_file() else None

    def open(self, name: str) -> BinaryIO | None:
        target = self.root / name
        if target.is_symlink() or not target.is_file():
            return None
        return target.open("rb")


class _ZipReader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self._names = {i.filename: i for i in archive.infolist() if not i.is_dir()}

    def names(self) -> Iterator[str]:
        yield from self._names

    def read_text(self, name: str) -> str | None:
        if name not in self._names:
            return None
        return self.archive.read(name).decode("utf-8")

    def open(self, name: str) -> BinaryIO | None:
        info = self._names.get(name)
        return None if info is None else self.archive.open(info)  # type: ignore[return-value]


def _verify(
    path: Path,
    reader: _FolderReader | _ZipReader,
    progress: Callable[[int, int], None] | None,
    stop: Callable[[], bool] | None,
) -> VerifyReport:
    try:
        text = reader.read_text(MANIFEST_NAME)
    except (UnicodeDecodeError, OSError, zipfile.BadZipFile) as exc:
        raise ExportError(BAD_MANIFEST, line=0, reason=str(exc)) from exc
    if text is None:
        raise ExportError(NOT_A_PACKAGE, path=str(path), reason="no manifest")
    entries = parse_manifest(text)
    report = VerifyReport(path=path)
    listed = {name for name, _ in entries}
    for done, (name, expected) in enumerate(entries, start=1):
        try:
            stream = reader.open(name)
        except (OSError, zipfile.BadZipFile):
            stream = None
        if stream is None:
            report.missing.append(name)
        else:
            try:
                with stream:
                    actual, size = _hash_stream(stream, stop)
            except (OSError, zipfile.BadZipFile, EOFError):
                # A ZIP entry whose CRC fails or a file that cannot be read is as good as changed.
                actual, size = "", 0
            report.checked += 1
            report.bytes_checked += size
            if actual != expected:
                report.changed.append(name)
        if progress is not None:
            progress(done, len(entries))
    for name in reader.names():
        if name != MANIFEST_NAME and name not in listed and not _is_litter(name):
            report.extra.append(name)
    return report
