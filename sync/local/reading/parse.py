"""From a document's page texts (text layer or OCR) to what proves a level: jenis dokumen from
the heading, nomor, tanggal, tahun, tentang, and the page that names the innovation.

Pure functions over strings, tolerant of the slips OCR makes (a letter for a digit, one wrong
letter in a heading word or a month, spaces around "/" and "."), with plausibility checks
between fields (the year inside the nomor against the date's year).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from iid.records import JenisDokumen

MONTHS = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agust": 8,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nop": 11,
    "nov": 11,
    "des": 12,
    "dec": 12,
}
HEADING_LINES = 16
"""How many non-empty lines from the top count as the heading."""


@dataclass(frozen=True)
class Extracted:
    """What the text says about the document ("" / None where it says nothing)."""

    jenis: str = ""
    nomor: str = ""
    tanggal: date | None = None
    tahun: int | None = None
    tentang: str = ""


# --- small tools ---------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """ASCII, upper case, one space between words (for matching words, not numbers)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", folded.upper()).strip()


_LETTER_FIX = str.maketrans({"0": "O", "1": "I", "5": "S", "|": "I", "8": "B", "$": "S"})


def _word_fold(word: str) -> str:
    """A heading word as letters only: OCR's digits-for-letters folded back."""
    return re.sub(r"[^A-Z]", "", word.upper().translate(_LETTER_FIX))


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _same_word(seen: str, wanted: str, fuzzy: bool) -> bool:
    if seen == wanted:
        return True
    if not fuzzy or len(wanted) < 5:
        return False
    limit = 1 if len(wanted) < 10 else 2
    return _distance(seen, wanted, limit) <= limit


def _phrase_at(words: Sequence[str], phrase: Sequence[set[str]], start: int, fuzzy: bool) -> bool:
    if start + len(phrase) > len(words):
        return False
    return all(
        any(_same_word(words[start + k], option, fuzzy) for option in options)
        for k, options in enumerate(phrase)
    )


def _has_phrase(line: str, phrase: Sequence[set[str]], anchored: bool, fuzzy: bool = True) -> bool:
    words = [w for w in (_word_fold(w) for w in line.split()) if w]
    starts = range(1) if anchored else range(len(words))
    return any(_phrase_at(words, phrase, s, fuzzy) for s in starts)


def _p(text: str) -> list[set[str]]:
    """A phrase: words separated by spaces, alternatives by "|" ("WALI|WALIKOTA")."""
    return [set(part.split("|")) for part in text.split()]


# --- jenis dokumen -----------------------------------------------------------------------------

# (jenis, phrase, anchored at the line start). The first heading line that matches decides;
# lines from "TENTANG" on are the subject, not the kind.
_KIND_RULES: tuple[tuple[JenisDokumen, list[set[str]], bool], ...] = (
    (JenisDokumen.PERDA, _p("PERATURAN DAERAH"), True),
    (JenisDokumen.PERKADA, _p("PERATURAN BUPATI|WALIKOTA|GUBERNUR"), True),
    (JenisDokumen.PERKADA, _p("PERATURAN WALI KOTA"), True),
    (JenisDokumen.SK_KEPALA_DAERAH, _p("KEPUTUSAN BUPATI|WALIKOTA|GUBERNUR"), True),
    (JenisDokumen.SK_KEPALA_DAERAH, _p("KEPUTUSAN WALI KOTA"), True),
    (
        JenisDokumen.SK_KEPALA_PD,
        _p("KEPUTUSAN KEPALA|SEKRETARIS|CAMAT|DIREKTUR|INSPEKTUR"),
        True,
    ),
    (JenisDokumen.SURAT_TUGAS, _p("SURAT TUGAS"), False),
    (JenisDokumen.SURAT_TUGAS, _p("SURAT PERINTAH TUGAS"), False),
    (JenisDokumen.SURAT_TUGAS, _p("SURAT PENUGASAN"), False),
    (JenisDokumen.DPA, _p("DOKUMEN PELAKSANAAN ANGGARAN"), False),
    (JenisDokumen.DPA, _p("DPA"), True),
    (JenisDokumen.RKPD, _p("RENCANA KERJA PEMERINTAH DAERAH"), False),
    (JenisDokumen.RKPD, _p("RKPD"), True),
    (JenisDokumen.SOP, _p("STANDAR|STANDARD OPERASIONAL PROSEDUR"), False),
    (JenisDokumen.SOP, _p("SOP"), True),
    (JenisDokumen.PKS, _p("PERJANJIAN KERJA SAMA"), False),
    (JenisDokumen.PKS, _p("PERJANJIAN KERJASAMA"), False),
    (JenisDokumen.PKS, _p("NOTA KESEPAHAMAN"), False),
    (JenisDokumen.PKS, _p("MEMORANDUM OF UNDERSTANDING"), False),
    (JenisDokumen.SURAT_PERNYATAAN, _p("SURAT PERNYATAAN"), False),
    (JenisDokumen.UNDANGAN, _p("UNDANGAN"), True),
    (JenisDokumen.UNDANGAN, _p("DAFTAR HADIR"), False),
    (JenisDokumen.LAPORAN, _p("LAPORAN"), True),
    (JenisDokumen.PEDOMAN, _p("PEDOMAN|PETUNJUK"), True),
)
_ON_BEHALF = re.compile(
    r"^\W{0,3}(?:a\s*[.,]\s*n(?:\b|[.,x])|atas\s+nama\b)", re.IGNORECASE | re.MULTILINE
)
_SIGNERS = (
    (
        re.compile(r"^\W{0,3}(?:\w{1,2}\W+)?(?:BUPATI|WALI\s*KOTA|WALIKOTA|GUBERNUR)\b"),
        "kepala_daerah",
    ),
    (
        re.compile(r"^\W{0,3}(?:\w{1,2}\W+)?(?:K?EPALA|SEKRETARIS|CAMAT|DIREKTUR|INSPEKTUR)\b"),
        "kepala_pd",
    ),
)


