"""The package workbook (XLSX): innovations, indicator claims with their documents, SPD profile.

The whole workbook is described by one picklable :class:`WorkbookJob` (made from the plan) and
written by :func:`build_workbook`, in the PDF renderer's process when the package has one (its
~0.4 s of Python per 300 innovations then leave the writer's process alone), else here.

Written with XlsxWriter in ``constant_memory`` mode: each row goes to a temporary file as soon
as the next one starts, so memory stays flat however many innovations a pemda has. Rows are
therefore written strictly in order, sheet by sheet interleaved. Every officer text is written
with ``write_string`` (never read as a formula or a link: a cell that starts with ``=`` stays
text). Excel holds at most 32,767 characters in a cell; a longer text is cut there with a note
(the profile PDF has it whole).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from iid import scoring
from iid.records import EvidenceDocument, Innovation, SpdProfile, Verdict
from iid.rules import RuleSet, load_rules
from sync.export import form
from sync.export.source import unpack_record

CELL_MAX = 32767
CUT_NOTE = " … [terpotong: teks lengkap ada di profil inovasi]"

INNOVATION_SHEET = "Inovasi"
INDICATOR_SHEET = "Indikator"
SPD_SHEET = "Profil SPD"
ABOUT_SHEET = "Tentang paket"

LEAD_COLUMNS = ("No", "Folder paket", "Perangkat Daerah", "Status")
TAIL_COLUMNS = ("Skor kematangan (klaim)", "Skor kematangan (terverifikasi)", "Status QC",
                "Jumlah bukti dukung", "ID inovasi")  # fmt: skip
INDICATOR_COLUMNS = (
    "No inovasi", "Nama inovasi", "Isian", "Nama isian", "Bobot", "Level diklaim",
    "Level terverifikasi", "Hasil verifikasi", "Catatan verifikator", "Dokumen ke",
    "Jenis", "Nomor", "Tanggal", "Tentang", "Berkas di paket", "Tautan", "ID dokumen",
)  # fmt: skip
SPD_COLUMNS = ("No", "Indikator", "Bobot", "Nilai", "Level", "Uraian level", "Skor",
               "Bukti dukung di paket")  # fmt: skip


def innovation_columns(rules: RuleSet) -> list[str]:
    """The Inovasi sheet's header: package columns, then the profile fields in the national
    form's order and words (see :mod:`sync.export.form`), then scores and ids."""
    return [*LEAD_COLUMNS, *(f.label for f in form.profile_fields(rules)), *TAIL_COLUMNS]


_CONTROL = {c: None for c in range(32) if chr(c) not in "\t\n\r"}


def _cell(value: str) -> str:
    """Cell text: control characters dropped (XML cannot hold them), cut at Excel's limit."""
    value = value.translate(_CONTROL)
    return value if len(value) <= CELL_MAX else value[: CELL_MAX - len(CUT_NOTE)] + CUT_NOTE


@dataclass(frozen=True)
class DocumentPlacement:
    """Where the package put one document: a file path, or the links file that lists it."""

    path: str
    missing: bool = False


