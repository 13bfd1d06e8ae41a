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

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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
from sync.export.checklist import FONT, FONT_BOLD, INK, MUTED, RULE, register_fonts
from sync.export.checklist import ChecklistFiles as ChecklistFiles  # also from here (self-test)
from sync.export.checklist import checklist_pdf as checklist_pdf

CELL_LIMIT = 900
"""Characters of officer text shown in one table cell (a cell cannot span pages)."""
HEAD_FILL = colors.HexColor("#e8eef5")
MARK_FILL = colors.HexColor("#fff1c2")

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
