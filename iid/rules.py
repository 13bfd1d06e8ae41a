"""Rule sets of the IID per assessment year: loaded from ``<year>.toml`` files and validated.

Every number and list of a year (bobot, level texts, thresholds, k, cut-offs, limits, profile
fields) is data in ``resources/rules/<year>.toml``; nothing here is specific to a year. A
coordinator adds next year's rules by dropping a file into a directory named by the environment
variable ``INOVASI_RULES_DIR`` (several directories separated by ``os.pathsep``; they are searched
before the bundled ``resources/rules``), with no code change.

A file may say ``based_on = <year>`` to take everything from another year and override parts
(tables merge key by key, lists are replaced). Parts a year does not know are listed in
``unknown`` (see ``UNKNOWN_PARTS``); asking for them raises ``RuleUnknownError`` instead of
inventing them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

from iid.records import InnovationProfile, JenisDokumen
from iid.rule_files import PACKAGE_RULES_DIR as PACKAGE_RULES_DIR  # re-exported: one place
from iid.rule_files import RULES_ENV as RULES_ENV
from iid.rule_files import available_years as available_years
from iid.rule_files import rules_dirs as rules_dirs

PROFILE_KINDS = frozenset(
    {"text", "rich_text", "enum", "multi_enum", "date", "link", "file", "bool", "coordinates"}
)
UNKNOWN_PARTS: Mapping[str, str] = types.MappingProxyType(
    {
        "spd_rows": "the SPD rows (Satuan Pemerintahan Daerah)",
        "count_score": "the Skor Jumlah Inovasi formula",
        "eligibility": "the eligibility window",
        "mandatory": "which indicators are mandatory",
    }
)
"""Parts of a rule set a year may mark unknown, with what they mean."""
UNKNOWN_PARTS_ID: Mapping[str, str] = types.MappingProxyType(
    {
        "spd_rows": "baris SPD (Satuan Pemerintahan Daerah)",
        "count_score": "rumus Skor Jumlah Inovasi",
        "eligibility": "rentang waktu penerapan yang dinilai",
        "mandatory": "daftar indikator wajib",
    }
)

EDGE_RULES = frozenset({"lower", "higher"})
STATUSES = frozenset({"official", "historical", "prognosis"})
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_KEY = re.compile(r"^[0-9A-Za-z_.-]+$")


# --- errors -----------------------------------------------------------------------------------


class RuleSetError(ValueError):
    """A rule file is missing, malformed or inconsistent: names the file, the key, the problem."""

    def __init__(self, file: str | Path, key: str, problem: str) -> None:
        self.file = str(file)
        self.key = key
        self.problem = problem
        super().__init__(f"{self.file}: {key}: {problem}")


class RuleUnknownError(LookupError):
    """The rule year marks a part as unknown (e.g. the 2023 SPD rows); nothing is invented."""

    def __init__(self, year: int, part: str, file: str | Path) -> None:
        self.year = year
        self.part = part
        self.file = str(file)
        self.message_id = (
            f"Aturan tahun {year} tidak memuat {UNKNOWN_PARTS_ID.get(part, part)}: bagian ini "
            f"ditandai tidak diketahui ({part}) di {self.file}. Pilih tahun aturan lain."
        )
        self.message_en = (
            f"The {year} rule set does not know {UNKNOWN_PARTS.get(part, part)}: it is marked "
            f"unknown ({part}) in {self.file}. Choose another rule year."
        )
        super().__init__(f"{self.message_id} / {self.message_en}")


# --- the rule set ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceKind:
    """A file kind of evidence (P, PI, I, V) and the media types it accepts."""

    code: str
    label: str
    media_types: frozenset[str]
    links: bool = False
    """Whether a link (YouTube, Google Drive, a web page) may stand in for a file."""


@dataclass(frozen=True)
class ProfileField:
    """One profile field of the form, in order. ``name`` is an ``InnovationProfile`` attribute
    or a year-only field kept in ``profile.extra[name]``; a ``file`` field is an evidence slot."""

    name: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    section: str = ""
    evidence_kind: str = ""

    @property
    def is_attribute(self) -> bool:
        """True when the value is an ``InnovationProfile`` attribute (else ``profile.extra``)."""
        return self.name in _PROFILE_ATTRIBUTES

    def value_in(self, profile: InnovationProfile) -> Any:
        """This field's value in ``profile``: the attribute, else the ``extra`` entry (or None)."""
        return getattr(profile, self.name) if self.is_attribute else profile.extra.get(self.name)


@dataclass(frozen=True)
class Indicator:
    """One SID indicator (per innovation): row score = bobot x level."""

    key: str
    name: str
    bobot: Decimal
    levels: tuple[str, str, str]
    mandatory: bool
    guidance: str
    evidence_kinds: tuple[str, ...]
    accepted_types: frozenset[str]
    accepts_links: bool = False
    proof: Proof | None = None
    measure: Measure | None = None


@dataclass(frozen=True)
class Band:
    """One published band of a numeric SPD row; both ends inclusive, ``None`` = open."""

    min: Decimal | None
    max: Decimal | None

    def contains(self, value: Decimal) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class Scale:
    """Three published bands (levels 1..3) of a number; the number is rounded half-up to
    ``precision`` decimals first and ``edge`` picks the level where bands overlap. A number in
    no band earns no level (e.g. 0 SDM)."""

    bands: tuple[Band, ...]
    edge: str = "lower"
    precision: int = 0


@dataclass(frozen=True)
class YearWindow:
    """Which years a document may be from, as offsets from a reference year ``T``:
    ``relative_to`` "penerapan" (T = the year of the innovation's own stage date: penerapan,
    or uji coba for an innovation still at Uji Coba) or "assessment" (T = the rule year).
    ``earliest``/``latest`` are offsets (-2 = T-2); ``None`` = open."""

    relative_to: str
    earliest: int | None
    latest: int | None


@dataclass(frozen=True)
class Proof:
    """What a document must be to prove a level of an indicator (rule data, ``[indicators.N.
    proof]``): ``level_jenis`` the jenis dokumen that prove each level (a document proves the
    highest level whose list names its jenis; empty when the jenis does not decide the level),
    ``accepted_jenis`` every jenis accepted at all (empty: any), ``window`` the years it may be
    from, ``names_innovation`` whether it must name the innovation, ``no_evidence_levels``
    levels that by definition have no document (23 level 1), ``basis`` official | clone |
    inferred."""

    level_jenis: tuple[frozenset[str], ...]
    accepted_jenis: frozenset[str]
    window: YearWindow | None
    names_innovation: bool
    no_evidence_levels: frozenset[int]
    basis: str

    def level_of(self, jenis: str) -> int:
        """The highest level a document of ``jenis`` proves (0: none); 3 when no level list."""
        if not self.level_jenis:
            return 3 if not self.accepted_jenis or jenis in self.accepted_jenis else 0
        return max((i + 1 for i, kinds in enumerate(self.level_jenis) if jenis in kinds), default=0)


