"""The Dasbor / Ringkasan page against the real server with the demo pemda: the server's figure
(same numbers as the API and the web), every figure opens its innovations, the operator's own
part, and the cached figure with its time when the server is gone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.labels import format_number
from iid import projection as proj
from tests.gui.sync_support import close_window, open_window
from tests.server.live import DEMO_PASSWORDS, LiveServer, running_server, seed_innovations

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("server")) as live:
        assert seed_innovations(live) > 0
        yield live


def served(server: LiveServer, username: str) -> proj.PemdaProjection:
    token = server.login(username)
    r = httpx.get(f"{server.api}/projection", headers={"Authorization": f"Bearer {token}"})
    r.raise_for_status()
    return proj.projection_from_dict(r.json()["projection"])


def signed_in_window(
    qtbot: Any, data_dir: Path, translations: Any, server: LiveServer, username: str
) -> Any:
    window = open_window(qtbot, data_dir, translations, server.url)
    bridge = window.sync_bridge
    bridge.use_server(server.url)
    bridge.login(server.url, username, DEMO_PASSWORDS[username])
    return window


def show_dashboard(qtbot: Any, window: Any) -> Any:
    page = window.summary_page
    with qtbot.waitSignal(page.sig_refreshed, timeout=60_000):
        window.show_page("summary")
    return page


def test_the_dashboard_shows_the_servers_figure_and_opens_the_rows_behind_it(
    qtbot: Any, tmp_path: Path, translations: Any, demo_server: LiveServer
) -> None:
    window = signed_in_window(qtbot, tmp_path / "admin", translations, demo_server, "admin")
    try:
        page = show_dashboard(qtbot, window)
        assert page.loaded.source == "server"
        expected = served(demo_server, "admin")
        assert page.projection.claimed == expected.claimed
        assert page.projection.verified == expected.verified
        assert page.whole_pemda and window.nav.item(3).text() == "Dasbor"
        card = page.findChild(type(page.source), "potensiCard").text()
        assert "Potensi (draf belum diajukan)" in card and "Bila diajukan:" in card
        # Every OPD has its row, the one without innovation included.
        table = page.opd_table
        names = [table.item(r, 0).text() for r in range(table.rowCount())]
        assert "Dinas Pariwisata" in names and len(names) == len(expected.opds)
        # A state count opens exactly those innovations.
        row = names.index("Dinas Kesehatan")
        column = 1 + [s.value for s in proj.WorkflowState].index("diajukan")
        table.cellClicked.emit(row, column)
        dialog = page.list_dialog
        opd = next(o for o in expected.opds if o.name == "Dinas Kesehatan")
        wanted = proj.select(expected, proj.selector(opd=opd.opd_id, state="diajukan"))
        assert [r.id for r in dialog.rows] == [r.id for r in wanted] and wanted
        dialog.close()
        # The claimed index is a link to the counted set.
        page.show_list("set=counted")
        assert len(page.list_dialog.rows) == expected.claimed.n
        page.list_dialog.close()
        # The charts are there and a bar opens its OPD's list.
        assert page.opd_chart.chart().series()[0].count() == 2
        assert page.distribution_chart.chart().series()
    finally:
        close_window(window)


def test_an_operator_sees_the_pemda_figure_and_their_opds_part(
    qtbot: Any, tmp_path: Path, translations: Any, demo_server: LiveServer
) -> None:
    window = signed_in_window(qtbot, tmp_path / "op", translations, demo_server, "operator")
    try:
        page = show_dashboard(qtbot, window)
        whole = served(demo_server, "pimpinan")
        assert page.projection.claimed == whole.claimed
        assert page.projection.scope == "opd" and len(page.projection.opds) == 1
        assert not page.whole_pemda and window.nav.item(3).text() == "Ringkasan"
        own = page.findChild(type(page.source), "ownPart")
        share = page.projection.opd(page.projection.scope_opd)
        assert own is not None and share is not None and share.counted == 3
        assert f"menyumbang {format_number(share.contribution_klaim)} poin" in own.text()
        # The drafts counted are the OPD's own; the gain beside them is the whole pemda's.
        card = page.findChild(type(page.source), "potensiCard").text()
        assert "Potensi (draf OPD Anda belum diajukan)" in card
        assert f">{share.potensi}<" in card and share.potensi < whole.count(proj.Status.POTENSI)
        assert "Bila semua draf di pemda diajukan" in card
    finally:
        close_window(window)


def test_offline_the_cached_figure_is_shown_with_its_time(
    qtbot: Any, tmp_path: Path, translations: Any
) -> None:
    data = tmp_path / "verifier"
    with running_server(tmp_path / "server") as live:
        seed_innovations(live)
        window = signed_in_window(qtbot, data, translations, live, "verifikator")
        page = show_dashboard(qtbot, window)
        first = page.projection
        assert page.loaded.source == "server"
        close_window(window)
    # The server is gone: the same figure comes from the cache, with when it was fetched.
    window = open_window(qtbot, data, translations, live.url)
    try:
        page = show_dashboard(qtbot, window)
        assert page.loaded.source == "cache"
        assert page.projection == first
        assert "Tersimpan dari server pada" in page.source.text()
        assert "tidak dapat dihubungi" in page.source.text()
    finally:
        close_window(window)
