"""What each package contributes to a PyInstaller bundle, and how two bundles differ.

    python installer/bundle_sizes.py build/linux/dist/inovasi-desk [OLD_BUNDLE] [--top 40]

Sizes in MiB (as ``du -sm`` counts), grouped by what brought the files in: a wheel's package
together with its vendored libraries (``pillow`` + ``pillow.libs``), Qt's libraries one by one
(the big ones differ by feature), Qt's plugins by kind, the Python runtime, and the system
libraries copied from the build machine (top-level ``lib*.so*``). With OLD_BUNDLE the table
shows both and the difference (installer/README.md keeps the latest table).
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

MIB = 2**20


def group_of(relative: str) -> str:
    """The group a file inside ``_internal`` (or beside the executable) belongs to."""
    parts = relative.split("/")
    head = parts[0]
    if len(parts) == 1:
        if head.startswith("libpython") or head == "base_library.zip":
            return "Python runtime"
        if re.match(r"lib.+\.so", head):
            return "system libraries (from the build machine)"
        if head.endswith((".so", ".pyd")):
            return re.split(r"[.]", head.lstrip("_"))[0]
        return head
    if head == "python3.11" or head.startswith("python3"):
        return "Python runtime"
    if head == "PySide6":
        if parts[1] == "Qt" and len(parts) > 3 and parts[2] == "lib":
            name = re.sub(r"\.so.*$", "", parts[3])
            return f"PySide6 Qt {name.removeprefix('lib')}"
        if parts[1] == "Qt" and len(parts) > 3 and parts[2] == "plugins":
            return f"PySide6 Qt plugins/{parts[3]}"
        if parts[1].endswith(".so") or ".abi3." in parts[1]:
            return "PySide6 Python bindings"
        return "PySide6 (other)"
    if head.endswith(".libs"):
        return head.removesuffix(".libs").replace("pillow", "PIL")
    if head.endswith(".dist-info"):
        return "package metadata (.dist-info)"
    return head


def python_modules(executable: Path) -> dict[str, int]:
    """Compressed bytes per top-level package of the pure-Python modules inside the executable
    (PyInstaller's PYZ archive), where ``reportlab`` or ``sqlalchemy`` code lives."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable))
    totals: dict[str, int] = defaultdict(int)
    for name, entry in archive.toc.items():
        if entry[-1] != "z":  # the PYZ
            continue
        pyz = archive.open_embedded_archive(name)
        for module, (_kind, _offset, length) in pyz.toc.items():
            totals[module.split(".")[0]] += length
    return dict(totals)


def _executable(bundle: Path) -> Path:
    """The bundle's executable: the one file beside ``_internal``."""
    return next(p for p in sorted(bundle.iterdir()) if p.is_file())


def sizes(bundle: Path) -> dict[str, int]:
    internal = bundle / "_internal"
    root = internal if internal.is_dir() else bundle
    totals: dict[str, int] = defaultdict(int)
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            try:
                relative = path.relative_to(root).as_posix()
            except ValueError:  # the executable beside _internal
                relative = path.name
            totals[group_of(relative)] += path.stat().st_size
    return dict(totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("old", type=Path, nargs="?")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--python", action="store_true", help="also the pure-Python packages inside the executable"
    )
    args = parser.parse_args(argv)
    new = sizes(args.bundle)
    old = sizes(args.old) if args.old else {}
    names = sorted(set(new) | set(old), key=lambda n: -max(new.get(n, 0), old.get(n, 0)))
    if old:
        print(f"{'group':<52} {'before':>8} {'after':>8} {'change':>8}")
    for name in names[: args.top]:
        after = new.get(name, 0) / MIB
        if old:
            before = old.get(name, 0) / MIB
            print(f"{name:<52} {before:8.1f} {after:8.1f} {after - before:+8.1f}")
        else:
            print(f"{name:<52} {after:8.1f}")
    rest = names[args.top :]
    if rest:
        after = sum(new.get(n, 0) for n in rest) / MIB
        before = sum(old.get(n, 0) for n in rest) / MIB
        label = f"({len(rest)} smaller groups)"
        print(f"{label:<52} {before:8.1f} {after:8.1f} {after - before:+8.1f}" if old else
              f"{label:<52} {after:8.1f}")  # fmt: skip
    total_new = sum(new.values()) / MIB
    if old:
        total_old = sum(old.values()) / MIB
        print(f"{'total':<52} {total_old:8.1f} {total_new:8.1f} {total_new - total_old:+8.1f}")
    else:
        print(f"{'total':<52} {total_new:8.1f}")
    if args.python:
        print("\npure-Python packages in the executable (compressed):")
        modules_new = python_modules(_executable(args.bundle))
        modules_old = python_modules(_executable(args.old)) if args.old else {}

        def largest(n: str) -> int:
            return -max(modules_new.get(n, 0), modules_old.get(n, 0))

        for name in sorted(set(modules_new) | set(modules_old), key=largest)[:25]:
            after = modules_new.get(name, 0) / MIB
            if args.old:
                before = modules_old.get(name, 0) / MIB
                print(f"  {name:<50} {before:8.2f} {after:8.2f} {after - before:+8.2f}")
            else:
                print(f"  {name:<50} {after:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