@dataclass(frozen=True)
class MeasureBasis:
    """One basis of a measure with alternatives (indicator 33): its own label, unit and scale."""

    key: str
    label: str
    unit: str
    scale: Scale


@dataclass(frozen=True)
class Measure:
    """The quantity that decides an indicator's level (``[indicators.N.measure]``).

    ``kind``: ``count`` (a number on ``scale``), ``ratio`` (part / base x 100 on ``scale``;
    ``zero_base_level`` when the base is 0, e.g. "no complaints"), ``checklist`` (the number
    of ``items`` ticked, on ``scale``), ``years`` (the years ticked, offsets from T as
    ``relative_to``; a level is reached when one of its ``level_sets`` is covered) or ``bases``
    (exactly one of ``bases`` decides, each with its own scale). ``basis``: official | clone |
    inferred (our reading of the level texts)."""

    kind: str
    label: str
    unit: str = ""
    scale: Scale | None = None
    items: Mapping[str, str] = dataclasses.field(default_factory=dict)
    base_label: str = ""
    zero_base_level: int | None = None
    zero_base_needs_evidence: bool = True
    relative_to: str = ""
    offsets: tuple[int, ...] = ()
    level_sets: tuple[tuple[frozenset[int], ...], ...] = ()
    bases: Mapping[str, MeasureBasis] = dataclasses.field(default_factory=dict)
    basis: str = "inferred"


MEASURE_KINDS = frozenset({"count", "ratio", "checklist", "years", "bases"})
WINDOW_REFERENCES = frozenset({"penerapan", "assessment"})
JENIS_CODES = frozenset(j.value for j in JenisDokumen)


@dataclass(frozen=True)
class SpdInput:
    """One raw value the national form asks for on a numeric SPD row (e.g. the T-2 and T-1
    realisations); the row's ``formula`` turns the inputs into the figure the bands judge."""

    key: str
    label: str


SPD_FORMULAS: Mapping[str, str] = types.MappingProxyType(
    {
        "value": "the one input is the figure",
        "growth_percent": "(later - earlier) / earlier x 100",
        "increase": "later - earlier",
        "decrease": "earlier - later",
    }
)
"""How a numeric SPD row's figure follows from its inputs (listed earlier first, then later)."""


@dataclass(frozen=True)
class SpdRow:
    """One SPD score row (per pemda). A numeric row maps a number to a level by ``thresholds``
    (three bands, level 1..3); ``edge`` says which level wins where published bands overlap,
    after rounding the value half-up to ``precision`` decimals."""

    key: str
    name: str
    bobot: Decimal
    levels: tuple[str, str, str]
    mandatory: bool
    numeric: bool
    unit: str
    thresholds: tuple[Band, ...]
    guidance: str
    edge: str = "lower"
    precision: int = 2
    evidence_kinds: tuple[str, ...] = ()
    accepted_types: frozenset[str] = frozenset()
    inputs: tuple[SpdInput, ...] = ()
    """The raw values the form asks for (empty: the pemda enters the figure itself)."""
    formula: str = "value"


@dataclass(frozen=True)
class EligibilityWindow:
    """Penerapan (or pengembangan) must fall inside ``start``..``end`` (inclusive).

    ``stage_dates`` says, per tahapan, which profile dates judge an innovation at that stage
    (any one inside the window suffices; an empty tuple: none is demanded). A tahapan not listed
    is judged by penerapan or pengembangan."""

    start: date
    end: date
    stage_dates: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    def dates_for(self, tahapan: str) -> tuple[str, ...]:
        return self.stage_dates.get(tahapan, ("waktu_penerapan", "waktu_pengembangan"))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class CountScore:
    """Skor Jumlah Inovasi = MIN(n, cap) x per_innovation if >= yandas_required yandas covered."""

    per_innovation: Decimal
    cap: int
    yandas_required: int

    @property
    def maximum(self) -> Decimal:
        return self.per_innovation * self.cap


@dataclass(frozen=True)
class Predicate:
    """A predicate and the lowest (rounded) index that earns it."""

    name: str
    min: Decimal


@dataclass(frozen=True)
class Reading:
    """How the app reads one question no official source settles (IID-RULES.md section 4).

    ``value`` is one of the question's choices (``READING_CHOICES``); ``basis`` says where the
    reading comes from: ``official``, ``clone`` (regional re-implementations of the national
    application agree) or ``inferred`` (our own reading); ``note`` is shown to users
    (Indonesian) beside the figure the reading shapes.
    """

    value: str
    basis: str
    note: str

    @property
    def ours(self) -> bool:
        """True when no source supports the reading: the app must say it is its own."""
        return self.basis == "inferred"


@dataclass(frozen=True)
class Readings:
    """The readings a rule year uses for its projected index (``[readings.*]`` in the file).

    - ``yandas_from``: ``urusan_utama`` (only each innovation's main urusan covers a basic
      service) or ``semua_urusan`` (overlapping urusan count too; always our own reading).
    - ``predicate_from``: ``unrounded`` (the predicate from the exact index, as SIMONDA does) or
      ``rounded`` (from the index rounded to ``index.places``).
    - ``no_innovation``: ``not_assessed`` (a pemda that reports no innovation is "Tidak Dapat
      Dinilai", index 0) or ``formula`` (the formula's value: SPD / 250 x 100).
    """

    yandas_from: Reading
    predicate_from: Reading
    no_innovation: Reading


READING_CHOICES: Mapping[str, frozenset[str]] = types.MappingProxyType(
    {
        "yandas_from": frozenset({"urusan_utama", "semua_urusan"}),
        "predicate_from": frozenset({"unrounded", "rounded"}),
        "no_innovation": frozenset({"not_assessed", "formula"}),
    }
)
"""Every reading a rule file must give, with the values it may take."""
READING_BASES = frozenset({"official", "clone", "inferred"})
ONLY_OURS: Mapping[str, frozenset[str]] = types.MappingProxyType(
    {"yandas_from": frozenset({"semua_urusan"})}
)
"""Reading values no source supports: the file must mark them ``basis = "inferred"``."""


@dataclass(frozen=True)
class Urusan:
    """The year's urusan pemerintahan; ``yandas`` = the basic services the count rule checks."""

    yandas: tuple[str, ...]
    wajib_lain: tuple[str, ...]
    pilihan: tuple[str, ...]
    penunjang: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.yandas + self.wajib_lain + self.pilihan + self.penunjang


