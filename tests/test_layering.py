"""The domain and sync layers must stay headless: importing them never loads Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import iid
import sync
from tests.conftest import REPO_ROOT


def _modules(package: object) -> list[str]:
    names = [package.__name__]  # type: ignore[attr-defined]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):  # type: ignore[attr-defined]
        if ".migrations" in info.name or ".tests" in info.name or info.name.endswith(".__main__"):
            continue
        names.append(info.name)
    return names


def test_iid_and_sync_import_no_pyside6() -> None:
    modules = _modules(iid) + _modules(sync)
    assert "iid.records" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"Qt imported by iid/sync: {out.stdout.strip()}"