def heading_lines(pages: Sequence[str]) -> list[str]:
    """The first non-empty lines of the first page that has text."""
    for text in pages:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            return lines[:HEADING_LINES]
    return []


def detect_jenis(pages: Sequence[str]) -> str:
    """The jenis dokumen code the heading names ("" when none)."""
    for line in heading_lines(pages):
        plain = _plain(line)
        if _has_phrase(plain, _p("TENTANG"), True):
            break
        if _has_phrase(plain, _p("LAMPIRAN"), True, fuzzy=False):
            continue
        for fuzzy in (False, True):  # an exact heading word beats a near one
            for jenis, phrase, anchored in _KIND_RULES:
                if _has_phrase(plain, phrase, anchored, fuzzy):
                    if jenis is JenisDokumen.SK_KEPALA_PD and signed_on_behalf(pages):
                        return JenisDokumen.SK_KEPALA_PD_AN.value
                    return jenis.value
    return _jenis_from_structure(pages)


def _jenis_from_structure(pages: Sequence[str]) -> str:
    """When the heading is unreadable: a decree's structure (NOMOR, TENTANG, "Ditetapkan")
    and who signs it. A number "N TAHUN YYYY" is a regulation's, any other a decision's."""
    text = "\n".join(pages)
    if not re.search(r"\bTENTANG\b", text) or not re.search(r"ditetapkan", text, re.IGNORECASE):
        return ""
    regulation = bool(re.search(r"^\s*NOMOR\s+\d+\s+TAHUN\s+\d{4}\s*$", text, re.MULTILINE))
    after = text[text.lower().rfind("ditetapkan") :]
    for line in after.splitlines()[1:8]:
        plain = _plain(line)
        for pattern, signer in _SIGNERS:
            if pattern.match(plain):
                if signer == "kepala_daerah":
                    return (
                        JenisDokumen.PERKADA if regulation else JenisDokumen.SK_KEPALA_DAERAH
                    ).value
                on_behalf = signed_on_behalf(pages)
                return (
                    JenisDokumen.SK_KEPALA_PD_AN if on_behalf else JenisDokumen.SK_KEPALA_PD
                ).value
    return ""


_HEADS = ("BUPATI", "WALIKOTA", "GUBERNUR")


def _names_head(line: str, region: str) -> bool:
    """Whether a signature line names the Kepala Daerah: "a.n. BUPATI SIDOARJO", even with a
    stamp over it (a head's title a few letters off, or the region's name)."""
    words = [_word_fold(w) for w in _plain(line).split()]
    joined = "".join(words)
    for head in _HEADS:
        limit = 1 if len(head) < 8 else 3
        for word in (*words, joined):
            # The title anywhere in the word: "a.n." read into it ("aii-BUPATI") stays apart.
            starts = range(max(1, len(word) - len(head) + 1))
            if len(word) >= len(head) - 1 and any(
                _distance(word[k : k + len(head)], head, limit) <= limit for k in starts
            ):
                return True
    return bool(region) and region.replace(" ", "") in joined