@dataclass(frozen=True)
class RuleSet:
    """The rules of one assessment year (read-only). Parts listed in ``unknown`` are empty or
    ``None``; use ``require(part)`` before relying on one."""

    year: int
    status: str
    title: str
    source: str
    path: Path
    based_on: int | None
    unknown: frozenset[str]
    profile_fields: tuple[ProfileField, ...]
    indicators: Mapping[str, Indicator]
    spd_rows: Mapping[str, SpdRow]
    evidence_kinds: Mapping[str, EvidenceKind]
    max_file_bytes: int
    max_video_seconds: int
    min_rancang_bangun_words: int
    eligibility: EligibilityWindow | None
    divisor_k: int
    skor_total_max: Decimal
    index_places: int
    count_score: CountScore | None
    predicates: tuple[Predicate, ...]
    urusan: Urusan
    readings: Readings

    @functools.cached_property
    def level_points(self) -> Mapping[str, tuple[Decimal, Decimal, Decimal, Decimal]]:
        """Per SID indicator the row score of levels 0..3 (bobot x level), computed once: the
        kematangan of a thousand innovations is a thousand sums of lookups."""
        return types.MappingProxyType(
            {
                key: (Decimal(0), i.bobot, i.bobot * 2, i.bobot * 3)
                for key, i in self.indicators.items()
            }
        )

    def is_known(self, part: str) -> bool:
        return part not in self.unknown

    def require(self, part: str) -> None:
        """Raise ``RuleUnknownError`` when this year marks ``part`` unknown."""
        if part in self.unknown:
            raise RuleUnknownError(self.year, part, self.path)

    @property
    def yandas(self) -> tuple[str, ...]:
        return self.urusan.yandas

    def profile_field(self, name: str) -> ProfileField | None:
        return next((f for f in self.profile_fields if f.name == name), None)

    def accepted_media_types(self, slot: str) -> frozenset[str]:
        """MIME types accepted as evidence in ``slot``: an SID indicator key, an SPD row key or
        a profile ``file`` field ("anggaran", "profil_bisnis", "video", ...)."""
        if slot in self.indicators:
            return self.indicators[slot].accepted_types
        if slot in self.spd_rows:
            return self.spd_rows[slot].accepted_types
        spec = self.profile_field(slot)
        if spec is not None and spec.kind == "file":
            return self.evidence_kinds[spec.evidence_kind].media_types
        raise KeyError(f"{slot!r} is no evidence slot of the {self.year} rule set")

    def accepts_links(self, slot: str) -> bool:
        """Whether a link may stand in for a file in ``slot`` (only kinds with ``links``)."""
        if slot in self.indicators:
            return self.indicators[slot].accepts_links
        if slot in self.spd_rows:
            return any(self.evidence_kinds[k].links for k in self.spd_rows[slot].evidence_kinds)
        spec = self.profile_field(slot)
        if spec is not None and spec.kind == "file":
            return self.evidence_kinds[spec.evidence_kind].links
        raise KeyError(f"{slot!r} is no evidence slot of the {self.year} rule set")

    def evidence_slots(self) -> tuple[str, ...]:
        """Every slot that takes evidence: profile file fields, indicators, SPD rows."""
        files = tuple(f.name for f in self.profile_fields if f.kind == "file")
        return files + tuple(self.indicators) + tuple(self.spd_rows)


# --- finding and loading files ----------------------------------------------------------------


def profile_field_label(name: str, rules: RuleSet | None = None) -> str:
    """The Indonesian label of profile field ``name``: ``rules``' (the record's year) when it
    has the field, else that of the newest year this installation knows that has it, else the
    name in words ("urusan_utama" -> "Urusan utama"); never the bare identifier. For a record
    of a year whose form is not on this device."""
    spec = rules.profile_field(name) if rules is not None else None
    if spec is not None:
        return spec.label
    for year in reversed(available_years()):
        try:
            spec = load_rules(year).profile_field(name)
        except RuleSetError:
            continue
        if spec is not None:
            return spec.label
    return words_of(name)


def words_of(identifier: str) -> str:
    """An identifier as words, capitalised ("waktu_uji_coba" -> "Waktu uji coba")."""
    text = " ".join(identifier.replace(".", " ").replace("_", " ").split())
    return text[:1].upper() + text[1:]


def rule_file(year: int) -> Path:
    """The file that defines ``year`` (the first found in ``rules_dirs()``)."""
    for directory in rules_dirs():
        candidate = directory / f"{int(year)}.toml"
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(d) for d in rules_dirs())
    raise RuleSetError(
        f"{int(year)}.toml",
        "year",
        f"no rule file for year {year} (searched {searched}); available: "
        f"{', '.join(map(str, available_years())) or 'none'}",
    )


def load_rules(year: int) -> RuleSet:
    """The validated rule set of ``year`` (cached per file and modification time)."""
    path = rule_file(year)
    rules = _load_cached(str(path), path.stat().st_mtime_ns)
    if rules.year != int(year):
        raise RuleSetError(path, "year", f"the file is named {year} but says year = {rules.year}")
    return rules


load_rule_set = load_rules
"""The name ``docs/architecture.md`` and the server use for ``load_rules``."""


def load_rule_file(path: str | Path) -> RuleSet:
    """Load and validate one rule file (not cached). Raises ``RuleSetError``."""
    path = Path(path)
    raw = _resolved_raw(path, ())
    return _build(path, raw)


