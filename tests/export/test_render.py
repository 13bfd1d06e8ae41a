"""The package's PDFs rendered in a second process: the same pages as rendered here, and the
process never outlives an export (finished or failed; cancelled: tests/export/test_package.py)
nor takes it down when it dies.

These tests start real ``spawn`` processes (about a second each on a busy machine)."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import time
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

from iid.rules import RuleSetError
from sync.export import render
from sync.export.checklist import ChecklistFiles
from sync.export.manifest import verify_package
from sync.export.package import ExportOptions, plan_package, write_package
from sync.export.source import SUBMITTED_STATES
from sync.export.workbook import ABOUT_SHEET
from tests.export.conftest import DemoData

YEAR = 2026
OPTIONS = ExportOptions(YEAR, states=SUBMITTED_STATES, include_profiles=True)


def _text(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def _pdf_texts(root: Path) -> dict[str, list[str]]:
    return {
        str(path.relative_to(root)): _text(path.read_bytes())
        for path in sorted(root.rglob("00-*.pdf"))
    }


def _jobs(demo: DemoData) -> list[render.PageJob]:
    plan = plan_package(demo.source, OPTIONS)
    return [
        render.PageJob(
            record=entry.record,
            year=YEAR,
            pemda_name=plan.pemda.name,
            opd_name=entry.ref.opd_name,
            number=entry.number,
            files=ChecklistFiles(folder=entry.folder, paths=entry.local_paths),
            workbook_name="paket.xlsx",
            marked=entry.marked,
            profile=True,
        )  # fmt: skip
        for entry in plan.innovations
    ]


def _no_renderer_left() -> None:
    assert multiprocessing.active_children() == []


@pytest.fixture
def always_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's few innovations rendered in the second process, one per batch."""
    monkeypatch.setattr(render, "MIN_FOR_PROCESS", 1)
    monkeypatch.setattr(render, "BATCH", 1)


def test_pages_from_the_process_are_the_pages_rendered_here(
    demo: DemoData, tmp_path: Path, always_in_process: None
) -> None:
    write_package(demo.source, tmp_path / "proses", OPTIONS)
    _no_renderer_left()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "MIN_FOR_PROCESS", 10**9)
        write_package(demo.source, tmp_path / "di-sini", OPTIONS)
    there, here = _pdf_texts(tmp_path / "proses"), _pdf_texts(tmp_path / "di-sini")
    assert len(there) >= 2 * 4 and there == here  # a checklist and a profile per innovation
    assert verify_package(tmp_path / "proses").ok
    # The workbook (built in the process, before the pages) holds the same cells.
    assert _cells(tmp_path / "proses") == _cells(tmp_path / "di-sini")


