"""The package's checklist (daftar isian) per innovation, and the fonts and colours both PDFs of
a package use (:mod:`sync.export.pdf` makes the printable profile with them).

Drawn on ReportLab's canvas with its own line splitter (``simpleSplit``) instead of table
paragraphs: a package holds one checklist per innovation, and paragraph markup in table cells
cost 0.2 s per checklist (measured with bench/export.py: 67 of 73 s for 300 innovations). This
module imports ReportLab's canvas only, not its page layout (``platypus``, which the profile
needs): the renderer process of a package without profiles is spared ~0.08 s of imports.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF, fp_str, unicode2T1
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from iid.checks import word_count
from iid.records import Innovation
from iid.rules import RuleSet
from sync.export import form

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"
FONT = "InovasiSans"
FONT_BOLD = "InovasiSans-Bold"
BOX = "\u2610"  # ☐
INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#5a6570")
RULE = colors.HexColor("#9aa5ae")

_font_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    """Register the embedded fonts once per process (parsing a TTF costs ~20 ms)."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans-Latin.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold-Latin.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
        _fonts_ready = True


@dataclass(frozen=True)
class ChecklistFiles:
    """Where the package put an innovation's evidence: document id -> path inside the
    innovation's folder; link files per slot; and files that were not available."""

    folder: str
    paths: Mapping[str, str]
    link_files: Mapping[str, str] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()


PLAIN, BOLD, MUTED_TEXT, ALERT = "plain", "bold", "muted", "alert"
_ALERT = colors.HexColor("#a33333")
BOX_ITEM = BOX + " "
"""A value line that starts with this is a thing to tick: drawn with a box before it."""


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str
    standard: bool  # PDF standard fonts: nothing embedded, WinAnsi text only