@lru_cache(maxsize=32)
def _load_cached(path: str, _mtime_ns: int) -> RuleSet:
    return load_rule_file(path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise RuleSetError(path, "-", "the file does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(path, "-", f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise RuleSetError(path, "-", f"cannot be read: {exc.strerror or exc}") from None


def _resolved_raw(path: Path, seen: tuple[int, ...]) -> dict[str, Any]:
    """The file's data with its ``based_on`` chain merged in (own values win)."""
    raw = _read_toml(path)
    base_year = raw.get("based_on")
    if base_year is None:
        return raw
    if not isinstance(base_year, int) or isinstance(base_year, bool):
        raise RuleSetError(path, "based_on", f"must be a year (integer), not {base_year!r}")
    own_year = raw.get("year")
    if base_year == own_year or base_year in seen:
        raise RuleSetError(path, "based_on", f"year {base_year} leads back to itself")
    try:
        base_path = rule_file(base_year)
    except RuleSetError as exc:
        raise RuleSetError(path, "based_on", exc.problem) from None
    base = _resolved_raw(base_path, (*seen, *([own_year] if isinstance(own_year, int) else [])))
    for own_only in ("year", "based_on", "status", "title", "source", "unknown"):
        base.pop(own_only, None)
    unknown = raw.get("unknown", [])
    if isinstance(unknown, list):
        for part in unknown:
            _drop_unknown(base, part)
    return _merge(base, raw)


def _drop_unknown(data: dict[str, Any], part: object) -> None:
    """Remove an inherited part the derived year marks unknown."""
    if part == "spd_rows":
        data.pop("spd_rows", None)
        data.pop("spd", None)
    elif part == "mandatory":
        for table in data.get("indicators", {}).values():
            if isinstance(table, dict):
                table.pop("mandatory", None)
    elif isinstance(part, str):
        data.pop(part, None)


def _merge(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# --- validation ---------------------------------------------------------------------------------


def _attribute_kinds() -> dict[str, frozenset[str]]:
    """Which field kinds fit each ``InnovationProfile`` attribute, from its type."""
    hints = typing.get_type_hints(InnovationProfile)
    kinds: dict[str, frozenset[str]] = {}
    for f in dataclasses.fields(InnovationProfile):
        if f.name == "extra":
            continue
        hint = hints[f.name]
        if hint is str:
            kinds[f.name] = frozenset({"text", "rich_text", "enum", "link"})
        elif hint == list[str]:
            kinds[f.name] = frozenset({"multi_enum"})
        elif hint == date | None:
            kinds[f.name] = frozenset({"date"})
        else:  # pragma: no cover - a new attribute type needs a decision here
            kinds[f.name] = frozenset()
    return kinds


_ATTRIBUTE_KINDS = _attribute_kinds()
_PROFILE_ATTRIBUTES = frozenset(_ATTRIBUTE_KINDS)


class _Reader:
    """Typed access to the raw TOML data; every problem becomes a ``RuleSetError``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> NoReturn:
        raise RuleSetError(self.path, key, problem)

    def keys(
        self, table: Mapping[str, Any], where: str, required: set[str], optional: set[str]
    ) -> None:
        for key in table:
            if key not in required and key not in optional:
                allowed = ", ".join(sorted(required | optional))
                self.fail(_join(where, key), f"unknown key (allowed here: {allowed})")
        for key in sorted(required):
            if key not in table:
                self.fail(_join(where, key), "missing")

    def table(self, data: Mapping[str, Any], key: str, where: str = "") -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(_join(where, key), f"must be a table, not {_type(value)}")
        return value

    def string(
        self, data: Mapping[str, Any], key: str, where: str = "", default: str | None = None
    ) -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            self.fail(_join(where, key), f"must be a string, not {_type(value)}")
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str = "") -> str:
        value = self.string(data, key, where)
        if not value.strip():
            self.fail(_join(where, key), "must not be empty")
        return value

    def boolean(self, data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(_join(where, key), f"must be true or false, not {_type(value)}")
        return value

    def integer(self, data: Mapping[str, Any], key: str, where: str = "", minimum: int = 0) -> int:
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(_join(where, key), f"must be an integer, not {_type(value)}")
        if value < minimum:
            self.fail(_join(where, key), f"must be at least {minimum}, not {value}")
        return value

    def decimal(self, data: Mapping[str, Any], key: str, where: str = "") -> Decimal:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.fail(_join(where, key), f"must be a number or decimal string, not {_type(value)}")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(_join(where, key), f"{value!r} is not a number")
        if not number.is_finite():
            self.fail(_join(where, key), f"{value!r} is not a finite number")
        return number

    def strings(self, data: Mapping[str, Any], key: str, where: str = "") -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(_join(where, key), f"must be a list of strings, not {_type(value)}")
        if len(set(value)) != len(value):
            self.fail(_join(where, key), "lists an entry twice")
        return tuple(value)

    def day(self, data: Mapping[str, Any], key: str, where: str) -> date:
        value = data.get(key)
        if not isinstance(value, date) or hasattr(value, "hour"):
            self.fail(_join(where, key), f"must be a date like 2024-01-01, not {_type(value)}")
        return value

    def levels(self, data: Mapping[str, Any], where: str) -> tuple[str, str, str]:
        levels = self.strings(data, "levels", where) if "levels" in data else None
        if levels is None:
            self.fail(_join(where, "levels"), "missing")
        if len(levels) != 3:
            self.fail(_join(where, "levels"), f"must have exactly 3 level texts, not {len(levels)}")
        if any(not t.strip() for t in levels):
            self.fail(_join(where, "levels"), "a level text is empty")
        return (levels[0], levels[1], levels[2])

    def kinds(
        self, data: Mapping[str, Any], key: str, where: str, known: Mapping[str, EvidenceKind]
    ) -> tuple[str, ...]:
        value = data.get(key)
        codes = (value,) if isinstance(value, str) else value
        if (
            not isinstance(codes, list | tuple)
            or not codes
            or not all(isinstance(c, str) for c in codes)
        ):
            self.fail(_join(where, key), f"must name an evidence kind, not {_type(value)}")
        for code in codes:
            if code not in known:
                self.fail(
                    _join(where, key),
                    f"unknown evidence kind {code!r} (known: {', '.join(known)})",
                )
        return tuple(codes)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _type(value: object) -> str:
    if value is None:
        return "nothing (missing)"
    return f"{type(value).__name__} {value!r}"[:80]


def _build(path: Path, raw: dict[str, Any]) -> RuleSet:
    r = _Reader(path)
    r.keys(
        raw,
        "",
        required={
            "year",
            "status",
            "title",
            "source",
            "limits",
            "index",
            "predicates",
            "urusan",
            "evidence_kinds",
            "profile_fields",
            "indicators",
            "readings",
        },
        optional={"based_on", "unknown", "eligibility", "count_score", "spd", "spd_rows"},
    )
    year = r.integer(raw, "year", minimum=2000)
    status = r.string(raw, "status")
    if status not in STATUSES:
        r.fail("status", f"must be one of {', '.join(sorted(STATUSES))}, not {status!r}")
    unknown = frozenset(r.strings(raw, "unknown") if "unknown" in raw else ())
    for part in sorted(unknown - set(UNKNOWN_PARTS)):
        possible = ", ".join(UNKNOWN_PARTS)
        r.fail("unknown", f"{part!r} cannot be marked unknown (possible: {possible})")

    def part_present(part: str, *keys: str) -> bool:
        present = any(k in raw for k in keys)
        if part in unknown and present:
            r.fail(keys[0], f"is given although {part!r} is listed in unknown")
        if part not in unknown and not present:
            r.fail(keys[0], f"missing (or list {part!r} in unknown if it is not known)")
        return present

    limits = r.table(raw, "limits")
    r.keys(
        limits, "limits", {"max_file_bytes", "max_video_seconds", "min_rancang_bangun_words"}, set()
    )
    max_file_bytes = r.integer(limits, "max_file_bytes", "limits", minimum=1)
    max_video_seconds = r.integer(limits, "max_video_seconds", "limits", minimum=1)
    min_words = r.integer(limits, "min_rancang_bangun_words", "limits")

    eligibility = None
    if part_present("eligibility", "eligibility"):
        table = r.table(raw, "eligibility")
        r.keys(table, "eligibility", {"start", "end"}, {"stage_dates"})
        stage_dates: dict[str, tuple[str, ...]] = {}
        for stage, names in (
            r.table(table, "stage_dates", "eligibility").items() if ("stage_dates" in table) else ()
        ):
            at = f"eligibility.stage_dates.{stage}"
            if not isinstance(names, list) or not all(
                n in ("waktu_uji_coba", "waktu_penerapan", "waktu_pengembangan") for n in names
            ):
                r.fail(at, "must list profile dates (waktu_uji_coba, waktu_penerapan, "
                       "waktu_pengembangan)")  # fmt: skip
            stage_dates[stage] = tuple(names)
        eligibility = EligibilityWindow(
            r.day(table, "start", "eligibility"),
            r.day(table, "end", "eligibility"),
            types.MappingProxyType(stage_dates),
        )
        if eligibility.end < eligibility.start:
            r.fail("eligibility.end", "is before eligibility.start")

    index = r.table(raw, "index")
    r.keys(index, "index", {"k", "skor_total_max", "places"}, set())
    divisor_k = r.integer(index, "k", "index", minimum=1)
    skor_total_max = r.decimal(index, "skor_total_max", "index")
    if skor_total_max <= 0:
        r.fail("index.skor_total_max", "must be positive")
    places = r.integer(index, "places", "index")

    urusan_table = r.table(raw, "urusan")
    r.keys(urusan_table, "urusan", {"yandas", "wajib_lain", "pilihan", "penunjang"}, set())
    urusan = Urusan(
        *(
            r.strings(urusan_table, k, "urusan")
            for k in ("yandas", "wajib_lain", "pilihan", "penunjang")
        )
    )
    if len(set(urusan.all)) != len(urusan.all):
        r.fail("urusan", "an urusan is listed in two groups")
    if not urusan.yandas:
        r.fail("urusan.yandas", "must list the basic-service urusan")

    count_score = None
    if part_present("count_score", "count_score"):
        table = r.table(raw, "count_score")
        r.keys(table, "count_score", {"per_innovation", "cap", "yandas_required"}, set())
        count_score = CountScore(
            r.decimal(table, "per_innovation", "count_score"),
            r.integer(table, "cap", "count_score", minimum=1),
            r.integer(table, "yandas_required", "count_score"),
        )
        if count_score.per_innovation < 0:
            r.fail("count_score.per_innovation", "must not be negative")
        if count_score.yandas_required > len(urusan.yandas):
            r.fail(
                "count_score.yandas_required",
                f"is {count_score.yandas_required} but only {len(urusan.yandas)} yandas are listed",
            )

    predicates = _predicates(r, raw)
    kinds = _evidence_kinds(r, raw)
    profile_fields = tuple(
        dataclasses.replace(f, help=_fill_help(f.help, eligibility, year))
        for f in _profile_fields(r, raw, kinds, urusan)
    )
    indicators = _indicators(r, raw, kinds, mandatory_known="mandatory" not in unknown)

    spd_rows: dict[str, SpdRow] = {}
    if part_present("spd_rows", "spd_rows", "spd"):
        spd_rows = _spd_rows(r, raw, kinds)

    rules = RuleSet(
        year=year,
        status=status,
        title=r.text(raw, "title"),
        source=r.text(raw, "source"),
        path=path,
        based_on=raw.get("based_on"),
        unknown=unknown,
        profile_fields=profile_fields,
        indicators=types.MappingProxyType(indicators),
        spd_rows=types.MappingProxyType(spd_rows),
        evidence_kinds=types.MappingProxyType(kinds),
        max_file_bytes=max_file_bytes,
        max_video_seconds=max_video_seconds,
        min_rancang_bangun_words=min_words,
        eligibility=eligibility,
        divisor_k=divisor_k,
        skor_total_max=skor_total_max,
        index_places=places,
        count_score=count_score,
        predicates=predicates,
        urusan=urusan,
        readings=_readings(r, raw),
    )
    if spd_rows and count_score is not None:
        spd_max = sum((row.bobot * 3 for row in spd_rows.values()), Decimal(0))
        sid_max = sum((ind.bobot * 3 for ind in indicators.values()), Decimal(0))
        total = spd_max + sid_max + count_score.maximum
        if total != skor_total_max:
            r.fail(
                "index.skor_total_max",
                f"is {skor_total_max} but the maxima add up to {total} (SPD {spd_max} + "
                f"kematangan {sid_max} + Skor Jumlah Inovasi {count_score.maximum})",
            )
    return rules


def _predicates(r: _Reader, raw: Mapping[str, Any]) -> tuple[Predicate, ...]:
    entries = raw.get("predicates")
    if not isinstance(entries, list) or not entries:
        r.fail("predicates", f"must be a list of [[predicates]] tables, not {_type(entries)}")
    result: list[Predicate] = []
    for i, entry in enumerate(entries):
        where = f"predicates[{i}]"
        if not isinstance(entry, dict):
            r.fail(where, "must be a table with name and min")
        r.keys(entry, where, {"name", "min"}, set())
        predicate = Predicate(r.text(entry, "name", where), r.decimal(entry, "min", where))
        if result and predicate.min >= result[-1].min:
            r.fail(_join(where, "min"), "predicates must be ordered from the highest minimum down")
        result.append(predicate)
    if result[-1].min != 0:
        r.fail(f"predicates[{len(result) - 1}].min", "the last predicate must start at 0")
    return tuple(result)


def _readings(r: _Reader, raw: Mapping[str, Any]) -> Readings:
    table = r.table(raw, "readings")
    r.keys(table, "readings", set(READING_CHOICES), set())
    found: dict[str, Reading] = {}
    for name, choices in READING_CHOICES.items():
        where = f"readings.{name}"
        entry = r.table(table, name, "readings")
        r.keys(entry, where, {"value", "basis", "note"}, set())
        value = r.string(entry, "value", where)
        if value not in choices:
            r.fail(
                _join(where, "value"), f"must be one of {', '.join(sorted(choices))}, not {value!r}"
            )
        basis = r.string(entry, "basis", where)
        if basis not in READING_BASES:
            r.fail(
                _join(where, "basis"),
                f"must be one of {', '.join(sorted(READING_BASES))}, not {basis!r}",
            )
        if value in ONLY_OURS.get(name, frozenset()) and basis != "inferred":
            r.fail(_join(where, "basis"), f'no source supports {value!r}: mark it "inferred"')
        found[name] = Reading(value, basis, r.text(entry, "note", where))
    return Readings(**found)


_MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember")  # fmt: skip
WINDOW_PLACEHOLDER = "{rentang_penilaian}"
"""In a profile field's help text: the year's own eligibility window in words, or that it is not
yet set (so a prognosis year that inherits the help never shows another year's window)."""


def _day_id(day: date) -> str:
    return f"{day.day} {_MONTHS_ID[day.month - 1]} {day.year}"


def _fill_help(text: str, eligibility: EligibilityWindow | None, year: int) -> str:
    if WINDOW_PLACEHOLDER not in text:
        return text
    if eligibility is None:
        words = f"dalam rentang penilaian tahun {year}, yang belum ditetapkan"
    else:
        words = f"antara {_day_id(eligibility.start)} dan {_day_id(eligibility.end)}"
    return text.replace(WINDOW_PLACEHOLDER, words)


def _evidence_kinds(r: _Reader, raw: Mapping[str, Any]) -> dict[str, EvidenceKind]:
    table = r.table(raw, "evidence_kinds")
    if not table:
        r.fail("evidence_kinds", "must define at least one evidence kind")
    kinds: dict[str, EvidenceKind] = {}
    for code, entry in table.items():
        where = f"evidence_kinds.{code}"
        if not isinstance(entry, dict):
            r.fail(where, "must be a table with label and media_types")
        r.keys(entry, where, {"label", "media_types"}, {"links"})
        media = r.strings(entry, "media_types", where)
        for media_type in media:
            if not re.match(r"^[a-z]+/[a-z0-9.+-]+$", media_type):
                r.fail(_join(where, "media_types"), f"{media_type!r} is not a MIME type")
        if not media:
            r.fail(_join(where, "media_types"), "must list at least one MIME type")
        kinds[code] = EvidenceKind(
            code,
            r.text(entry, "label", where),
            frozenset(media),
            r.boolean(entry, "links", where, False),
        )
    return kinds


def _profile_fields(
    r: _Reader, raw: Mapping[str, Any], kinds: Mapping[str, EvidenceKind], urusan: Urusan
) -> tuple[ProfileField, ...]:
    entries = raw.get("profile_fields")
    if not isinstance(entries, list) or not entries:
        r.fail("profile_fields", f"must be a list of [[profile_fields]], not {_type(entries)}")
    fields: list[ProfileField] = []
    names: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"profile_fields[{i}]"
        if not isinstance(entry, dict):
            r.fail(where, "must be a table")
        r.keys(
            entry,
            where,
            {"name", "label", "kind"},
            {"choices", "choices_from", "required", "help", "section", "evidence"},
        )
        name = r.string(entry, "name", where)
        where = f"profile_fields[{i}] ({name})"
        if not _NAME.match(name) or name == "extra":
            r.fail(_join(where, "name"), f"{name!r} is not a valid field name (a-z, 0-9, _)")
        if name in names:
            r.fail(_join(where, "name"), "is defined twice")
        names.add(name)
        kind = r.string(entry, "kind", where)
        if kind not in PROFILE_KINDS:
            known_kinds = ", ".join(sorted(PROFILE_KINDS))
            r.fail(_join(where, "kind"), f"{kind!r} is not one of {known_kinds}")
        if name in _ATTRIBUTE_KINDS and kind not in _ATTRIBUTE_KINDS[name]:
            r.fail(
                _join(where, "kind"),
                f"{name} is an InnovationProfile attribute that holds kind "
                f"{' or '.join(sorted(_ATTRIBUTE_KINDS[name]))}, not {kind!r}",
            )
        choices: tuple[str, ...] = ()
        if kind in ("enum", "multi_enum"):
            if ("choices" in entry) == ("choices_from" in entry):
                r.fail(where, "an enum needs exactly one of choices or choices_from")
            if "choices" in entry:
                choices = r.strings(entry, "choices", where)
            elif r.string(entry, "choices_from", where) == "urusan":
                choices = urusan.all
            else:
                r.fail(_join(where, "choices_from"), 'choices can only come from "urusan"')
            if not choices:
                r.fail(_join(where, "choices"), "must not be empty")
        elif "choices" in entry or "choices_from" in entry:
            r.fail(_join(where, "choices"), f"only enum and multi_enum have choices, not {kind}")
        evidence = ""
        if kind == "file":
            evidence = r.kinds(entry, "evidence", where, kinds)[0]
        elif "evidence" in entry:
            r.fail(_join(where, "evidence"), "only file fields name an evidence kind")
        fields.append(
            ProfileField(
                name=name,
                label=r.text(entry, "label", where),
                kind=kind,
                choices=choices,
                required=r.boolean(entry, "required", where, False),
                help=r.string(entry, "help", where, ""),
                section=r.string(entry, "section", where, ""),
                evidence_kind=evidence,
            )
        )
    return tuple(fields)


def _indicators(
    r: _Reader, raw: Mapping[str, Any], kinds: Mapping[str, EvidenceKind], mandatory_known: bool
) -> dict[str, Indicator]:
    table = r.table(raw, "indicators")
    if not table:
        r.fail("indicators", "must define the SID indicators")
    indicators: dict[str, Indicator] = {}
    for key, entry in table.items():
        where = f"indicators.{key}"
        if not _KEY.match(key):
            r.fail(where, "an indicator key is a number like 16")
        if not isinstance(entry, dict):
            r.fail(where, "must be a table")
        r.keys(
            entry,
            where,
            {"name", "bobot", "levels", "evidence", "guidance"},
            {"mandatory", "proof", "measure"},
        )
        mandatory = r.boolean(entry, "mandatory", where, False)
        if mandatory and not mandatory_known:
            r.fail(_join(where, "mandatory"), '"mandatory" is listed in unknown')
        codes = r.kinds(entry, "evidence", where, kinds)
        indicators[key] = Indicator(
            key=key,
            name=r.text(entry, "name", where),
            bobot=_bobot(r, entry, where),
            levels=r.levels(entry, where),
            mandatory=mandatory,
            guidance=r.string(entry, "guidance", where),
            evidence_kinds=codes,
            accepted_types=frozenset().union(*(kinds[c].media_types for c in codes)),
            accepts_links=any(kinds[c].links for c in codes),
            proof=_proof(r, entry, where) if "proof" in entry else None,
            measure=_measure(r, entry, where) if "measure" in entry else None,
        )
    return indicators


_BASES = frozenset({"official", "clone", "inferred"})


def _basis(r: _Reader, table: Mapping[str, Any], where: str) -> str:
    basis = r.string(table, "basis", where)
    if basis not in _BASES:
        r.fail(_join(where, "basis"), f"must be official, clone or inferred, not {basis!r}")
    return basis


def _jenis_list(r: _Reader, table: Mapping[str, Any], key: str, where: str) -> frozenset[str]:
    codes = r.strings(table, key, where)
    for code in codes:
        if code not in JENIS_CODES:
            known = ", ".join(sorted(JENIS_CODES))
            r.fail(_join(where, key), f"unknown jenis dokumen {code!r} (known: {known})")
    return frozenset(codes)


def _proof(r: _Reader, entry: Mapping[str, Any], where: str) -> Proof:
    where = _join(where, "proof")
    table = r.table(entry, "proof", where.rsplit(".", 1)[0])
    r.keys(
        table,
        where,
        {"basis"},
        {"level_jenis", "accepted_jenis", "window", "names_innovation", "no_evidence_levels"},
    )
    level_jenis: tuple[frozenset[str], ...] = ()
    if "level_jenis" in table:
        value = table["level_jenis"]
        if not isinstance(value, list) or len(value) != 3:
            r.fail(_join(where, "level_jenis"), "must list the jenis for each of the 3 levels")
        level_jenis = tuple(
            _jenis_list(r, {"level": item}, "level", f"{where}.level_jenis[{i}]")
            for i, item in enumerate(value)
        )
    accepted = _jenis_list(r, table, "accepted_jenis", where) if "accepted_jenis" in table else None
    if accepted is None:  # no list at all: any jenis is accepted (e.g. only a window)
        accepted = frozenset().union(*level_jenis) if level_jenis else frozenset()
    elif level_jenis and not frozenset().union(*level_jenis) <= accepted:
        r.fail(_join(where, "accepted_jenis"), "must include every jenis of level_jenis")
    window = None
    if "window" in table:
        w = r.table(table, "window", where)
        ww = _join(where, "window")
        r.keys(w, ww, {"relative_to"}, {"earliest", "latest"})
        reference = r.string(w, "relative_to", ww)
        if reference not in WINDOW_REFERENCES:
            r.fail(_join(ww, "relative_to"), 'must be "penerapan" or "assessment"')
        earliest = r.integer(w, "earliest", ww, minimum=-50) if "earliest" in w else None
        latest = r.integer(w, "latest", ww, minimum=-50) if "latest" in w else None
        if earliest is not None and latest is not None and earliest > latest:
            r.fail(ww, f"earliest {earliest} is after latest {latest}")
        window = YearWindow(reference, earliest, latest)
    levels: frozenset[int] = frozenset()
    if "no_evidence_levels" in table:
        value = table["no_evidence_levels"]
        if not isinstance(value, list) or not all(v in (1, 2, 3) for v in value):
            r.fail(_join(where, "no_evidence_levels"), "must list levels 1, 2 or 3")
        levels = frozenset(value)
    return Proof(
        level_jenis=level_jenis,
        accepted_jenis=accepted,
        window=window,
        names_innovation=r.boolean(table, "names_innovation", where, False),
        no_evidence_levels=levels,
        basis=_basis(r, table, where),
    )


def _scale(r: _Reader, table: Mapping[str, Any], where: str) -> Scale:
    bands = _bands(r, table, where)
    scale = Scale(
        bands=bands,
        edge=_edge(r, table, where) if "edge" in table else "lower",
        precision=r.integer(table, "precision", where) if "precision" in table else 0,
    )
    _check_interior_gaps(r, scale, where)
    return scale


def _measure(r: _Reader, entry: Mapping[str, Any], where: str) -> Measure:
    where = _join(where, "measure")
    table = r.table(entry, "measure", where.rsplit(".", 1)[0])
    kind = r.string(table, "kind", where)
    if kind not in MEASURE_KINDS:
        r.fail(_join(where, "kind"), f"must be one of {', '.join(sorted(MEASURE_KINDS))}")
    common = {"kind", "label", "basis"}
    allowed = {
        "count": {"unit", "bands", "edge", "precision"},
        "ratio": {"unit", "bands", "edge", "precision", "base_label", "zero_base_level",
                  "zero_base_needs_evidence"},
        "checklist": {"items", "bands", "edge", "precision"},
        "years": {"relative_to", "offsets", "level_sets"},
        "bases": {"bases"},
    }[kind]  # fmt: skip
    required = (
        common
        | {
            "count": {"bands"},
            "ratio": {"bands", "base_label"},
            "checklist": {"items", "bands"},
            "years": {"relative_to", "offsets", "level_sets"},
            "bases": {"bases"},
        }[kind]
    )
    r.keys(table, where, required, allowed - required | common)
    label = r.text(table, "label", where)
    basis = _basis(r, table, where)
    if kind in ("count", "ratio", "checklist"):
        items: dict[str, str] = {}
        if kind == "checklist":
            raw_items = r.table(table, "items", where)
            if not raw_items:
                r.fail(_join(where, "items"), "must list the items to tick")
            for key, text in raw_items.items():
                if not _NAME.match(key) or not isinstance(text, str) or not text.strip():
                    r.fail(_join(where, f"items.{key}"), 'an item is key = "label"')
                items[key] = text
        zero_level = None
        if "zero_base_level" in table:
            zero_level = r.integer(table, "zero_base_level", where, minimum=1)
            if zero_level > 3:
                r.fail(_join(where, "zero_base_level"), "must be 1, 2 or 3")
        return Measure(
            kind=kind,
            label=label,
            unit=r.string(table, "unit", where, ""),
            scale=_scale(r, table, where),
            items=types.MappingProxyType(items),
            base_label=r.string(table, "base_label", where, ""),
            zero_base_level=zero_level,
            zero_base_needs_evidence=r.boolean(table, "zero_base_needs_evidence", where, True),
            basis=basis,
        )
    if kind == "years":
        reference = r.string(table, "relative_to", where)
        if reference not in WINDOW_REFERENCES:
            r.fail(_join(where, "relative_to"), 'must be "penerapan" or "assessment"')
        offsets = _offsets(r, table.get("offsets"), _join(where, "offsets"))
        raw_sets = table.get("level_sets")
        if not isinstance(raw_sets, list) or len(raw_sets) != 3:
            r.fail(_join(where, "level_sets"), "must give the year sets of each of the 3 levels")
        level_sets: list[tuple[frozenset[int], ...]] = []
        for i, alternatives in enumerate(raw_sets):
            at = f"{where}.level_sets[{i}]"
            if not isinstance(alternatives, list) or not alternatives:
                r.fail(at, "must list at least one set of year offsets")
            sets = tuple(
                frozenset(_offsets(r, item, f"{at}[{j}]")) for j, item in enumerate(alternatives)
            )
            for one in sets:
                if not one <= set(offsets):
                    r.fail(at, f"uses a year outside offsets {list(offsets)}")
            level_sets.append(sets)
        return Measure(
            kind=kind,
            label=label,
            relative_to=reference,
            offsets=tuple(offsets),
            level_sets=tuple(level_sets),
            basis=basis,
        )
    bases_table = r.table(table, "bases", where)
    if not bases_table:
        r.fail(_join(where, "bases"), "must define at least one basis")
    bases: dict[str, MeasureBasis] = {}
    for key, item in bases_table.items():
        at = f"{where}.bases.{key}"
        if not _NAME.match(key) or not isinstance(item, dict):
            r.fail(at, "a basis is a table named like penerima_manfaat")
        r.keys(item, at, {"label", "bands"}, {"unit", "edge", "precision"})
        bases[key] = MeasureBasis(
            key, r.text(item, "label", at), r.string(item, "unit", at, ""), _scale(r, item, at)
        )
    return Measure(kind=kind, label=label, bases=types.MappingProxyType(bases), basis=basis)


def _offsets(r: _Reader, value: object, where: str) -> list[int]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) and -50 <= v <= 0 for v in value)
    ):
        r.fail(where, "must list year offsets like [0, -1, -2] (0 = T-0)")
    if len(set(value)) != len(value):
        r.fail(where, "lists a year twice")
    return list(value)


def _check_interior_gaps(r: _Reader, scale: Scale, where: str) -> None:
    """Between the lowest and highest band end, every value (at the scale's precision) must fall
    in some band. Below the lowest band or above the highest there may be no level (0 SDM)."""
    step = Decimal(1).scaleb(-scale.precision)
    ends = sorted({e for band in scale.bands for e in (band.min, band.max) if e is not None})
    if not ends:
        return
    points = {e + d for e in ends for d in (-step, Decimal(0), step)}
    for point in sorted(points):
        value = point.quantize(step)
        if ends[0] <= value <= ends[-1] and not any(b.contains(value) for b in scale.bands):
            r.fail(_join(where, "bands"), f"the value {value} falls in no band (a gap)")


def _bobot(r: _Reader, entry: Mapping[str, Any], where: str) -> Decimal:
    bobot = r.decimal(entry, "bobot", where)
    if bobot <= 0:
        r.fail(_join(where, "bobot"), f"must be positive, not {bobot}")
    return bobot


def _spd_rows(
    r: _Reader, raw: Mapping[str, Any], kinds: Mapping[str, EvidenceKind]
) -> dict[str, SpdRow]:
    spd = r.table(raw, "spd")
    r.keys(spd, "spd", {"edge", "precision", "evidence"}, set())
    default_edge = _edge(r, spd, "spd")
    default_precision = r.integer(spd, "precision", "spd")
    default_kinds = r.kinds(spd, "evidence", "spd", kinds)
    table = r.table(raw, "spd_rows")
    if not table:
        r.fail("spd_rows", "must define the SPD rows (or list spd_rows in unknown)")
    rows: dict[str, SpdRow] = {}
    for key, entry in table.items():
        where = f"spd_rows.{key}"
        if not _KEY.match(key):
            r.fail(where, "an SPD row key is like 2a")
        if not isinstance(entry, dict):
            r.fail(where, "must be a table")
        optional = {
            "mandatory",
            "numeric",
            "unit",
            "bands",
            "edge",
            "precision",
            "evidence",
            "inputs",
            "formula",
        }
        r.keys(entry, where, {"name", "bobot", "levels", "guidance"}, optional)
        numeric = r.boolean(entry, "numeric", where, False)
        bands: tuple[Band, ...] = ()
        if numeric:
            bands = _bands(r, entry, where)
        else:
            for key_only_numeric in ("bands", "unit", "edge", "precision", "inputs", "formula"):
                if key_only_numeric in entry:
                    r.fail(_join(where, key_only_numeric), "only numeric rows have this")
        precision = (
            r.integer(entry, "precision", where) if "precision" in entry else default_precision
        )
        codes = r.kinds(entry, "evidence", where, kinds) if "evidence" in entry else default_kinds
        row = SpdRow(
            key=key,
            name=r.text(entry, "name", where),
            bobot=_bobot(r, entry, where),
            levels=r.levels(entry, where),
            mandatory=r.boolean(entry, "mandatory", where, False),
            numeric=numeric,
            unit=r.string(entry, "unit", where, ""),
            thresholds=bands,
            guidance=r.string(entry, "guidance", where),
            edge=_edge(r, entry, where) if "edge" in entry else default_edge,
            precision=precision,
            evidence_kinds=codes,
            accepted_types=frozenset().union(*(kinds[c].media_types for c in codes)),
            **_spd_inputs(r, entry, where),
        )
        if numeric:
            _check_coverage(r, row, where)
        rows[key] = row
    return rows


_FORMULA_INPUTS = {"value": 1, "growth_percent": 2, "increase": 2, "decrease": 2}


def _spd_inputs(r: _Reader, entry: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A numeric row's ``inputs`` (the raw values the form asks for) and ``formula``."""
    if "inputs" not in entry and "formula" not in entry:
        return {}
    formula = r.string(entry, "formula", where)
    if formula not in SPD_FORMULAS:
        r.fail(
            _join(where, "formula"), f"must be one of {', '.join(SPD_FORMULAS)}, not {formula!r}"
        )
    raw = entry.get("inputs")
    if not isinstance(raw, list) or len(raw) != _FORMULA_INPUTS[formula]:
        r.fail(
            _join(where, "inputs"),
            f"{formula} needs exactly {_FORMULA_INPUTS[formula]} "
            "input(s): [{key, label}, ...], earlier first",
        )
    inputs = []
    for i, item in enumerate(raw):
        item_where = f"{where}.inputs[{i}]"
        if not isinstance(item, dict):
            r.fail(item_where, "must be a table with key and label")
        r.keys(item, item_where, {"key", "label"}, set())
        key = r.string(item, "key", item_where)
        if not _NAME.match(key):
            r.fail(_join(item_where, "key"), f"{key!r} is not a valid key (a-z, 0-9, _)")
        inputs.append(SpdInput(key, r.text(item, "label", item_where)))
    if len({i.key for i in inputs}) != len(inputs):
        r.fail(_join(where, "inputs"), "an input key is used twice")
    return {"inputs": tuple(inputs), "formula": formula}


def _edge(r: _Reader, table: Mapping[str, Any], where: str) -> str:
    edge = r.string(table, "edge", where)
    if edge not in EDGE_RULES:
        r.fail(_join(where, "edge"), f'must be "lower" or "higher", not {edge!r}')
    return edge


def _bands(r: _Reader, entry: Mapping[str, Any], where: str) -> tuple[Band, ...]:
    value = entry.get("bands")
    if not isinstance(value, list) or len(value) != 3:
        r.fail(_join(where, "bands"), "a numeric row needs exactly 3 bands (levels 1, 2, 3)")
    bands: list[Band] = []
    for i, band in enumerate(value):
        band_where = f"{where}.bands[{i}]"
        if not isinstance(band, dict) or not band:
            r.fail(band_where, "must be a table with min and/or max")
        r.keys(band, band_where, set(), {"min", "max"})
        low = r.decimal(band, "min", band_where) if "min" in band else None
        high = r.decimal(band, "max", band_where) if "max" in band else None
        if low is not None and high is not None and low > high:
            r.fail(band_where, f"min {low} is above max {high}")
        bands.append(Band(low, high))
    return tuple(bands)


def _check_coverage(r: _Reader, row: SpdRow, where: str) -> None:
    """Every value (at the row's precision) must fall in at least one band: no gaps."""
    step = Decimal(1).scaleb(-row.precision)
    points: set[Decimal] = set()
    for band in row.thresholds:
        for end in (band.min, band.max):
            if end is not None:
                points.update({end - step, end, end + step})
    if not points:
        return
    points.update({min(points) - 1000 * step, max(points) + 1000 * step})
    for point in sorted(points):
        value = point.quantize(step)
        if not any(band.contains(value) for band in row.thresholds):
            r.fail(_join(where, "bands"), f"the value {value} falls in no band (a gap)")
