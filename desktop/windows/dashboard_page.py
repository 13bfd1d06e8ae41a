"""Ringkasan / Dasbor: the pemda's projected index, the same figures the server computes.

Loaded on the background lane by ``sync.client.projection.load``: the server's projection
(cached for offline with its time), else the cached one, else one computed from this laptop's
store, and the page says which. Admin, verifikator and pimpinan (the role of
``Repository.get_local_user()``) get the whole dashboard: claimed vs verified index with the
predicate and the distance to the next one, a table per OPD, OPDs with no innovation this
year, yandas coverage, empty seats, what-if gains and charts (QtCharts). An operator sees the
pemda's figure and, apart, their OPD's own part and what it contributes. Every figure is a
link to the innovations behind it (``iid.projection.select``); double-click one to open it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.labels import format_number, innovation_title, opd_label, workflow_label
from desktop.windows.editor.findings_view import ERROR_COLOUR
from iid import projection as proj
from iid import scoring
from iid.records import WorkflowState
from iid.rules import RuleSetError, available_years, load_rules

KLAIM = QColor("#0b6e63")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
VERIF = QColor("#e0a526")
WHOLE_PEMDA_ROLES = ("admin", "verifikator", "pimpinan")


def scored_years() -> list[int]:
    """Rule years that can score a pemda, newest first (2023 lacks its SPD rows)."""
    years = []
    for year in reversed(available_years()):
        try:
            rules = load_rules(year)
        except RuleSetError:
            continue
        if rules.is_known("spd_rows") and rules.is_known("count_score"):
            years.append(year)
    return years


def signed(value: Decimal) -> str:
    return ("+" if value >= 0 else "−") + format_number(abs(value))


def link(selector: str, text: str) -> str:
    return f'<a href="{selector}">{text}</a>'


def _two_lines(header: str) -> str:
    """A long column title on two lines (at the space nearest its middle): a table of many
    figures then fits a 1280 px laptop without scrolling sideways."""
    if len(header) <= 14 or " " not in header:
        return header
    middle = len(header) // 2
    cut = min((i for i, ch in enumerate(header) if ch == " "), key=lambda i: abs(i - middle))
    return header[:cut] + "\n" + header[cut + 1 :]


@dataclass(frozen=True)
class OwnVerdictCosts:
    """One of the officer's innovations with the verdicts that cost it points."""

    innovation_id: str
    nama: str
    costs: tuple[scoring.VerdictCost, ...]


def own_verdict_costs(
    repo: Any, rules: Any, p: proj.PemdaProjection | None, role: str, opd_id: str | None
) -> list[OwnVerdictCosts]:
    """The verdicts that cost points on the innovations of the officer's OPD that this laptop
    holds (an operator, or not signed in yet: every innovation here); none for reviewing and
    reading roles, who see the whole pemda (database lane)."""
    if p is None or role not in ("", "operator"):
        return []
    ids = [
        row.id
        for row in p.innovations
        if row.indicators_verified and (opd_id is None or row.opd_id == opd_id)
    ]
    out = []
    for innovation in repo.get_innovations(ids):
        costs = tuple(scoring.verdict_costs(rules, innovation))
        if costs:
            out.append(OwnVerdictCosts(innovation.id, innovation.profile.nama, costs))
    return out


