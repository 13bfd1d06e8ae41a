"""Which collected libraries the desktop bundle leaves out (used by inovasi-desk.spec).

PyInstaller collects every library a collected binary links, and removing a binary afterwards
(a Qt plugin the app never loads) leaves the libraries it alone linked. ``linked_only`` keeps a
shared library only when something kept links it, following each ELF file's own ``DT_NEEDED``
entries (read here, no binutils needed), so what a removed plugin pulled in goes with it.
``SYSTEM_PROVIDED`` libraries are not bundled at all: every desktop that can print has them
(the .deb depends on them), and what only they link is left out with them.
"""

from __future__ import annotations

import posixpath
import struct
from collections.abc import Iterable
from pathlib import Path

SYSTEM_PROVIDED = ("libcups.so",)
"""CUPS's client library, which Qt's print plugin (``printsupport/libcupsprintersupport``)
links: with its own GnuTLS, nettle, p11-kit, libunistring... 7 MB. A desktop that has printers
has CUPS (Debian: libcups2, also a dependency of GTK 3, so on every GNOME, Xfce, Cinnamon or
MATE desktop; the .deb depends on it); without it Qt finds no printers and saving as PDF still
works (the self-test prints to a PDF file)."""

Entry = tuple[str, str, str]  # PyInstaller's (destination, source, kind)


def needed(path: str | Path) -> list[str]:
    """The ``DT_NEEDED`` names of an ELF file ([] for anything else or a file that cannot be
    read as ELF)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or len(data) < 64:
        return []
    wide = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    try:
        if wide:
            (shoff,) = struct.unpack_from(order + "Q", data, 0x28)
            shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A)
        else:
            (shoff,) = struct.unpack_from(order + "I", data, 0x20)
            shentsize, shnum = struct.unpack_from(order + "HH", data, 0x2E)
        sections = []
        for i in range(shnum):
            at = shoff + i * shentsize
            if wide:
                _, kind, _, _, offset, size, link = struct.unpack_from(order + "IIQQQQI", data, at)
            else:
                _, kind, _, _, offset, size, link = struct.unpack_from(order + "IIIIIII", data, at)
            sections.append((kind, offset, size, link))
        names: list[str] = []
        for kind, offset, size, link in sections:
            if kind != 6:  # SHT_DYNAMIC
                continue
            _, str_offset, str_size, _ = sections[link]
            step, form = (16, order + "qQ") if wide else (8, order + "iI")
            for at in range(offset, offset + size, step):
                tag, value = struct.unpack_from(form, data, at)
                if tag == 0:
                    break
                if tag == 1 and value < str_size:  # DT_NEEDED
                    end = data.index(b"\0", str_offset + value)
                    names.append(data[str_offset + value : end].decode())
        return names
    except (struct.error, IndexError, ValueError):
        return []


def is_shared_library(dest: str) -> bool:
    """A library collected because something links it (never loaded by its own name): at the
    bundle's top level, in Qt's lib folder, or vendored beside a wheel's modules (*.libs)."""
    parts = dest.replace("\\", "/").split("/")
    name = parts[-1]
    if not (name.startswith("lib") and ".so" in name) or name.startswith("libpython"):
        return False
    folder = "/".join(parts[:-1])
    return folder in ("", "PySide6/Qt/lib") or folder.endswith(".libs")


def system_provided(dest: str) -> bool:
    return Path(dest).name.startswith(SYSTEM_PROVIDED)


def linked_only(binaries: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(kept, left out): every binary that is not a shared library is kept (extension modules,
    Qt plugins, libraries loaded by name such as pdfium), and a shared library is kept when
    a kept binary links it, directly or through other kept libraries, unless the system
    provides it."""
    entries = list(binaries)
    libraries = {Path(dest).name: source for dest, source, _ in entries if is_shared_library(dest)}
    reached: set[str] = set()
    todo = [source for dest, source, _ in entries if not is_shared_library(dest)]
    while todo:
        for name in needed(todo.pop()):
            if name in libraries and name not in reached and not system_provided(name):
                reached.add(name)
                todo.append(libraries[name])
    kept = [e for e in entries if not is_shared_library(e[0]) or Path(e[0]).name in reached]
    dropped = [e for e in entries if is_shared_library(e[0]) and Path(e[0]).name not in reached]
    return kept, dropped


def without_dangling_links(
    binaries: Iterable[Entry], datas: Iterable[Entry]
) -> tuple[list[Entry], list[Entry], list[Entry]]:
    """(binaries, datas, left out) without the symbolic links whose target is not collected.

    PyInstaller links each library kept in a subfolder (``PySide6/Qt/lib``, ``*.libs``) from
    the bundle's top level (``SYMLINK`` entries, the source being the target relative to the
    link's folder); a library :func:`linked_only` left out would otherwise leave a link to
    nothing behind."""
    binaries, datas = list(binaries), list(datas)
    present = {
        posixpath.normpath(dest.replace("\\", "/"))
        for dest, _, kind in (*binaries, *datas)
        if kind != "SYMLINK"
    }

    def dangling(entry: Entry) -> bool:
        dest, source, kind = entry
        if kind != "SYMLINK":
            return False
        folder = posixpath.dirname(dest.replace("\\", "/"))
        return posixpath.normpath(posixpath.join(folder, source.replace("\\", "/"))) not in present

    left_out = [e for e in (*binaries, *datas) if dangling(e)]
    return (
        [e for e in binaries if not dangling(e)],
        [e for e in datas if not dangling(e)],
        left_out,
    )