class PackageWorkbook:
    """One workbook, filled innovation by innovation. Call :meth:`close` to write it."""

    def __init__(self, path: Path, rules: RuleSet, *, scratch: Path) -> None:
        import xlsxwriter  # lazy: never on the desktop's start path

        self.path = path
        self.rules = rules
        self._book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "tmpdir": str(scratch),
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self._book.set_properties(
            {"title": f"Paket kirim IID {rules.year}", "author": "Inovasi Desk",
             "comments": "Urutan kolom mengikuti formulir nasional menurut pembacaan kami."}
        )  # fmt: skip
        book = self._book
        self._bold = book.add_format({"bold": True, "bg_color": "#E8EEF5", "text_wrap": True,
                                      "valign": "top", "border": 1})  # fmt: skip
        self._wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self._date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self._mark = book.add_format({"bg_color": "#FFF1C2", "valign": "top", "bold": True})
        self._number = book.add_format({"valign": "top"})
        self._profile_columns = innovation_columns(rules)
        self._inn = book.add_worksheet(INNOVATION_SHEET)
        self._ind = book.add_worksheet(INDICATOR_SHEET)
        self._spd = book.add_worksheet(SPD_SHEET)
        self._about = book.add_worksheet(ABOUT_SHEET)
        self._header(self._inn, self._profile_columns)
        self._header(self._ind, INDICATOR_COLUMNS)
        self._header(self._spd, SPD_COLUMNS)
        self._inn_row = 1
        self._ind_row = 1
        for sheet, widths in (
            (self._inn, [5, 34, 30, 16] + [24] * (len(self._profile_columns) - 4)),
            (self._ind, [6, 30, 8, 34, 6, 30, 30, 16, 30, 8, 10, 20, 12, 34, 48, 30, 38]),
            (self._spd, [6, 40, 6, 12, 6, 40, 8, 48]),
        ):
            for column, width in enumerate(widths):
                sheet.set_column(column, column, width)

    def _header(self, sheet: Any, columns: Sequence[str]) -> None:
        for column, title in enumerate(columns):
            sheet.write_string(0, column, title, self._bold)
        sheet.freeze_panes(1, 0)

    def _put(self, sheet: Any, row: int, column: int, value: Any, fmt: Any = None) -> None:
        if value is None or value == "":
            return
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            sheet.write_datetime(row, column, datetime(value.year, value.month, value.day),
                                 self._date)  # fmt: skip
        elif isinstance(value, bool):
            sheet.write_string(row, column, "Ya" if value else "Tidak", fmt or self._wrap)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, fmt or self._number)
        else:
            sheet.write_string(row, column, _cell(str(value)), fmt or self._wrap)

    def add_innovation(
        self,
        number: int,
        folder: str,
        opd_name: str,
        innovation: Innovation,
        placements: Mapping[str, DocumentPlacement],
        *,
        marked: bool,
    ) -> None:
        """One row on the Inovasi sheet and the innovation's rows on the Indikator sheet."""
        rules = self.rules
        row = self._inn_row
        self._inn_row += 1
        state = form.STATE_LABELS[innovation.workflow_state]
        values: list[Any] = [
            number,
            folder,
            opd_name,
            f"{state} ({form.NOT_APPROVED_MARK})" if marked else state,
        ]
        for spec in form.profile_fields(rules):
            value = spec.value_in(innovation.profile)
            if spec.kind == "file":
                values.append("\n".join(
                    placements[d.id].path + (" (BELUM ADA)" if placements[d.id].missing else "")
                    for d in form.ordered_documents(innovation, spec.name) if d.id in placements
                ))  # fmt: skip
            elif spec.kind == "date":
                values.append(value if isinstance(value, date) else None)
            else:
                values.append(form.value_text(spec, value))
        claimed = scoring.kematangan(rules, innovation.claimed_levels())
        has_verdicts = any(a.verdict is not Verdict.PENDING for a in innovation.answers.values())
        verified = scoring.kematangan(rules, innovation.verified_levels())
        values += [
            float(claimed),
            float(verified) if has_verdicts else None,
            form.QC_LABELS[innovation.qc_status],
            len(innovation.documents),
            innovation.id,
        ]
        for column, value in enumerate(values):
            fmt = self._mark if marked and column == 3 else None
            self._put(self._inn, row, column, value, fmt)

        for slot in form.evidence_slots(rules):
            if not slot.is_indicator:
                continue
            answer = innovation.answers.get(slot.key)
            documents = form.ordered_documents(innovation, slot.key)
            if answer is None and not documents:
                continue
            indicator = rules.indicators[slot.key]
            claim = answer.claimed_level if answer else None
            check = answer.verified_level if answer else None
            base: list[Any] = [
                number, innovation.profile.nama, int(slot.key) if slot.key.isdigit() else slot.key,
                indicator.name, float(indicator.bobot),
                form.level_text(rules, slot.key, claim),
                form.level_text(rules, slot.key, check),
                form.VERDICT_LABELS[answer.verdict] if answer else "",
                answer.verifier_note if answer else "",
            ]  # fmt: skip
            slots: list[EvidenceDocument | None] = list(documents) or [None]
            for position, doc in enumerate(slots, start=1):
                tail: list[Any] = [None] * 8
                if doc is not None:
                    placement = placements.get(doc.id)
                    tail = [
                        position, form.document_kind(doc), doc.nomor, doc.tanggal, doc.tentang,
                        (placement.path + (" (BELUM ADA)" if placement.missing else ""))
                        if placement else "",
                        doc.link or "", doc.id,
                    ]  # fmt: skip
                for column, value in enumerate(base + tail):
                    self._put(self._ind, self._ind_row, column, value)
                self._ind_row += 1

    def add_spd(
        self, profile: SpdProfile | None, placements: Mapping[str, DocumentPlacement]
    ) -> None:
        """The pemda's SPD rows (or a line saying the year's SPD rows are not known)."""
        rules = self.rules
        if not rules.is_known("spd_rows"):
            self._put(self._spd, 1, 1, f"Baris SPD tahun {rules.year} tidak diketahui.")
            return
        answers = profile.answers if profile is not None else {}
        documents = profile.documents if profile is not None else []
        for row, key in enumerate(form.spd_rows_in_order(rules), start=1):
            spec = rules.spd_rows[key]
            answer = answers.get(key)
            level = None
            if answer is not None:
                level = answer.level
                if spec.numeric and answer.raw_value is not None:
                    level = scoring.spd_level(spec, answer.raw_value)
            files = "\n".join(
                placements[d.id].path for d in sorted(
                    (d for d in documents if d.slot == key), key=lambda d: d.position
                ) if d.id in placements
            )  # fmt: skip
            values: list[Any] = [
                key, spec.name, float(spec.bobot),
                float(answer.raw_value) if answer is not None and answer.raw_value is not None
                else None,
                level, spec.levels[level - 1] if level else "",
                float(spec.bobot * level) if level else None, files,
            ]  # fmt: skip
            for column, value in enumerate(values):
                self._put(self._spd, row, column, value)

    def add_about(self, lines: Sequence[tuple[str, str]]) -> None:
        for row, (key, value) in enumerate(lines):
            self._put(self._about, row, 0, key, self._bold)
            self._put(self._about, row, 1, value)
        self._about.set_column(0, 0, 28)
        self._about.set_column(1, 1, 90)

    def close(self) -> None:
        self._book.close()


@dataclass(frozen=True)
class WorkbookRow:
    """One innovation of the workbook as the plan holds it (the record packed)."""

    number: int
    folder: str
    opd_name: str
    record: bytes
    placements: Mapping[str, DocumentPlacement]
    marked: bool


@dataclass(frozen=True)
class WorkbookJob:
    """Everything the package workbook shows, picklable (see the module's docstring)."""

    path: Path
    year: int
    rows: Sequence[WorkbookRow]
    spd_record: SpdProfile | None
    spd_placements: Mapping[str, DocumentPlacement]
    about: Sequence[tuple[str, str]]


def build_workbook(job: WorkbookJob) -> Path:
    """Write the workbook to ``job.path`` (its temporary rows beside it); returns the path."""
    book = PackageWorkbook(job.path, load_rules(job.year), scratch=job.path.parent)
    for row in job.rows:
        book.add_innovation(row.number, row.folder, row.opd_name, unpack_record(row.record),
                            row.placements, marked=row.marked)  # fmt: skip
    book.add_spd(job.spd_record, job.spd_placements)
    book.add_about(job.about)
    book.close()
    return job.path