class DashboardPage(QWidget):
    """The Ringkasan page (operators) or the Dasbor (admin, verifikator, pimpinan)."""

    sig_refreshed = Signal()
    sig_open_innovation = Signal(str)

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded: Any = None
        """The last ``sync.client.projection.LoadedProjection`` (None before the first)."""
        self.failure: str | None = None
        self.role = ""
        self.verdict_costs: list[OwnVerdictCosts] = []
        """The officer's own innovations whose verdicts cost points (Ringkasan only)."""
        self.bridge: Any = None  # the sync bridge, once desktop.sync_bridge installs it
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("pageTitle")
        self.year = QComboBox(self)
        for year in scored_years():
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(context.default_rule_year()), 0))
        self.year.currentIndexChanged.connect(self.refresh)
        self.year_label = QLabel(self)
        self.year_label.setBuddy(self.year)
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.refresh)
        self.source = QLabel(self)
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setObjectName("muted")
        self.source.setWordWrap(True)

        self.body = QWidget(self)
        self.grid = QVBoxLayout(self.body)
        self.grid.setSpacing(12)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.source)
        layout.addWidget(scroll, 1)
        self.retranslate()

    # --- data ---------------------------------------------------------------------------------

    @property
    def projection(self) -> proj.PemdaProjection | None:
        return self.loaded.projection if self.loaded is not None else None

    @property
    def whole_pemda(self) -> bool:
        return self.role in WHOLE_PEMDA_ROLES

    def retranslate(self) -> None:
        self.title.setText(self.tr("Dashboard") if self.whole_pemda else self.tr("Summary"))
        self.year_label.setText(self.tr("Assessment &year"))
        self.refresh_button.setText(self.tr("&Refresh"))
        self._render()

    def refresh(self) -> None:
        """Load the projection on the background lane (the server's, cached or local)."""
        from sync.client import projection as loader

        if self.year.currentData() is None:
            return
        context = self.context
        year = int(self.year.currentData())
        rules = context.rules(year)
        server_url, token = self._server()
        cache = loader.ProjectionCache(context.data_dir)

        def work() -> tuple[str, Any, list[OwnVerdictCosts]]:
            user = context.repo.get_local_user()
            role = user.role if user is not None else ""
            loaded = loader.load(context.repo, rules, cache, server_url, token)
            opd = user.opd_id if user is not None else None
            costs = own_verdict_costs(context.repo, rules, loaded.projection, role, opd)
            return role, loaded, costs

        context.tasks.run_bg(work, on_done=self._show, on_error=self._failed)

    def _server(self) -> tuple[str, str | None]:
        bridge = self.bridge
        if bridge is None or not bridge.configured:
            return "", None
        login = bridge.credentials().get(bridge.server_url)
        return bridge.server_url, (login.token if login is not None else None)

    def _show(self, result: tuple[str, Any, list[OwnVerdictCosts]]) -> None:
        self.role, self.loaded, self.verdict_costs = result
        self.failure = None
        self.retranslate()
        self.sig_refreshed.emit()

    def _failed(self, error: BaseException) -> None:
        self.failure = self.tr("The figures could not be calculated: {0}").format(error)
        self._render()
        self.sig_refreshed.emit()

    # --- drawing ------------------------------------------------------------------------------

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _label(self, text: str, *, name: str = "", wrap: bool = True) -> QLabel:
        label = QLabel(text, self.body)
        label.setWordWrap(wrap)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setOpenExternalLinks(False)
        label.linkActivated.connect(self.show_list)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        if name:
            label.setObjectName(name)
        return label

    def _section(self, title: str) -> QVBoxLayout:
        frame = QFrame(self.body)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        heading = QLabel(f"<b>{html.escape(title)}</b>", frame)  # an OPD's name as written
        heading.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(heading)
        self.grid.addWidget(frame)
        return box

    def _source_text(self) -> str:
        loaded = self.loaded
        if loaded is None:
            return ""
        when = (
            loaded.fetched_at.astimezone().strftime("%d-%m-%Y %H.%M") if loaded.fetched_at else ""
        )
        if loaded.source == "server":
            return self.tr("From the server, {0}: the figure of the whole pemda.").format(when)
        reason = self._error_text(loaded.error)
        if loaded.source == "cache":
            return self.tr(
                "Saved from the server on {0}; it could not be updated now ({1})."
            ).format(when, reason)
        if loaded.error is None:
            return self.tr(
                "Calculated from the data on this laptop (no server is set up): it covers only "
                "what this laptop holds."
            )
        return self.tr(
            "Calculated from the data on this laptop: it covers only what this laptop holds. "
            "The whole pemda's figure comes from the server ({0})."
        ).format(reason)

    def _error_text(self, error: Any) -> str:
        from sync.client.http import AuthError, SyncNetworkError, TransientError

        if error is None:
            return ""
        if isinstance(error, AuthError):
            return self.tr("sign in on the Sinkronisasi page")
        if isinstance(error, SyncNetworkError | TransientError):
            return self.tr("the server cannot be reached")
        if getattr(error, "detail", ""):
            return str(error.detail) if self.context.language == "id" else str(error.detail_en)
        return self.tr("the server's answer could not be read")

    def _render(self) -> None:
        self._clear()
        self.source.setText(self._source_text())
        if self.failure is not None:
            self.grid.addWidget(self._label(self.failure))
            return
        p = self.projection
        if p is None:
            self.grid.addWidget(self._label(self.tr("Calculating…")))
            return
        self._cards(p)
        if p.scope == "opd" or not self.whole_pemda:
            self._own_part(p)
        if not self.whole_pemda and self.verdict_costs:
            self._not_accepted(p)
        self._details(p)
        self._yandas(p)
        self._opd_table(p)
        if self.whole_pemda and len(p.opds) > 1:
            self._opd_chart(p)
        if self.whole_pemda:
            self._opds_without(p)
        self._distribution(p)
        self._not_counted(p)
        self._readings(p)
        self.grid.addStretch(1)

    def _cards(self, p: proj.PemdaProjection) -> None:
        row = QHBoxLayout()
        claimed, verified = p.claimed, p.verified
        if claimed.dinilai:
            step = self._next_text(p.next_claimed)
        else:
            step = self.tr(
                "No innovation submitted yet: the pemda cannot be assessed (the formula alone "
                "would give {0})."
            ).format(format_number(claimed.indeks_rumus))
        cards = [
            (
                self.tr("Index (claimed levels)"),
                link("set=counted", format_number(claimed.indeks_bulat)),
                claimed.predikat,
                step + "<br>" + self.tr("{0} innovation(s) counted").format(claimed.n),
                "claimedCard",
            ),
            (
                self.tr("Index (verified levels)"),
                link("set=verified", format_number(verified.indeks_bulat)),
                verified.predikat,
                (self._next_text(p.next_verified) + "<br>" if verified.dinilai else "")
                + self.tr("{0} of {1} claimed indicators verified").format(*p.verification),
                "verifiedCard",
            ),
            # An operator counts their OPD's drafts; the gain is the pemda's (every draft).
            (
                self.tr("Potential (your OPD's drafts not yet submitted)")
                if p.scope_opd
                else self.tr("Potential (drafts not yet submitted)"),
                link("set=potensi", str(p.count(proj.Status.POTENSI))),
                "",
                (
                    self.tr("If every draft of the pemda is submitted: {0} index points")
                    if p.scope_opd
                    else self.tr("If submitted: {0} index points")
                ).format(signed(p.potensi_gain)),
                "potensiCard",
            ),
        ]
        for title, big, predicate, small, name in cards:
            text = (
                f'<span style="color:#5b6b78">{title}</span><br>'
                f'<span style="font-size:26pt;font-weight:700">{big}</span><br>'
                + (f'<b style="color:#0b6e63">{predicate}</b><br>' if predicate else "")
                + f'<span style="color:#5b6b78">{small}</span>'
            )
            card = self._label(text, name=name)
            card.setFrameShape(QFrame.Shape.StyledPanel)
            card.setMargin(10)
            card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            row.addWidget(card, 1)
        holder = QWidget(self.body)
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(holder)

    def _next_text(self, step: tuple[str, Decimal] | None) -> str:
        if step is None:
            return self.tr("The highest predicate")
        return self.tr("{0} points to <b>{1}</b>").format(
            format_number(proj.ceil_points(step[1])), step[0]
        )

    def _own_part(self, p: proj.PemdaProjection) -> None:
        own = p.opd(p.scope_opd) if p.scope_opd else None
        if own is None:
            return
        box = self._section(self.tr("Your OPD's part: {0}").format(opd_label(own.opd_id, own.name)))
        box.addWidget(
            self._label(
                self.tr(
                    "The index above is the whole pemda's. Your OPD's {0} counted innovation(s) "
                    "contribute {1} points to the claimed index and {2} to the verified one."
                ).format(
                    link(proj.selector(set="counted", opd=own.opd_id), str(own.counted)),
                    format_number(own.contribution_klaim),
                    format_number(own.contribution_verifikasi),
                ),
                name="ownPart",
            )
        )

    def _not_accepted(self, p: proj.PemdaProjection) -> None:
        """Each verdict that cost the officer's innovations points: the indicator, the levels,
        the points and the verifier's note, under the innovation (a link that opens it)."""
        rules = self.context.rules(p.year)
        box = self._section(self.tr("What the verifier did not accept"))
        lines = []
        for item in self.verdict_costs:
            lines.append(
                f"<a href='{html.escape(item.innovation_id)}'>"
                f"{html.escape(innovation_title(item.nama))}</a>"
            )
            for c in item.costs:
                head = self.tr("{0}: level {1} → {2}, −{3} points").format(
                    f"{c.indicator}. {rules.indicators[c.indicator].name}",
                    c.claimed,
                    c.verified,
                    format_number(c.cost, 0 if c.cost == c.cost.to_integral_value() else 2),
                )
                note = f" <i>{html.escape(c.note)}</i>" if c.note else ""
                lines.append(
                    f"&nbsp;&nbsp;<span style='color:{ERROR_COLOUR}'>✖</span> "
                    f"{html.escape(head)}{note}"
                )
        label = QLabel("<br>".join(lines), self.body)
        label.setObjectName("notAccepted")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        label.linkActivated.connect(self.sig_open_innovation)
        box.addWidget(label)

    def _details(self, p: proj.PemdaProjection) -> None:
        box = self._section(self.tr("Score details"))
        c = p.claimed
        grid = QGridLayout()
        rows = [
            (self.tr("SPD score"), format_number(p.skor_spd)),
            (self.tr("SID score from kematangan"), format_number(c.skor_sid_indikator)),
            (self.tr("Innovation count score"), format_number(c.skor_jumlah_inovasi)),
            (
                self.tr("Divisor MAX(k, n)"),
                self.tr("{0} ({1} innovations counted)").format(c.pembagi, c.n),
            ),
            (self.tr("Empty seats"), str(c.kursi_kosong)),
        ]
        rows += [
            (
                self.tr("One more innovation, kematangan {0}").format(
                    format_number(g.kematangan, 0)
                ),
                self.tr("{0} index points").format(signed(g.points)),
            )
            for g in p.gains
        ]
        for number, (label, value) in enumerate(rows):
            left = QLabel(label, self.body)
            left.setObjectName("muted")
            grid.addWidget(left, number, 0)
            grid.addWidget(QLabel(value, self.body), number, 1)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)

    def _yandas(self, p: proj.PemdaProjection) -> None:
        y = p.claimed.yandas
        box = self._section(self.tr("Basic-service urusan (yandas)"))
        text = self.tr("{0} of the {1} required are covered.").format(len(y.covered), y.required)
        if not y.satisfied:
            text += " " + self.tr(
                "The innovation count score stays 0 until {0} more are covered."
            ).format(y.short_by)
        covered = ", ".join(
            link(proj.selector(set="counted", yandas=n), "✓ " + n) for n in y.covered
        )
        missing = ", ".join("✗ " + n for n in y.missing)
        box.addWidget(self._label(f"{text}<br>{covered}<br>{missing}", name="yandas"))

    def _opd_table(self, p: proj.PemdaProjection) -> None:
        box = self._section(self.tr("Per OPD") if self.whole_pemda else self.tr("Your OPD"))
        states = list(WorkflowState)
        headers = (
            [self.tr("OPD")]
            + [self._state_label(s.value) for s in states]
            + [
                self.tr("Completeness"),
                self.tr("Mandatory missing"),
                self.tr("Kematangan claimed / verified"),
                self.tr("Contribution (points)"),
                self.tr("Oldest waiting"),
            ]
        )
        table = QTableWidget(len(p.opds), len(headers), self.body)
        table.setObjectName("opdTable")
        table.setHorizontalHeaderLabels([_two_lines(h) for h in headers])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        now = datetime.now(UTC)
        selectors: dict[tuple[int, int], str] = {}
        for r, o in enumerate(p.opds):
            cells = [opd_label(o.opd_id, o.name)]
            selectors[(r, 0)] = proj.selector(opd=o.opd_id)
            for i, state in enumerate(states, start=1):
                count = o.states.get(state.value, 0)
                cells.append(str(count))
                if count:
                    selectors[(r, i)] = proj.selector(opd=o.opd_id, state=state.value)
            base = len(states) + 1
            cells += [
                f"{o.completeness} %" if o.completeness is not None else "–",
                str(o.mandatory_missing),
                f"{format_number(o.kematangan_klaim, 1)} / "
                f"{format_number(o.kematangan_verifikasi, 1)}",
                format_number(o.contribution_klaim),
                self.tr("{0} days").format((now - o.oldest_waiting).days)
                if o.oldest_waiting
                else "–",
            ]
            if o.mandatory_missing:
                selectors[(r, base + 1)] = proj.selector(opd=o.opd_id, missing="mandatory")
            selectors[(r, base + 3)] = proj.selector(set="counted", opd=o.opd_id)
            if o.oldest_waiting:
                selectors[(r, base + 4)] = proj.selector(opd=o.opd_id, waiting="review")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if (r, c) in selectors:
                    item.setForeground(KLAIM)
                    item.setToolTip(self.tr("Click to list the innovations"))
                if c == 0:  # the full name, which the column may cut short
                    item.setToolTip(f"{text}\n{item.toolTip()}".strip())
                if c == 0 and o.counted == 0:
                    item.setForeground(QColor("#a33b1d"))
                table.setItem(r, c, item)
        table.cellClicked.connect(
            lambda r, c: selectors.get((r, c)) and self.show_list(selectors[(r, c)])
        )
        table.resizeColumnsToContents()
        # The OPD column takes what the figures leave (long names end in "…", full name as
        # tooltip), so the table never scrolls sideways on a 1280 px laptop.
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(min(40 + 30 * len(p.opds), 420))
        self.opd_table = table
        box.addWidget(table)

    def _state_label(self, state: str) -> str:
        return workflow_label(state)  # the app's one word for each state (desktop.labels)

    def _chart(self, chart: QChart, height: int, name: str) -> QChartView:
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        view = QChartView(chart, self.body)
        view.setObjectName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(height)
        return view

    def _bar_sets(self) -> tuple[QBarSet, QBarSet]:
        klaim = QBarSet(self.tr("claimed"))
        klaim.setColor(KLAIM)
        verif = QBarSet(self.tr("verified"))
        verif.setColor(VERIF)
        return klaim, verif

    def _opd_chart(self, p: proj.PemdaProjection) -> None:
        box = self._section(self.tr("What each OPD contributes to the index (points)"))
        ordered = sorted(p.opds, key=lambda o: o.contribution_klaim)
        klaim, verif = self._bar_sets()
        for o in ordered:
            klaim.append(float(o.contribution_klaim))
            verif.append(float(o.contribution_verifikasi))
        series = QHorizontalBarSeries()
        series.append(klaim)
        series.append(verif)
        chart = QChart()
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([opd_label(o.opd_id, o.name)[:34] for o in ordered])
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        values = QValueAxis()
        values.setLabelFormat("%.1f")
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        opened: Callable[[int], None] = lambda index: self.show_list(  # noqa: E731
            proj.selector(set="counted", opd=ordered[index].opd_id)
        )
        klaim.clicked.connect(opened)
        verif.clicked.connect(opened)
        self.opd_chart = self._chart(chart, min(120 + 26 * len(ordered), 1600), "opdChart")
        box.addWidget(self.opd_chart)

    def _distribution(self, p: proj.PemdaProjection) -> None:
        box = self._section(
            self.tr("Kematangan of the counted innovations (maximum {0})").format(
                format_number(p.max_kematangan, 0)
            )
        )
        klaim, verif = self._bar_sets()
        for band in p.distribution:
            klaim.append(band.klaim)
            verif.append(band.verifikasi)
        series = QBarSeries()
        series.append(klaim)
        series.append(verif)
        chart = QChart()
        chart.addSeries(series)
        bands = QBarCategoryAxis()
        bands.append([b.label for b in p.distribution])
        chart.addAxis(bands, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(bands)
        counts = QValueAxis()
        top = max([b.klaim for b in p.distribution] + [b.verifikasi for b in p.distribution] + [1])
        counts.setLabelFormat("%d")
        counts.setRange(0, top)
        # Whole numbers only: a tick every 1 (or every few when the counts are large).
        counts.setTickType(QValueAxis.TickType.TicksDynamic)
        counts.setTickAnchor(0)
        counts.setTickInterval(max(1, -(-top // 6)))
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)
        klaim.clicked.connect(
            lambda index: self.show_list(proj.selector(set="counted", band=index))
        )
        verif.clicked.connect(
            lambda index: self.show_list(proj.selector(set="verified", vband=index))
        )
        self.distribution_chart = self._chart(chart, 240, "distributionChart")
        box.addWidget(self.distribution_chart)

    def _opds_without(self, p: proj.PemdaProjection) -> None:
        box = self._section(self.tr("OPDs with no innovation this year"))
        if not p.opds_without:
            box.addWidget(self._label(self.tr("Every OPD has submitted an innovation.")))
            return
        items = []
        for o in p.opds_without:
            entry = link(proj.selector(opd=o.opd_id), opd_label(o.opd_id, o.name))
            if o.potensi:
                entry += " " + self.tr("({0} draft(s))").format(o.potensi)
            items.append(entry)
        text = self.tr("Every OPD must report at least one innovation a year.") + "<br>"
        box.addWidget(self._label(text + "<br>".join(items), name="opdsWithout"))

    def _not_counted(self, p: proj.PemdaProjection) -> None:
        box = self._section(self.tr("Not counted"))
        box.addWidget(
            self._label(
                link(
                    "set=ineligible",
                    self.tr("{0} not eligible").format(p.count(proj.Status.INELIGIBLE)),
                )
                + " "
                + self.tr("(outside the assessment window or without a date)")
                + "<br>"
                + link(
                    "set=empty", self.tr("{0} empty record(s)").format(p.count(proj.Status.EMPTY))
                ),
            )  # fmt: skip
        )

    def _readings(self, p: proj.PemdaProjection) -> None:
        box = self._section(self.tr("How it is counted"))
        bases = {
            "official": self.tr("official source"),
            "clone": self.tr("as regional applications (SIMONDA and others) read it"),
            "inferred": self.tr("our own reading"),
        }
        lines = [f"{r.note} <i>({bases.get(r.basis, r.basis)})</i>" for r in p.readings]
        box.addWidget(self._label("<br>".join(lines), name="readings"))

    # --- the list behind a figure -------------------------------------------------------------

    @Slot(str)
    def show_list(self, selector: str) -> None:
        p = self.projection
        if p is None:
            return
        try:
            rows = proj.select(p, selector)
        except proj.SelectorError:
            return
        dialog = InnovationListDialog(self, p, rows, self._state_label)
        dialog.sig_open.connect(self.sig_open_innovation)
        self.list_dialog = dialog
        dialog.open()


class InnovationListDialog(QDialog):
    """The innovations behind one figure; double-click (or Enter) opens one."""

    sig_open = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        p: proj.PemdaProjection,
        rows: list[proj.InnovationRow],
        state_label: Callable[[str], str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Innovations behind the figure"))
        self.resize(900, 480)
        names = {o.opd_id: o.name for o in p.opds}
        self.rows = rows
        self.table = QTableWidget(len(rows), 6, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Innovation"), self.tr("OPD"), self.tr("State"), self.tr("Claimed"),
             self.tr("Verified"), self.tr("Note")]
        )  # fmt: skip
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            note = list(row.reasons)
            if row.mandatory_missing and row.status is not proj.Status.EMPTY:
                note.append(self.tr("Mandatory indicators without a level: {0}").format(
                    ", ".join(row.mandatory_missing)))  # fmt: skip
            cells = [
                innovation_title(row.nama),
                opd_label(row.opd_id, names.get(row.opd_id)),
                state_label(row.workflow_state),
                format_number(row.kematangan_klaim, 0),
                format_number(row.kematangan_verifikasi, 0) if row.indicators_verified else "–",
                " ".join(note),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.table.cellDoubleClicked.connect(lambda r, _c: self._open(r))
        self.count = QLabel(self.tr("{0} innovation(s)").format(len(rows)), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _open(self, row: int) -> None:
        self.sig_open.emit(self.rows[row].id)
        self.accept()