def signed_on_behalf(pages: Sequence[str]) -> bool:
    """A Kepala Perangkat Daerah's decree signed "a.n." (for) the Kepala Daerah: the words
    "a.n." / "atas nama", or a line naming the Kepala Daerah between the signing date and the
    KEPALA line (where "a.n. BUPATI ..." stands; a stamp often hides the "a.n.")."""
    text = "\n".join(pages)
    start = text.lower().rfind("ditetapkan")
    block = text[start:] if start >= 0 else text[-600:]
    if _ON_BEHALF.search(block):
        return True
    lines = [line for line in block.splitlines() if line.strip()]
    heading = heading_lines(pages)
    region = ""
    if heading:
        match = re.search(r"(?:KABUPATEN|KOTA|PROVINSI)\s+([A-Z ]+)$", _plain(heading[0]))
        region = match.group(1).strip() if match else ""
    if not region:
        # The place it was set in names the region whose head it is signed for.
        match = re.search(r"DITETAPKAN\W+DI\s+([A-Z ]+)$", _plain(lines[0]) if lines else "")
        region = match.group(1).strip() if match else ""
    dated = next((i for i, line in enumerate(lines) if _dates(line)), None)
    if dated is None:
        return False
    following = lines[dated + 1 : dated + 5]
    for i, line in enumerate(following):
        if _KEPALA_LINE.match(_plain(line)):
            return False
        if _names_head(line, region):
            # "a.n. BUPATI ..." is followed by the Kepala PD's own title.
            return any(_KEPALA_LINE.match(_plain(rest)) for rest in following[i + 1 : i + 3])
    return False


_KEPALA_LINE = re.compile(r"^\W{0,3}(?:\w{1,2}\W+)?K?EPALA\b")


def is_signer_line(line: str) -> bool:
    """Whether an OCR'd line is a signature block's title line ("KEPALA DINAS ...")."""
    return bool(_KEPALA_LINE.match(_plain(line)))


# --- nomor ---------------------------------------------------------------------------------------

_NOMOR = re.compile(
    r"^\W{0,3}(?:n[o0]m[o0]r|n[o0]mer|n[o0]\s*\.)\s*(?:dpa\b)?\s*[:.;]?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_NUMBER_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"})


def _clean_nomor(value: str) -> str:
    if "|" in value:  # a ruled table cell: the part with the most digits is the number
        value = max(value.split("|"), key=lambda part: sum(ch.isdigit() for ch in part))
    # A number starts with a letter or digit: a speck or a table rule OCR read as a quote or a
    # dash before it is not part of it.
    value = re.sub(r"^[^\w]+", "", value.strip()).strip(":;,")
    value = re.sub(r"\s*([/.\-])\s*", r"\1", value)  # "188 / 12 / 2024" -> "188/12/2024"
    value = re.sub(r"\s+", " ", value).strip(" .")
    if re.fullmatch(r"[\dOoIl|]+\s+TAHUN\s+[\dOoIl|S]{4}", value, re.IGNORECASE):
        number, _, year = value.upper().partition(" TAHUN ")
        return f"{number.translate(_NUMBER_FIX)} TAHUN {year.translate(_NUMBER_FIX)}"
    # Digits OCR read as letters, where a letter sits between digits or separators.
    return re.sub(
        r"(?<=[\d/.])[OoIl|](?=[\d/.])|(?<=[\d/.])[OoIl|]$",
        lambda m: m.group(0).translate(_NUMBER_FIX),
        value,
    )


def detect_nomor(pages: Sequence[str]) -> str:
    """The document's own number: the first line of the heading that starts with "Nomor"
    (the value on that line, or on the next one when the line holds only the label)."""
    lines = heading_lines(pages)
    if pages:
        first = [line.strip() for line in pages[0].splitlines() if line.strip()]
        lines = first[: HEADING_LINES + 12]  # table rows of a DPA can sit below the heading
    for i, line in enumerate(lines):
        match = _NOMOR.match(line)
        if not match:
            continue
        value = match.group("value").strip()
        if not value and i + 1 < len(lines):
            value = lines[i + 1]
        value = _clean_nomor(value)
        if value and any(ch.isdigit() for ch in value):
            return value
    return ""


# --- tanggal and tahun ---------------------------------------------------------------------------

_DATE = re.compile(
    # "4 Maret 2024", and as OCR gives it: "4Maret 2024", "8.Maret 2022" (a speck read as a
    # dot), "J5 Februari" (a serif 1 with a stamp's trace read as J).
    r"(?P<day>J[0-9]|[0-9OolI|]{1,2})[\s.,]*(?P<month>[A-Za-z]{3,10})\.?\s*"
    r"(?P<year>[12][0-9OolI|]{3})"
)
_DAY_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "J": "1"})
_SIGNED = re.compile(r"pada\s+tanggal|tanggal\s*:|ditetapkan", re.IGNORECASE)
_YEAR_IN_NOMOR = re.compile(r"(?:^|[/\s.])((?:19|20)\d\d)$")