STANDARD_FONTS = _Fonts("Helvetica", "Helvetica-Bold", standard=True)
EMBEDDED_FONTS = _Fonts(FONT, FONT_BOLD, standard=False)
_WINANSI = frozenset(
    bytes(range(0x20, 0x7F)).decode("ascii")
    + bytes(b for b in range(0x80, 0x100) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
    .decode("cp1252")
)  # fmt: skip
"""What the standard fonts can show: printable ASCII and the rest of Windows-1252 (which
holds every letter of Indonesian and of most Latin-script languages, and « » · … – —)."""


class _NeedsEmbeddedFont(Exception):
    """A checklist text has a character the standard fonts cannot show."""


_CONTROLS = dict.fromkeys([*(c for c in range(0x20) if c != 0x0A), *range(0x7F, 0xA0)])


def plain(value: Any, limit: int | None = None) -> str:
    """Officer text for the canvas: one line per line, control characters dropped, cut."""
    raw = "" if value is None else str(value)
    raw = raw.translate(_CONTROLS)
    if limit is not None and len(raw) > limit:
        raw = raw[:limit].rstrip() + " …"
    return raw


@functools.lru_cache(maxsize=4096)
def _split(text_: str, font: str, size: float, width: float, standard: bool) -> tuple[str, ...]:
    """``simpleSplit`` remembered: every checklist of a package repeats the form's labels and
    the same short values ("kosong", "tidak diisi", level texts). With the standard fonts a
    text they cannot show raises ``_NeedsEmbeddedFont`` (never cached)."""
    if standard and not text_.isascii() and not _WINANSI.issuperset(text_):
        raise _NeedsEmbeddedFont(text_)
    if "\n" not in text_:
        # One line that fits (most values: a path, a level, a date): what simpleSplit gives,
        # measured once instead of word by word. Near the edge, simpleSplit decides.
        line = " ".join(text_.split())
        if line and pdfmetrics.stringWidth(line, font, size) <= width - 0.01:
            return (line,)
    return tuple(simpleSplit(text_, font, size, width))


@dataclass(eq=False, slots=True)
class _Style:
    """How a run of text is set (one object per kind of text and sheet: compared by identity),
    with its operators once worked out (:meth:`_Sheet._setting`)."""

    face: str
    size: float
    leading: float
    fill: Any
    setting: str | None = None


@functools.lru_cache(maxsize=8192)
def _standard_lines(lines: tuple[str, ...], face: str) -> str:
    """The content-stream operators that show ``lines`` one under the other in a standard
    font: what ReportLab's ``textLine`` writes for each (its own Windows-1252 encoding and
    escaping), worked out once per distinct text (the form's labels and the usual values
    repeat in every checklist of a package). Raises ``_NeedsEmbeddedFont`` for what the font
    cannot show."""
    font = pdfmetrics.getFont(face)
    ops = []
    for line in lines:
        pieces = unicode2T1(line, [font, *font.substitutionFonts])
        if any(f is not font for f, _ in pieces):
            raise _NeedsEmbeddedFont(line)
        ops.append("".join(f"({escapePDF(t)}) Tj " for _, t in pieces) + "T*")
    return " ".join(ops)


class _Sheet:
    """A few rows of text on A4 pages: titles, paragraphs and ticked rows (box, label, value).

    The layout (where each line goes, in which style) is worked out here; a page is drawn
    when it is finished: its text as one text object in reading order, its rules and tick
    boxes as one path each. In the standard fonts the text is written as the content-stream
    operators ReportLab's text object would write, remembered per distinct text
    (:func:`_standard_lines`) and per style (font and colour, :meth:`_setting`); with embedded
    fonts (subset per document) through ReportLab's text object itself. A checklist has a few
    hundred lines of text, and ReportLab's cost is per call (fonts, colours, numbers,
    encoding): this is what makes 300 checklists cheap."""

    LEFT, RIGHT, TOP, BOTTOM = 20 * mm, A4[0] - 20 * mm, A4[1] - 16 * mm, 20 * mm
    BOX_W, LABEL_W = 7 * mm, 52 * mm
    # A thing to tick inside a value: a box drawn like DejaVu Sans' U+2610 (0.09-0.81 em wide,
    # 0-0.73 em high, 0.054 em strokes), the text after it where "☐ " would have ended.
    ITEM_INDENT, ITEM_BOX, ITEM_STROKE = 1.2144, (0.1167, 0.0269, 0.6635, 0.6753), 0.054

    def __init__(self, canvas: Canvas, footer: str, fonts: _Fonts) -> None:
        _split(footer, fonts.regular, 7.5, A4[0], fonts.standard)  # raises if it cannot show it
        self.c = canvas
        self.footer = footer
        self.fonts = fonts
        self.page = 1
        self.y = self.TOP
        self._styles: dict[tuple[str, float, float], _Style] = {}
        self._numbers: dict[float, str] = {}  # x positions as the content stream writes them
        self._new_page()

    def _new_page(self) -> None:
        self._runs: list[tuple[_Style, float, float, tuple[str, ...]]] = []
        self._grid: list[str] = []  # the table's rules
        self._ticks: list[str] = []  # the tick boxes of the rows
        self._items: list[str] = []  # the boxes of things to tick inside values
        self._item_size = 0.0

    def _face(self, style: str) -> str:
        return self.fonts.bold if style == BOLD else self.fonts.regular

    def _split(self, text_: str, style: str, size: float, width: float) -> tuple[str, ...]:
        return _split(text_, self._face(style), size, width, self.fonts.standard)

    def _style(self, style: str, size: float, leading: float) -> _Style:
        found = self._styles.get((style, size, leading))
        if found is None:
            fill = {MUTED_TEXT: MUTED, ALERT: _ALERT}.get(style, INK)
            found = self._styles[style, size, leading] = _Style(
                self._face(style), size, leading, fill
            )
        return found

    def _number(self, value: float) -> str:
        """``fp_str(value)`` for the few x positions every row repeats."""
        found = self._numbers.get(value)
        if found is None:
            found = self._numbers[value] = fp_str(value)
        return found

    def _lines(self, style: _Style, x: float, y: float, lines: tuple[str, ...]) -> None:
        """Show ``lines`` from the baseline ``y`` down, one ``leading`` apart."""
        if lines:
            self._runs.append((style, x, y, lines))

    def _setting(self, style: _Style) -> str:
        """The font and colour operators of ``style`` (the font registered on this canvas)."""
        if style.setting is None:
            probe = self.c.beginText()
            probe.setFont(style.face, style.size, style.leading)
            probe.setFillColor(style.fill)
            style.setting = probe.getCode().removeprefix("BT ")
        return style.setting

    def _draw_text(self) -> None:
        now: _Style | None = None
        if self.fonts.standard:
            number = self._number
            ops = ["BT"]
            for style, x, y, lines in self._runs:
                if style is not now:
                    ops.append(self._setting(style))
                    now = style
                ops.append(
                    f"1 0 0 1 {number(x)} {fp_str(y)} Tm {_standard_lines(lines, style.face)}"
                )
            ops.append("ET")
            self.c.addLiteral(" ".join(ops))
            return
        text = self.c.beginText()
        for style, x, y, lines in self._runs:
            if style is not now:
                text.setFont(style.face, style.size, style.leading)
                text.setFillColor(style.fill)
                now = style
            text.setTextOrigin(x, y)
            for line in lines:
                text.textLine(line)
        self.c.drawText(text)

    def _finish_page(self) -> None:
        c = self.c
        footer = self._style(MUTED_TEXT, 7.5, 9)
        self._lines(footer, self.LEFT, 11 * mm, (self.footer,))
        number = f"Halaman {self.page}"
        width = c.stringWidth(number, self.fonts.regular, 7.5)
        self._lines(footer, self.RIGHT - width, 11 * mm, (number,))
        c.setLineWidth(0.4)
        c.setStrokeColor(RULE)
        c.addLiteral(" ".join(self._grid) + " S")
        c.setStrokeColor(INK)
        c.addLiteral(" ".join(self._ticks) + " S")
        if self._items:
            c.setLineWidth(self.ITEM_STROKE * self._item_size)
            c.addLiteral(" ".join(self._items) + " S")
        self._draw_text()

    def _room(self, height: float) -> None:
        if self.y - height < self.BOTTOM:
            self._finish_page()
            self.c.showPage()
            self.page += 1
            self.y = self.TOP
            self._new_page()

    def text(self, value: str, size: float = 9, style: str = PLAIN, center: bool = False,
             gap: float = 0) -> None:  # fmt: skip
        leading = size * 1.3
        width = self.RIGHT - self.LEFT
        lines = self._split(value, style, size, width)
        self._room(leading * len(lines) + gap)
        self.y -= gap
        how = self._style(style, size, leading)
        if not center:
            self._lines(how, self.LEFT, self.y - leading + 2, lines)
        else:
            face = self._face(style)
            for n, line in enumerate(lines, start=1):
                x = (self.LEFT + self.RIGHT - self.c.stringWidth(line, face, size)) / 2
                self._lines(how, x, self.y - n * leading + 2, (line,))
        self.y -= leading * len(lines)

    def row(self, label: str, parts: Sequence[tuple[str, str]], size: float = 8.5) -> None:
        leading = size * 1.3
        pad = 2.5
        value_w = self.RIGHT - self.LEFT - self.BOX_W - self.LABEL_W - 2 * pad
        indent = self.ITEM_INDENT * size
        label_lines = self._split(label, BOLD, size, self.LABEL_W - 2 * pad)
        # Runs of value lines in one style and indent: (style, indented, boxed first, lines).
        value_runs: list[tuple[str, bool, tuple[str, ...]]] = []
        boxes: list[int] = []  # value line numbers that start a thing to tick
        count = 0
        for text_, style in parts:
            for paragraph in text_.split("\n"):
                item = paragraph.startswith(BOX_ITEM)
                if item:
                    paragraph = paragraph[len(BOX_ITEM) :]
                    boxes.append(count)
                wrapped = self._split(paragraph, style, size, value_w - (indent if item else 0))
                wrapped = wrapped or ("",)
                value_runs.append((style, item, wrapped))
                count += len(wrapped)
        height = max(len(label_lines), count, 1) * leading + 2 * pad
        self._room(height)
        top = self.y
        bottom = top - height
        label_x = self.LEFT + self.BOX_W
        value_x = label_x + self.LABEL_W
        n = self._number
        top_, bottom_ = fp_str(top), fp_str(bottom)
        self._grid.append(
            f"{n(self.LEFT)} {bottom_} {n(self.RIGHT - self.LEFT)} {fp_str(height)} re "
            f"{n(label_x)} {top_} m {n(label_x)} {bottom_} l "
            f"{n(value_x)} {top_} m {n(value_x)} {bottom_} l"
        )
        tick = n(3.6 * mm)
        self._ticks.append(
            f"{n(self.LEFT + 1.6 * mm)} {fp_str(top - pad - 3.9 * mm)} {tick} {tick} re"
        )
        first = top - pad - leading + 2.5
        self._lines(self._style(BOLD, size, leading), label_x + pad, first, label_lines)
        left = value_x + pad
        y = first
        for style, indented, lines in value_runs:
            self._lines(self._style(style, size, leading), left + (indent if indented else 0), y,
                        lines)  # fmt: skip
            y -= leading * len(lines)
        if boxes:
            x0, y0, w, h = (v * size for v in self.ITEM_BOX)
            self._item_size = size
            self._items += [
                f"{fp_str(left + x0, first - line * leading + y0, w, h)} re" for line in boxes
            ]
        self.y = bottom

    def save(self) -> None:
        self._finish_page()
        self.c.save()


def _document_parts(
    innovation: Innovation, slot: str, files: ChecklistFiles
) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    for doc in form.ordered_documents(innovation, slot):
        if doc.is_link:
            parts.append((f"{BOX_ITEM}tautan: {plain(doc.link, 200)}", PLAIN))
            continue
        missing = " (BELUM ADA DI PAKET)" if doc.id in files.missing else ""
        parts.append((f"{BOX_ITEM}unggah {files.paths.get(doc.id, '')}{missing}",
                      ALERT if missing else BOLD))  # fmt: skip
        details = ", ".join(
            p for p in (f"No. {plain(doc.nomor, 80)}" if doc.nomor else "",
                        form.tanggal(doc.tanggal), plain(doc.tentang, 160)) if p
        )  # fmt: skip
        if details:
            parts.append((f"    {details}", PLAIN))
    link_file = files.link_files.get(slot)
    if link_file:
        parts.append((f"Tautan juga tertulis di {link_file}", MUTED_TEXT))
    return parts


def checklist_pdf(
    innovation: Innovation,
    rules: RuleSet,
    *,
    pemda_name: str,
    opd_name: str,
    number: int,
    files: ChecklistFiles,
    workbook_name: str,
    marked: bool,
) -> bytes:
    """What to enter in the national app for one innovation, in form order, with tick boxes.

    Set in the PDF standard fonts (Helvetica; every viewer and printer has them, nothing is
    embedded) when every text fits their Windows-1252 repertoire, as Indonesian does; else in
    the embedded DejaVu Sans like the profile. Embedding costs a font subset per PDF and a
    slower text encoding per line: a package holds one checklist per innovation, and the
    standard fonts made them ~40% cheaper (measured with bench/export.py)."""
    args = (innovation, rules, pemda_name, opd_name, number, files, workbook_name, marked)
    try:
        return _checklist(*args, fonts=STANDARD_FONTS)
    except _NeedsEmbeddedFont:
        register_fonts()
        return _checklist(*args, fonts=EMBEDDED_FONTS)


def _checklist(
    innovation: Innovation,
    rules: RuleSet,
    pemda_name: str,
    opd_name: str,
    number: int,
    files: ChecklistFiles,
    workbook_name: str,
    marked: bool,
    *,
    fonts: _Fonts,
) -> bytes:
    profile = innovation.profile
    buffer = io.BytesIO()
    # Compressed pages: a quarter of the size for the same time (standard fonts; measured).
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=fonts.regular,
                    lang="id-ID")  # fmt: skip
    canvas.setTitle(f"Daftar isian: {plain(profile.nama, 200) or form.UNTITLED}")
    canvas.setAuthor("Inovasi Desk")
    canvas.setSubject("Daftar isian aplikasi IID")
    sheet = _Sheet(canvas, f"Daftar isian · {files.folder}", fonts)
    sheet.text(f"DAFTAR ISIAN APLIKASI INDEKS INOVASI DAERAH {innovation.rule_year}", 12.5, BOLD,
               center=True)  # fmt: skip
    sheet.text(plain(profile.nama, 300) or form.UNTITLED, 10.5, center=True, gap=2)
    sheet.text(plain(f"{opd_name} · {pemda_name}", 300), 10, center=True)
    sheet.text(
        f"Inovasi nomor {number} di paket, folder {files.folder}. Masukkan isian di aplikasi "
        "nasional menurut urutan di bawah dan centang setiap baris yang sudah selesai. Teks "
        f"panjang disalin dari lembar kerja {workbook_name} (lembar Inovasi, nomor {number}).",
        8, gap=6,
    )  # fmt: skip
    if marked:
        state = form.STATE_LABELS[innovation.workflow_state]
        sheet.text(f"{form.NOT_APPROVED_MARK}: status inovasi ini {state}. Disertakan hanya untuk "
                   "diperiksa; jangan dikirim sebelum disetujui.", 9, BOLD, gap=4)  # fmt: skip

    sheet.text("A. Profil inovasi", 11, BOLD, gap=8)
    sheet.y -= 3
    parts: list[tuple[str, str]]
    for spec in form.profile_fields(rules):
        value = spec.value_in(profile)
        if spec.kind == "file":
            parts = _document_parts(innovation, spec.name, files) or [("tidak ada berkas",
                                                                       MUTED_TEXT)]  # fmt: skip
        elif spec.kind == "rich_text":
            words = word_count(str(value or ""))
            parts = ([(f"Salin dari lembar kerja, kolom «{spec.label}» ({words} kata)", PLAIN)]
                     if words else [("kosong", MUTED_TEXT)])  # fmt: skip
        else:
            shown = plain(form.value_text(spec, value), 300)
            parts = [(shown, PLAIN)] if shown else [("kosong", MUTED_TEXT)]
        sheet.row(spec.label, parts)

    sheet.text("B. Indikator dan bukti dukung", 11, BOLD, gap=10)
    sheet.y -= 3
    for slot in form.evidence_slots(rules):
        if not slot.is_indicator:
            continue
        answer = innovation.answers.get(slot.key)
        claimed = answer.claimed_level if answer else None
        verified = answer.verified_level if answer else None
        if claimed:
            parts = [(f"Pilih level {plain(form.level_text(rules, slot.key, claimed), 240)}",
                      PLAIN)]  # fmt: skip
            if verified and verified != claimed:
                parts.append((f"Level terverifikasi: {verified}. Sesuaikan bila pemda "
                              "memutuskan demikian.", ALERT))  # fmt: skip
        else:
            parts = [("tidak diisi", MUTED_TEXT)]
        parts += _document_parts(innovation, slot.key, files)
        sheet.row(slot.label, parts)
    sheet.save()
    return buffer.getvalue()
