"""Whether the evidence proves the claimed level: jenis dokumen, years, naming, the measure.

Pure domain over ``iid.records`` metadata (never OCR): the desktop runs it with every check and
the server re-runs it when it decides Ajukan, so both see the same blocking findings. The rule
year's ``proof`` and ``measure`` data (``iid.rules.Proof``, ``iid.rules.Measure``) say what each
level needs; a finding says what the claim loses (``points_at_risk``) and, where it can, the
level the evidence does support (``suggested_level``).

Codes (ERROR blocks submitting): ``indicator.measure_missing``, ``indicator.level_above_measure``,
``indicator.level_below_measure`` (warning), ``evidence.kind_below_level``,
``evidence.jenis_not_accepted``, ``evidence.jenis_unknown`` (warning), ``evidence.outside_window``,
``evidence.too_few_years``, ``evidence.innovation_not_named``, ``evidence.number_or_date_missing``,
``evidence.link_not_accepted``, ``evidence.video_length_unknown`` (warning),
``evidence.unreadable`` (warning), ``evidence.unconfirmed`` (warning),
``evidence.shared_with_other_innovation`` (warning).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from iid.findings import Finding, Severity
from iid.records import (
    EvidenceDocument,
    IndicatorAnswer,
    Innovation,
    InnovationProfile,
    Readability,
    jenis_label,
)
from iid.rules import Indicator, Measure, RuleSet, YearWindow
from iid.scoring import measure_level, years_level

_FIELD_NAMES = {
    "nomor": ("nomor", "number"),
    "tanggal": ("tanggal", "date"),
    "tentang": ("tentang", "title"),
    "jenis": ("jenis dokumen", "document kind"),
    "tahun": ("tahun", "year"),
}
_READABILITY = {
    Readability.LOW_RESOLUTION: (
        "resolusinya terlalu rendah untuk dibaca",
        "its resolution is too low to read",
    ),
    Readability.BLANK: ("halamannya kosong", "its page is blank"),
    Readability.SIDEWAYS: (
        "halamannya miring atau terbalik",
        "its page is sideways or upside down",
    ),
    Readability.NOT_READ: (
        "halamannya terlalu berbintik atau padat gambar sehingga mesin berhenti membacanya; "
        "isiannya tidak terisi otomatis",
        "its page is so speckled or dense with graphics that the machine stopped reading it; "
        "nothing was filled in from it",
    ),
}


def check_proof(
    innovation: Innovation,
    rules: RuleSet,
    shared: Mapping[str, Sequence[str]] | None = None,
) -> list[Finding]:
    """Every finding on whether the evidence and the measures prove the claimed levels.

    ``shared`` maps a file's sha256 to the names of *other* innovations that use the same file
    (reuse across indicators of one innovation is legitimate and not reported)."""
    findings: list[Finding] = []
    levels = innovation.claimed_levels()
    reference = stage_year(innovation.profile, rules)
    for key, indicator in rules.indicators.items():
        claimed = levels.get(key) or 0
        answer = innovation.answers.get(key)
        if indicator.measure is not None and claimed:
            findings += _measure_findings(indicator, indicator.measure, answer, claimed, rules)
        if indicator.proof is not None and claimed:
            docs = innovation.documents_for(key)
            findings += _proof_findings(indicator, docs, claimed, innovation, rules, reference)
    for doc in innovation.documents:
        findings += document_findings(doc, rules, innovation, shared or {})
    return findings


def stage_year(profile: InnovationProfile, rules: RuleSet) -> int | None:
    """The year T of windows "relative to penerapan": the year of the date that judges the
    innovation at its tahapan (penerapan, or uji coba at Uji Coba), else of any stage date."""
    names: tuple[str, ...] = ("waktu_penerapan", "waktu_pengembangan")
    if rules.eligibility is not None:
        names = rules.eligibility.dates_for(profile.tahapan)
    for name in (*names, "waktu_penerapan", "waktu_pengembangan", "waktu_uji_coba"):
        day = getattr(profile, name)
        if day is not None:
            return int(day.year)
    return None


def evidence_required(indicator: Indicator, answer: IndicatorAnswer | None, claimed: int) -> bool:
    """False where the claimed level by definition has no document: a level the rule lists in
    ``no_evidence_levels`` (23 level 1), or a ratio whose base is zero ("no complaints")."""
    if indicator.proof is not None and claimed in indicator.proof.no_evidence_levels:
        return False
    measure = indicator.measure
    return not (
        measure is not None
        and measure.kind == "ratio"
        and not measure.zero_base_needs_evidence
        and answer is not None
        and answer.quantity_base is not None
        and answer.quantity_base == 0
        and claimed == measure.zero_base_level
    )


# --- the measure -------------------------------------------------------------------------------


def _points(indicator: Indicator, claimed: int, supported: int) -> Decimal:
    return indicator.bobot * max(claimed - supported, 0)


def _number(value: Decimal | None) -> str:
    if value is None:
        return "–"
    text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return text.replace(".", ",")


def _entered(measure: Measure, answer: IndicatorAnswer) -> tuple[str, str]:
    """What the officer entered, in words (Indonesian, English)."""
    if measure.kind in ("checklist", "years"):
        ticked = [measure.items.get(i, i) for i in answer.checklist]
        words = ", ".join(ticked) or "–"
        return f"{measure.label}: {words}", f"{measure.label}: {words}"
    if measure.kind == "ratio":
        base, part = _number(answer.quantity_base), _number(answer.quantity)
        return (
            f"{measure.label} {part} dari {base}",
            f"{measure.label} {part} of {base}",
        )
    if measure.kind == "bases":
        basis = measure.bases.get(answer.basis)
        label = basis.label if basis else measure.label
        unit = f" {basis.unit}" if basis and basis.unit else ""
        text = f"{label} {_number(answer.quantity)}{unit}"
        return text, text
    unit = f" {measure.unit}" if measure.unit else ""
    return (
        f"{measure.label} {_number(answer.quantity)}{unit}",
        f"{measure.label} {_number(answer.quantity)}{unit}",
    )


def _measure_findings(
    indicator: Indicator,
    measure: Measure,
    answer: IndicatorAnswer | None,
    claimed: int,
    rules: RuleSet,
) -> list[Finding]:
    key = indicator.key
    title = f"{key}. {indicator.name}"
    derived = measure_level(measure, answer, rules.year)
    if derived is None or answer is None:
        what_id = "centang" if measure.kind in ("checklist", "years") else "isi"
        what_en = "tick" if measure.kind in ("checklist", "years") else "enter"
        return [
            Finding(
                "indicator.measure_missing",
                Severity.ERROR,
                key,
                f"Indikator {title}: {what_id} {measure.label.lower()}; levelnya dihitung "
                f"dari isian itu dan harus tampak pada bukti dukung.",
                f"Indicator {title}: {what_en} the {measure.label.lower()}; the level is derived "
                "from it and must show in the evidence.",
                points_at_risk=indicator.bobot * claimed,
            )
        ]
    if derived == claimed:
        return []
    entered_id, entered_en = _entered(measure, answer)
    level_text = indicator.levels[claimed - 1]
    if derived < claimed:
        points = _points(indicator, claimed, derived)
        result_id = f"level {derived}" if derived else "belum memenuhi level 1"
        result_en = f"level {derived}" if derived else "below level 1"
        return [
            Finding(
                "indicator.level_above_measure",
                Severity.ERROR,
                key,
                f'Indikator {title}: level {claimed} memerlukan "{level_text}", tetapi '
                f"{entered_id} → {result_id}, −{_number(points)} poin. Turunkan levelnya "
                "atau perbaiki isian dan buktinya.",
                f'Indicator {title}: level {claimed} needs "{level_text}", but {entered_en} → '
                f"{result_en}, −{_number(points)} points. Lower the level or correct the entry "
                "and its evidence.",
                suggested_level=derived,
                points_at_risk=points,
            )
        ]
    gain = indicator.bobot * (derived - claimed)
    return [
        Finding(
            "indicator.level_below_measure",
            Severity.WARNING,
            key,
            f"Indikator {title}: {entered_id} memenuhi level {derived}, tetapi yang dipilih "
            f"level {claimed} (+{_number(gain)} poin bila dinaikkan).",
            f"Indicator {title}: {entered_en} meets level {derived}, but level {claimed} is "
            f"chosen (+{_number(gain)} points if raised).",
            suggested_level=derived,
        )
    ]


# --- the documents of one indicator ----------------------------------------------------------


def _name(doc: EvidenceDocument) -> str:
    return doc.file_name or doc.tentang or doc.link or doc.id


def _labels(codes: Iterable[str], language: str) -> str:
    names = sorted({jenis_label(c, language) for c in codes})
    if not names:
        return "–"
    joiner = " atau " if language == "id" else " or "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]


def _window_bounds(window: YearWindow, reference: int) -> tuple[int | None, int | None]:
    low = None if window.earliest is None else reference + window.earliest
    high = None if window.latest is None else reference + window.latest
    return low, high


def _window_words(low: int | None, high: int | None) -> tuple[str, str]:
    if low is not None and high is not None:
        if low == high:
            return f"tahun {low}", f"from {low}"
        return f"tahun {low}–{high}", f"from {low}–{high}"
    if high is not None:
        return f"paling lambat tahun {high}", f"from {high} or earlier"
    return f"paling awal tahun {low}", f"from {low} or later"


def _year_set_words(years: Iterable[int]) -> str:
    ordered = [str(y) for y in sorted(years)]
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " + " + ordered[-1]


def _proof_findings(
    indicator: Indicator,
    docs: list[EvidenceDocument],
    claimed: int,
    innovation: Innovation,
    rules: RuleSet,
    stage: int | None,
) -> list[Finding]:
    proof = indicator.proof
    assert proof is not None
    key = indicator.key
    title = f"{key}. {indicator.name}"
    files = [d for d in docs if d.sha256 is not None]
    findings: list[Finding] = []

    # The jenis dokumen: judged once every file of the slot has one.
    if proof.accepted_jenis:
        unknown = [d for d in files if not d.jenis]
        for doc in unknown:
            findings.append(
                Finding(
                    "evidence.jenis_unknown",
                    Severity.WARNING,
                    key,
                    f'Pilih jenis dokumen "{_name(doc)}" (misalnya '
                    f"{_labels(proof.accepted_jenis, 'id')}), agar dapat diperiksa apakah "
                    f"membuktikan level {claimed}.",
                    f'Choose the document kind of "{_name(doc)}" (e.g. '
                    f"{_labels(proof.accepted_jenis, 'en')}) so it can be checked against "
                    f"level {claimed}.",
                    document_id=doc.id,
                )
            )
        known = [d for d in files if d.jenis]
        if known and not unknown:
            best = max(proof.level_of(d.jenis) for d in known)
            found = [d.jenis for d in known]
            if proof.level_jenis and best < claimed:
                points = _points(indicator, claimed, best)
                needed = proof.level_jenis[claimed - 1]
                result_id = f"level {best}" if best else "tidak memenuhi level mana pun"
                result_en = f"level {best}" if best else "no level"
                findings.append(
                    Finding(
                        "evidence.kind_below_level",
                        Severity.ERROR,
                        key,
                        f"Indikator {title}: level {claimed} memerlukan "
                        f"{_labels(needed, 'id')}; bukti di sini berjenis "
                        f"{_labels(found, 'id')} → {result_id}, −{_number(points)} poin. "
                        f"Lampirkan {_labels(needed, 'id')} atau turunkan levelnya.",
                        f"Indicator {title}: level {claimed} needs {_labels(needed, 'en')}; the "
                        f"evidence here is {_labels(found, 'en')} → {result_en}, "
                        f"−{_number(points)} points. Attach {_labels(needed, 'en')} or lower "
                        "the level.",
                        suggested_level=best,
                        points_at_risk=points,
                    )
                )
            elif not proof.level_jenis and best == 0:
                points = indicator.bobot * claimed
                findings.append(
                    Finding(
                        "evidence.jenis_not_accepted",
                        Severity.ERROR,
                        key,
                        f"Indikator {title} memerlukan {_labels(proof.accepted_jenis, 'id')}; "
                        f"bukti di sini berjenis {_labels(found, 'id')} dan tidak akan "
                        f"dinilai (−{_number(points)} poin).",
                        f"Indicator {title} needs {_labels(proof.accepted_jenis, 'en')}; the "
                        f"evidence here is {_labels(found, 'en')} and would not count "
                        f"(−{_number(points)} points).",
                        suggested_level=0,
                        points_at_risk=points,
                    )
                )

    # The years the documents are from.
    if proof.window is not None:
        reference = rules.year if proof.window.relative_to == "assessment" else stage
        if reference is not None:
            low, high = _window_bounds(proof.window, reference)
            dated = [d for d in files if d.year is not None]
            outside = [
                d
                for d in dated
                if (low is not None and d.year < low) or (high is not None and d.year > high)  # type: ignore[operator]
            ]
            every = bool(dated) and len(outside) == len(dated)
            words_id, words_en = _window_words(low, high)
            for doc in outside:
                lost = indicator.bobot * claimed if every else None
                cost_id = f" (−{_number(lost)} poin)" if lost else ""
                cost_en = f" (−{_number(lost)} points)" if lost else ""
                findings.append(
                    Finding(
                        "evidence.outside_window",
                        Severity.ERROR,
                        key,
                        f'Dokumen "{_name(doc)}" dari tahun {doc.year}; indikator {title} '
                        f"memerlukan dokumen {words_id}{cost_id}. Lampirkan dokumen dari tahun "
                        "itu, atau periksa tanggal dan tahunnya.",
                        f'The document "{_name(doc)}" is from {doc.year}; indicator {title} '
                        f"needs a document {words_en}{cost_en}. Attach one from then, or check "
                        "its date and year.",
                        suggested_level=0 if every else None,
                        points_at_risk=lost,
                        document_id=doc.id,
                    )
                )

    # Years a "years" measure needs: the documents must cover them.
    measure = indicator.measure
    if measure is not None and measure.kind == "years" and files:
        reference = rules.year if measure.relative_to == "assessment" else stage
        years = {d.year for d in files if d.year is not None}
        if reference is not None and years:
            covered = years_level(measure, {int(y) for y in years}, reference)
            if covered < claimed:
                years_lost = _points(indicator, claimed, covered)
                needed_years = " atau ".join(
                    _year_set_words(reference + o for o in s)
                    for s in measure.level_sets[claimed - 1]
                )
                result_id = f"level {covered}" if covered else "tidak memenuhi level mana pun"
                result_en = f"level {covered}" if covered else "no level"
                findings.append(
                    Finding(
                        "evidence.too_few_years",
                        Severity.ERROR,
                        key,
                        f"Indikator {title}: level {claimed} memerlukan dokumen tahun "
                        f"{needed_years}; "
                        f"bukti di sini dari tahun {_year_set_words(years)} → {result_id}, "
                        f"−{_number(years_lost)} poin. Lampirkan dokumen tiap tahun itu.",
                        f"Indicator {title}: level {claimed} needs documents from "
                        f"{needed_years.replace(' atau ', ' or ')}; the evidence here is from "
                        f"{_year_set_words(years)} → {result_en}, −{_number(years_lost)} points. "
                        "Attach a document for each of those years.",
                        suggested_level=covered,
                        points_at_risk=years_lost,
                    )
                )

    # A regulation or SK must name this innovation (a Perda on innovation in general does not).
    if proof.names_innovation and not any(d.names_innovation for d in files):
        unnamed = [d for d in files if d.names_innovation is False]
        for doc in unnamed:
            name_lost = indicator.bobot * claimed if len(unnamed) == len(files) else None
            nama = innovation.profile.nama.strip() or "inovasi ini"
            findings.append(
                Finding(
                    "evidence.innovation_not_named",
                    Severity.ERROR,
                    key,
                    f'Nama inovasi "{nama}" tidak ditemukan dalam "{_name(doc)}". Regulasi '
                    "atau SK harus menyebut inovasi ini; regulasi tentang inovasi daerah secara "
                    "umum tidak cukup. Bila namanya ada, isi halaman yang menyebutnya.",
                    f'The innovation\'s name "{nama}" was not found in "{_name(doc)}". The '
                    "regulation or SK must name this innovation; one about regional innovation "
                    "in general is not enough. If the name is there, enter the page.",
                    suggested_level=0 if name_lost else None,
                    points_at_risk=name_lost,
                    document_id=doc.id,
                )
            )
    return findings


# --- any one document -------------------------------------------------------------------------


def _slot_title(rules: RuleSet, slot: str) -> str:
    if slot in rules.indicators:
        return f"Indikator {slot}. {rules.indicators[slot].name}"
    field = rules.profile_field(slot)
    return field.label if field is not None else slot


def is_p_slot(rules: RuleSet, slot: str) -> bool:
    """True for an SID indicator that takes PDFs only (kind P): its documents are official
    documents that carry a nomor and a tanggal."""
    indicator = rules.indicators.get(slot)
    return indicator is not None and indicator.evidence_kinds == ("P",)


def document_findings(
    doc: EvidenceDocument,
    rules: RuleSet,
    innovation: Innovation | None = None,
    shared: Mapping[str, Sequence[str]] | None = None,
) -> list[Finding]:
    """Findings on one document wherever it sits: a link where only files count, a video link
    of unknown length, nomor or tanggal missing on a PDF-only indicator, an unreadable scan,
    metadata read but not confirmed, a file other innovations use too."""
    try:
        accepts_links = rules.accepts_links(doc.slot)
    except KeyError:
        return []
    slot, title = doc.slot, _slot_title(rules, doc.slot)
    findings: list[Finding] = []
    if doc.is_link and (doc.link or "").strip():
        if not accepts_links:
            indicator = rules.indicators.get(slot)
            alone = innovation is not None and all(
                d.is_link for d in innovation.documents_for(slot)
            )
            level = (innovation.claimed_levels().get(slot) or 0) if innovation else 0
            points = indicator.bobot * level if indicator is not None and alone and level else None
            cost_id = f" (−{_number(points)} poin)" if points else ""
            cost_en = f" (−{_number(points)} points)" if points else ""
            findings.append(
                Finding(
                    "evidence.link_not_accepted",
                    Severity.ERROR,
                    slot,
                    f'{title} hanya menerima berkas; tautan "{doc.link}" tidak akan dinilai'
                    f"{cost_id}. Unduh dokumennya dan lampirkan sebagai berkas.",
                    f'{title} takes files only; the link "{doc.link}" would not be assessed'
                    f"{cost_en}. Download the document and attach it as a file.",
                    suggested_level=0 if points else None,
                    points_at_risk=points,
                    document_id=doc.id,
                )
            )
        elif doc.duration_seconds is None and _takes_video(rules, slot):
            minutes = rules.max_video_seconds // 60
            findings.append(
                Finding(
                    "evidence.video_length_unknown",
                    Severity.WARNING,
                    slot,
                    f'Durasi video di tautan "{doc.link}" belum diketahui. Isi durasinya; video '
                    f"lebih dari {minutes} menit tidak dinilai.",
                    f'The length of the video at "{doc.link}" is unknown. Enter it; a video '
                    f"over {minutes} minutes is not assessed.",
                    document_id=doc.id,
                )
            )
    if doc.sha256 is not None and is_p_slot(rules, slot):
        missing = [
            n for n, empty in (("nomor", not doc.nomor.strip()), ("tanggal", doc.tanggal is None))
            if empty
        ]  # fmt: skip
        if missing:
            words_id = " dan ".join(_FIELD_NAMES[m][0] for m in missing)
            words_en = " and ".join(_FIELD_NAMES[m][1] for m in missing)
            findings.append(
                Finding(
                    "evidence.number_or_date_missing",
                    Severity.ERROR,
                    slot,
                    f'Isi {words_id} dokumen "{_name(doc)}": dokumen resmi tanpa nomor atau '
                    "tanggal dinilai Tidak Sesuai.",
                    f'Enter the {words_en} of "{_name(doc)}": an official document without '
                    "number or date is judged as not matching.",
                    document_id=doc.id,
                )
            )
    reason = _READABILITY.get(Readability(doc.readability)) if _known_readability(doc) else None
    if reason is not None:
        findings.append(
            Finding(
                "evidence.unreadable",
                Severity.WARNING,
                slot,
                f'Pindaian "{_name(doc)}" sulit dibaca: {reason[0]}. Pindai ulang dengan '
                "200-300 dpi, tegak dan lengkap, lalu ganti berkasnya.",
                f'The scan "{_name(doc)}" is hard to read: {reason[1]}. Scan it again at '
                "200-300 dpi, upright and complete, and replace the file.",
                document_id=doc.id,
            )
        )
    if doc.prefilled:
        fields = [f for f in doc.prefilled if f in _FIELD_NAMES]
        if fields:
            findings.append(
                Finding(
                    "evidence.unconfirmed",
                    Severity.WARNING,
                    slot,
                    f"{', '.join(_FIELD_NAMES[f][0] for f in fields).capitalize()} "
                    f'"{_name(doc)}" dibaca dari dokumen. Periksa lalu konfirmasi.',
                    f'The {", ".join(_FIELD_NAMES[f][1] for f in fields)} of "{_name(doc)}" '
                    "were read from the document. Check and confirm them.",
                    document_id=doc.id,
                )
            )
    others = (shared or {}).get(doc.sha256 or "", ())
    if others:
        names = ", ".join(f'"{n}"' for n in others[:3]) + (" …" if len(others) > 3 else "")
        findings.append(
            Finding(
                "evidence.shared_with_other_innovation",
                Severity.WARNING,
                slot,
                f'Berkas "{_name(doc)}" juga dipakai oleh inovasi {names}. Bukti yang sama untuk '
                "beberapa inovasi sering dinilai Tidak Sesuai: pastikan berkas ini membuktikan "
                "inovasi ini.",
                f'The file "{_name(doc)}" is also used by the innovation {names}. The same '
                "evidence for several innovations is often judged as not matching: make sure it "
                "proves this one.",
                document_id=doc.id,
            )
        )
    return findings


def _known_readability(doc: EvidenceDocument) -> bool:
    return doc.readability in {r.value for r in Readability} and doc.readability != ""


def _takes_video(rules: RuleSet, slot: str) -> bool:
    try:
        return any(t.startswith("video/") for t in rules.accepted_media_types(slot))
    except KeyError:
        return False