def _month(word: str) -> int | None:
    lowered = word.lower().strip(".")
    if lowered in _MONTH_ABBREVIATIONS:
        return _MONTH_ABBREVIATIONS[lowered]
    best = None
    for number, name in enumerate(MONTHS, 1):
        if lowered == name:
            return number
        limit = 1 if len(name) <= 5 else 2
        if len(lowered) >= 3 and _distance(lowered, name, limit) <= limit:
            best = best or number
    return best


def _dates(text: str) -> list[tuple[int, date, bool]]:
    """(position, date, after a signing phrase) for every date written out in words."""
    found: list[tuple[int, date, bool]] = []
    for match in _DATE.finditer(text):
        month = _month(match.group("month"))
        if month is None:
            continue
        try:
            day = int(match.group("day").translate(_DAY_FIX))
            year = int(match.group("year").translate(_NUMBER_FIX))
            value = date(year, month, day)
        except ValueError:
            continue
        if not 1990 <= year <= 2100:
            continue
        before = text[max(0, match.start() - 40) : match.start()]
        found.append((match.start(), value, bool(_SIGNED.search(before))))
    return found


_YEAR_TOKEN = re.compile(r"[12][0-9OolI|]{3}\W*$")


def is_date_line(line: str) -> bool:
    """Whether an OCR'd line looks like it holds a date written out ("Sidoarjo, 4 Maret 2024",
    "pada tanggal 4 Maret 2024"), even one OCR misread ("Gowa, Nuni 2022"): it ends in a year
    and has a month-like word or "tanggal", and it is not a "Nomor ..." line."""
    if _NOMOR.match(line) or not _YEAR_TOKEN.search(line.strip()):
        return False
    if re.search(r"tangga", line, re.IGNORECASE):
        return True
    words = re.findall(r"[A-Za-z]{3,10}", line)
    return any(_month(word) is not None for word in words)


def line_dates(line: str, today: date | None = None) -> list[date]:
    """The dates written out in one line, without those after ``today`` (a signed document is
    never dated in the future: such a date is an OCR slip)."""
    return [d for _, d, _ in _dates(line) if today is None or d <= today]


def vote_date(reads: Sequence[tuple[str, float, bool]], today: date | None = None) -> str | None:
    """Of several OCR reads of one date line (text, confidence, whether the read was of the
    line cut at a dark gray level), the text of the read whose date most reads agree on (ties:
    the higher summed confidence, then the first read); None when no read holds a plausible
    date.

    A stamp hides digits, it does not add them: when a cut read (the stamp's lighter ink gone)
    sees a two-digit day whose last digit another read saw alone ("15" and "5", same month and
    year), the one-digit reads count for the two-digit day."""
    weight: dict[date, list[float]] = {}  # date -> [reads, summed confidence]
    best: dict[date, tuple[float, int, str]] = {}  # date -> its most confident read
    from_cut: set[date] = set()
    for order, (text, confidence, cut) in enumerate(reads):
        found = line_dates(text, today)
        if len(found) != 1:
            continue
        day = found[0]
        tally = weight.setdefault(day, [0.0, 0.0])
        tally[0] += 1
        tally[1] += confidence
        best[day] = max(best.get(day, (-1.0, 0, "")), (confidence, -order, text))
        if cut:
            from_cut.add(day)
    if not weight:
        return None
    for short in [d for d in weight if d.day < 10]:
        longer = [
            d
            for d in from_cut
            if d.day > 9
            and d.day % 10 == short.day
            and (d.year, d.month) == (short.year, short.month)
        ]
        if len(longer) == 1:
            moved = weight.pop(short)
            weight[longer[0]][0] += moved[0]
            weight[longer[0]][1] += moved[1]
    winner = max(weight, key=lambda d: (weight[d][0], weight[d][1]))
    return best[winner][2]


def detect_tanggal(pages: Sequence[str], nomor: str = "") -> date | None:
    """The signing date: one after "pada tanggal" / "Ditetapkan" first, else the last date in
    the document (the signature block is at its end). When the nomor ends in a year and a
    candidate of that year exists, it wins over one of another year (an OCR slip in a digit)."""
    text = "\n".join(pages)
    candidates = _dates(text)
    if not candidates:
        return None
    signed = [c for c in candidates if c[2]]
    pool = signed or candidates
    choice = pool[-1][1] if not signed else pool[0][1]
    match = _YEAR_IN_NOMOR.search(nomor)
    if match:
        year = int(match.group(1))
        if choice.year != year:
            same_year = [c[1] for c in pool if c[1].year == year] or [
                c[1] for c in candidates if c[1].year == year
            ]
            if same_year:
                return same_year[-1] if not signed else same_year[0]
    return choice