def _cells(root: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(root / f"paket-kirim-{YEAR}.xlsx", read_only=True)
    try:  # "Tentang paket" names the minute it was made
        return {
            name: [tuple(row) for row in book[name].iter_rows(values_only=True)]
            for name in book.sheetnames
            if name != ABOUT_SHEET
        }
    finally:
        book.close()


def _pid(_: object) -> int:
    return os.getpid()


class _Unpicklable(Exception):
    """Raised in the process by a call that fails there: it cannot be rebuilt here."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a} {b}")


def _fails(arg: str) -> None:
    raise _Unpicklable("gagal", arg)


def test_a_call_aside_runs_in_the_process_or_here_when_it_cannot(tmp_path: Path) -> None:
    """The workbook's way through the renderer: run in the process before the pages; a call
    that fails there is run again here (its own error raised here, not the process's text),
    and the process is stopped; once the process is gone calls run here."""
    with render.PageRenderer(process=True) as renderer:
        assert renderer.result_aside(renderer.submit_aside(_pid, None)) != os.getpid()
        with pytest.raises(_Unpicklable, match="gagal di-sini"):
            renderer.result_aside(renderer.submit_aside(_fails, "di-sini"))
        assert renderer.fell_back and not renderer.in_process
        assert renderer.result_aside(renderer.submit_aside(_pid, None)) == os.getpid()
    _no_renderer_left()
    with render.PageRenderer(process=True) as renderer:
        (pid,) = renderer.worker_pids()
        aside = renderer.submit_aside(_pid, None)
        os.kill(pid, signal.SIGKILL)  # before or after it ran: either way an answer comes
        assert renderer.result_aside(aside) in (pid, os.getpid())
    _no_renderer_left()


def test_a_failure_in_rendering_fails_the_export_and_leaves_nothing(
    demo: DemoData, tmp_path: Path, always_in_process: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_package(demo.source, OPTIONS)
    # The process starts after this and reads a broken rule file: the workbook and every
    # render raise there (reported as text: RuleSetError does not even unpickle here), then
    # again here, with its own type.
    broken = tmp_path / "broken-rules"
    broken.mkdir()
    (broken / f"{YEAR}.toml").write_text("year = [[[ broken\n", "utf-8")
    monkeypatch.setenv("INOVASI_RULES_DIR", str(broken))
    out = tmp_path / "out" / "paket.zip"
    out.parent.mkdir()
    with pytest.raises(RuleSetError, match=f"{YEAR}.toml"):  # its own type, raised here
        write_package(demo.source, out, OPTIONS, plan=plan)
    assert sorted(p.name for p in out.parent.iterdir()) == []
    _no_renderer_left()


def test_a_killed_renderer_is_replaced_by_rendering_here(demo: DemoData) -> None:
    jobs = _jobs(demo)
    with render.PageRenderer(process=True) as renderer:
        assert renderer.in_process
        (pid,) = renderer.worker_pids()
        assert pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        pages = [pages for _, pages in renderer.map(jobs)]
        assert renderer.fell_back and not renderer.in_process
    _no_renderer_left()
    assert [_text(p.checklist) for p in pages] == [
        _text(render.render(job).checklist) for job in jobs
    ]


def test_small_packages_and_single_cores_render_here(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not render.use_process(render.MIN_FOR_PROCESS - 1)
    assert render.use_process(render.MIN_FOR_PROCESS) is ((os.cpu_count() or 1) >= 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not render.use_process(10_000)


def _wait_for(path: str) -> None:
    """Run in the renderer process: hold it until the test lets it go (a 60 s hang guard)."""
    deadline = time.monotonic() + 60
    while not os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_batches_the_process_has_not_started_are_taken_back_and_rendered_here(
    demo: DemoData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "BATCH", 1)
    # More batches than the process takes at once; checklists only (profiles cost more).
    jobs = [dataclasses.replace(job, profile=False) for job in _jobs(demo)] * 3
    gate = tmp_path / "go"
    with render.PageRenderer(process=True) as renderer:
        assert renderer._pool is not None
        renderer._pool.submit(_wait_for, str(gate))  # the process is busy until let go

        def idle_writer() -> bool:
            if renderer.taken_back:  # one batch came back here: the process may go on
                gate.touch()
            return True

        got = list(renderer.map(jobs, help_when=idle_writer))
        assert renderer.taken_back > 0 and not renderer.fell_back
    _no_renderer_left()
    assert [job for job, _ in got] == jobs  # in order all the same
    assert [_text(p.checklist) for _, p in got] == [
        _text(render.render(job).checklist) for job in jobs
    ]


def test_a_process_that_does_not_start_in_time_is_replaced_by_rendering_here(
    demo: DemoData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "START_LIMIT", 0.0)  # no process starts in no time
    jobs = _jobs(demo)
    with render.PageRenderer(process=True) as renderer:
        got = list(renderer.map(jobs))
        assert renderer.fell_back and not renderer.in_process
    _no_renderer_left()
    assert [job for job, _ in got] == jobs


def test_a_stuck_process_is_terminated_when_the_export_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render, "STOP_LIMIT", 0.5)
    renderer = render.PageRenderer(process=True)
    assert renderer._pool is not None
    renderer._pool.submit(_wait_for, str(tmp_path / "never"))  # held for 60 s unless stopped
    renderer.close()
    _no_renderer_left()
