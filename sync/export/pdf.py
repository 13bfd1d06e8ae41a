"""The PDFs of Inovasi Desk: the printable innovation profile and the package's checklist.

Written with ReportLab (headless, the same on the desktop and on the server) in A4, Indonesian,
with DejaVu Sans embedded (``resources/fonts``, subset per document by ReportLab). ReportLab was
chosen by measurement over fpdf2: 9 ms against 90 ms for a page of 6,000 characters with an
embedded TTF (fpdf2 parses the font for every document and breaks lines in Python), which
decides whether a package of 300 checklists takes one second or half a minute.

Every text an officer typed is escaped before it reaches ReportLab's paragraph markup, and
long texts are cut where a table cell could not hold them (ReportLab cannot split one cell
across pages); the full text is in the profile's own paragraphs and in the workbook.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF, fp_str, unicode2T1
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from iid import scoring
from iid.checks import word_count
from iid.records import EvidenceDocument, Innovation, Verdict
from iid.rules import RuleSet
from sync.export import form

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"
FONT = "InovasiSans"
FONT_BOLD = "InovasiSans-Bold"
CELL_LIMIT = 900
"""Characters of officer text shown in one table cell (a cell cannot span pages)."""
BOX = "\u2610"  # ☐
INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#5a6570")
RULE = colors.HexColor("#9aa5ae")
HEAD_FILL = colors.HexColor("#e8eef5")
MARK_FILL = colors.HexColor("#fff1c2")

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


# --- styles and small helpers --------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    label: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    kop: ParagraphStyle
    kop_small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def _styles() -> _Styles:
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK)
    return _Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
        muted=ParagraphStyle("muted", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        label=ParagraphStyle("label", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=11, leading=15,
            spaceBefore=8, spaceAfter=4,
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=13, leading=17,
            alignment=TA_CENTER, spaceAfter=2,
        ),
        kop=ParagraphStyle(
            "kop", parent=body, fontName=FONT_BOLD, fontSize=12, leading=15, alignment=TA_CENTER
        ),
        kop_small=ParagraphStyle(
            "kop_small", parent=body, fontSize=10, leading=13, alignment=TA_CENTER
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=FONT_BOLD, fontSize=8.5,
                                 leading=11),
    )  # fmt: skip


def text(value: Any, limit: int | None = None) -> str:
    """Officer text as paragraph markup: escaped, line breaks kept, cut at ``limit``."""
    raw = "" if value is None else str(value)
    raw = "".join(ch for ch in raw if ch in "\n\t" or ch >= " ")
    if limit is not None and len(raw) > limit:
        raw = raw[:limit].rstrip() + " …"
    return escape(raw).replace("\n", "<br/>")


def _grid(header_rows: int = 1, *, fill_header: bool = True) -> list[tuple[Any, ...]]:
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),  # plain cells too: never ReportLab's Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows and fill_header:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL))
    return style


def _footer(label: str) -> Callable[[Canvas, Any], None]:
    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(20 * mm, 11 * mm, label)
        canvas.drawRightString(A4[0] - 20 * mm, 11 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    return draw


def _document(buffer: io.BytesIO, title: str, subject: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        subject=subject,
        author="Inovasi Desk",
        creator="Inovasi Desk",
        lang="id-ID",
        pageCompression=1,
        initialFontName=FONT,  # else ReportLab references Helvetica, a font it does not embed
        initialFontSize=9.5,
    )


def _kop(styles: _Styles, pemda_name: str, opd_name: str) -> list[Flowable]:
    """The letterhead: the pemda, then the OPD, then a rule."""
    rows: list[Flowable] = [Paragraph(text(f"PEMERINTAH {pemda_name}".upper()), styles.kop)]
    if opd_name:
        rows.append(Paragraph(text(opd_name.upper()), styles.kop_small))
    line = Table([[""]], colWidths=[A4[0] - 40 * mm], rowHeights=[2])
    line.setStyle(
        TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1.2, INK), ("FONT", (0, 0), (-1, -1), FONT)])
    )
    rows += [line, Spacer(1, 6)]
    return rows


# --- the printable profile -------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileItem:
    """One innovation to print, with the names its header needs."""

    innovation: Innovation
    opd_name: str


def _level_cell(rules: RuleSet, key: str, level: int | None) -> str:
    return text(form.level_text(rules, key, level), 240) if level else "–"


def _profile_story(
    item: ProfileItem, rules: RuleSet, pemda_name: str, printed_on: date, styles: _Styles
) -> list[Flowable]:
    innovation = item.innovation
    profile = innovation.profile
    story: list[Flowable] = _kop(styles, pemda_name, item.opd_name)
    story.append(Paragraph(f"PROFIL INOVASI DAERAH TAHUN {innovation.rule_year}", styles.title))
    story.append(Paragraph(text(profile.nama or form.UNTITLED), styles.kop_small))
    story.append(Spacer(1, 8))

    # Short fields in a table, long texts as paragraphs after it (a cell cannot span pages).
    short_rows: list[list[Any]] = []
    long_fields = []
    for spec in form.profile_fields(rules):
        if spec.kind == "file":
            continue
        value = spec.value_in(profile)
        if spec.kind == "rich_text":
            long_fields.append((spec, value))
            continue
        shown = form.value_text(spec, value)
        short_rows.append(
            [Paragraph(text(spec.label), styles.cell_bold),
             Paragraph(text(shown, CELL_LIMIT) if shown else "–", styles.cell)]
        )  # fmt: skip
    short_rows.insert(
        0,
        [Paragraph("Perangkat Daerah", styles.cell_bold),
         Paragraph(text(item.opd_name) or "–", styles.cell)],
    )  # fmt: skip
    short_rows.append(
        [Paragraph("Status", styles.cell_bold),
         Paragraph(text(form.STATE_LABELS[innovation.workflow_state]), styles.cell)]
    )  # fmt: skip
    table = Table(short_rows, colWidths=[48 * mm, None], repeatRows=0)
    table.setStyle(TableStyle(_grid(0)))
    story += [Paragraph("A. Identitas inovasi", styles.heading), table]

    story.append(Paragraph("B. Uraian inovasi", styles.heading))
    for spec, value in long_fields:
        content = str(value or "").strip()
        story.append(Paragraph(text(spec.label), styles.label))
        if spec.name == "rancang_bangun":
            story.append(Paragraph(f"({word_count(content)} kata)", styles.muted))
        story.append(Paragraph(text(content) if content else "–", styles.body))
        story.append(Spacer(1, 5))

    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph("C. Indikator Satuan Inovasi Daerah", styles.heading))
    rows: list[list[Any]] = [[
        Paragraph("No", styles.cell_bold), Paragraph("Indikator", styles.cell_bold),
        Paragraph("Bobot", styles.cell_bold), Paragraph("Level diklaim", styles.cell_bold),
        Paragraph("Level terverifikasi", styles.cell_bold),
        Paragraph("Hasil verifikasi", styles.cell_bold),
    ]]  # fmt: skip
    for slot in form.evidence_slots(rules):
        if not slot.is_indicator:
            continue
        indicator = rules.indicators[slot.key]
        answer = innovation.answers.get(slot.key)
        claimed = answer.claimed_level if answer else None
        verified = answer.verified_level if answer else None
        verdict = answer.verdict if answer else Verdict.PENDING
        note = answer.verifier_note if answer else ""
        verdict_text = form.VERDICT_LABELS[verdict] if claimed or verified else "–"
        if note:
            verdict_text += "<br/>" + text(note, 300)
        name = text(indicator.name) + (" <font color='#5a6570'>(wajib)</font>"
                                       if indicator.mandatory else "")  # fmt: skip
        rows.append([
            Paragraph(slot.key, styles.cell), Paragraph(name, styles.cell),
            Paragraph(format(indicator.bobot, "f"), styles.cell),
            Paragraph(_level_cell(rules, slot.key, claimed), styles.cell),
            Paragraph(_level_cell(rules, slot.key, verified), styles.cell),
            Paragraph(verdict_text, styles.cell),
        ])  # fmt: skip
    claimed_total = scoring.kematangan(rules, innovation.claimed_levels())
    verified_total = scoring.kematangan(rules, innovation.verified_levels())
    has_verdicts = any(a.verdict is not Verdict.PENDING for a in innovation.answers.values())
    rows.append([
        "", Paragraph("Skor kematangan", styles.cell_bold), "",
        Paragraph(_score(claimed_total), styles.cell_bold),
        Paragraph(_score(verified_total) if has_verdicts else "–", styles.cell_bold), "",
    ])  # fmt: skip
    table = Table(rows, colWidths=[9 * mm, 48 * mm, 14 * mm, 35 * mm, 35 * mm, None], repeatRows=1)
    table.setStyle(TableStyle(_grid()))
    story.append(table)

    story.append(Paragraph("D. Bukti dukung", styles.heading))
    story.append(_evidence_table(innovation, rules, styles))

    story.append(_signature(item.opd_name, printed_on, styles))
    return story


def _score(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _evidence_table(innovation: Innovation, rules: RuleSet, styles: _Styles) -> Flowable:
    rows: list[list[Any]] = [[
        Paragraph("Isian", styles.cell_bold), Paragraph("Jenis", styles.cell_bold),
        Paragraph("Nomor", styles.cell_bold), Paragraph("Tanggal", styles.cell_bold),
        Paragraph("Tentang / berkas", styles.cell_bold),
    ]]  # fmt: skip
    for slot in form.evidence_slots(rules):
        for doc in form.ordered_documents(innovation, slot.key):
            rows.append(_evidence_row(slot.label, doc, styles))
    known = {s.key for s in form.evidence_slots(rules)}
    for doc in innovation.documents:
        if doc.slot not in known and doc.slot not in rules.spd_rows:
            rows.append(_evidence_row(doc.slot, doc, styles))
    if len(rows) == 1:
        return Paragraph("Belum ada bukti dukung.", styles.muted)
    table = Table(rows, colWidths=[40 * mm, 18 * mm, 30 * mm, 24 * mm, None], repeatRows=1)
    table.setStyle(TableStyle(_grid()))
    return table


def _evidence_row(label: str, doc: EvidenceDocument, styles: _Styles) -> list[Any]:
    what = text(doc.tentang, 300)
    source = text(doc.link, 200) if doc.is_link else text(doc.file_name or "", 120)
    if source:
        what = f"{what}<br/><font color='#5a6570'>{source}</font>" if what else source
    return [
        Paragraph(text(label, 120), styles.cell),
        Paragraph(text(form.document_kind(doc)), styles.cell),
        Paragraph(text(doc.nomor, 120) or "–", styles.cell),
        Paragraph(text(form.tanggal(doc.tanggal)) or "–", styles.cell),
        Paragraph(what or "–", styles.cell),
    ]


def _signature(opd_name: str, printed_on: date, styles: _Styles) -> Flowable:
    head = f"Kepala {opd_name}" if opd_name else "Kepala Perangkat Daerah"
    block = [
        Paragraph(f"…………………, {form.tanggal(printed_on)}", styles.body),
        Paragraph(text(head), styles.body),
        Spacer(1, 22 * mm),
        Paragraph("(………………………………………………)", styles.body),
        Paragraph("NIP. …………………………………", styles.body),
    ]
    table = Table([["", block]], colWidths=[None, 80 * mm])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), FONT)])
    )
    return KeepTogether([Spacer(1, 12 * mm), table])


def profile_pdf(
    items: Iterable[ProfileItem],
    pemda_name: str,
    rules_for: Callable[[int], RuleSet],
    *,
    printed_on: date | None = None,
) -> bytes:
    """The printable profile of one innovation, or of several (each from a new page)."""
    register_fonts()
    styles = _styles()
    printed_on = printed_on or date.today()
    story: list[Flowable] = []
    names = []
    for item in items:
        if story:
            story.append(PageBreak())
        story += _profile_story(item, rules_for(item.innovation.rule_year), pemda_name,
                                printed_on, styles)  # fmt: skip
        names.append(item.innovation.profile.nama or form.UNTITLED)
    if not story:
        raise ValueError("no innovation to print")
    title = f"Profil inovasi: {names[0]}" if len(names) == 1 else f"Profil {len(names)} inovasi"
    buffer = io.BytesIO()
    doc = _document(buffer, title, f"Profil inovasi daerah, {pemda_name}")
    footer = _footer(f"{title} · dicetak {form.tanggal(printed_on)} dengan Inovasi Desk")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


# --- the package checklist (daftar isian) -------------------------------------------------------
#
# Drawn on ReportLab's canvas with its own line splitter (``simpleSplit``) instead of table
# paragraphs: a package holds one checklist per innovation, and paragraph markup in table cells
# cost 0.2 s per checklist (measured with bench/export.py: 67 of 73 s for 300 innovations).


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
                f"{fp_str(left + x0, first - n * leading + y0, w, h)} re" for n in boxes
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