_FISCAL_YEAR = re.compile(r"TAHUN\s+ANGGARAN\s+([12][0-9OIl]{3})", re.IGNORECASE)
_PLAN_YEAR = re.compile(
    r"(?:RENCANA\s+KERJA\s+PEMERINTAH\s+DAERAH|RKPD)\s*(?:\(RKPD\)\s*)?TAHUN\s+([12][0-9OIl]{3})",
    re.IGNORECASE,
)


def detect_tahun(pages: Sequence[str], jenis: str) -> int | None:
    """The year a budget or plan is for ("TAHUN ANGGARAN 2025", "RKPD TAHUN 2025"); None for
    other documents (their year is the tanggal's)."""
    heading = " ".join(heading_lines(pages))
    pattern = {JenisDokumen.DPA.value: _FISCAL_YEAR, JenisDokumen.RKPD.value: _PLAN_YEAR}.get(jenis)
    if pattern is None:
        return None
    match = pattern.search(heading) or pattern.search("\n".join(pages[:1]))
    return int(match.group(1).translate(_NUMBER_FIX)) if match else None


# --- tentang -------------------------------------------------------------------------------------

_STOP = re.compile(
    r"^(?:DENGAN\s+RAHMAT|MENIMBANG|MENGINGAT|BUPATI\b|WALI\s*KOTA\b|GUBERNUR\b|PASAL\b|BAB\b|"
    r"KEPALA\b|MEMUTUSKAN|NOMOR\b)",
    re.IGNORECASE,
)
_SMALL = {"DAN", "DI", "KE", "DARI", "YANG", "ATAU", "PADA", "UNTUK", "DALAM", "TENTANG"}


def _title(text: str) -> str:
    if text.upper() != text:
        return text
    words = text.lower().split()
    return " ".join(
        w
        if (i and w.upper() in _SMALL)
        else (
            w.upper()
            if len(w) <= 3 and w.isalpha() and w.upper() in {"SOP", "DPA", "OPD"}
            else w.capitalize()
        )
        for i, w in enumerate(words)
    )


def detect_tentang(pages: Sequence[str]) -> str:
    """The subject after "TENTANG" (up to three lines), in title case."""
    lines = heading_lines(pages)
    for i, line in enumerate(lines):
        plain = _plain(line)
        if not _has_phrase(plain, _p("TENTANG"), True):
            continue
        rest = line.strip()[len(line.strip().split()[0]) :].strip(" :")
        parts = [rest] if rest else []
        for following in lines[i + 1 : i + 4]:
            # The subject is set in capitals like the heading; body text is not.
            letters = [c for c in following if c.isalpha()]
            capitals = sum(c.isupper() for c in letters) >= 0.8 * max(len(letters), 1)
            if _STOP.match(_plain(following)) or not capitals:
                break
            parts.append(following.strip())
        subject = re.sub(r"\s+", " ", " ".join(parts)).strip(" .,")
        return _title(subject)[:300]
    return ""


def extract(pages: Sequence[str]) -> Extracted:
    """Everything the text says about the document."""
    jenis = detect_jenis(pages)
    nomor = detect_nomor(pages)
    return Extracted(
        jenis=jenis,
        nomor=nomor,
        tanggal=detect_tanggal(pages, nomor),
        tahun=detect_tahun(pages, jenis),
        tentang=detect_tentang(pages),
    )


# --- the innovation's name -----------------------------------------------------------------------


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.findall(r"[a-z0-9]+", folded)


def find_name(pages: Sequence[str], name: str, threshold: float = 0.86) -> int | None:
    """The first page (1-based) that names the innovation, allowing an OCR slip or two; None
    when no page does. Spacing and case do not matter ("SiPandu" = "SIPANDU" = "Si Pandu")."""
    wanted = _words(name)
    if not wanted:
        return None
    target = "".join(wanted)
    for number, text in enumerate(pages, 1):
        words = _words(text)
        if target in "".join(words):
            return number
        width = len(wanted)
        for size in {max(1, width - 1), width, width + 1}:
            for start in range(0, max(0, len(words) - size) + 1):
                window = "".join(words[start : start + size])
                if abs(len(window) - len(target)) > 3:
                    continue
                if SequenceMatcher(None, window, target).ratio() >= threshold:
                    return number
    return None
