"""The web dashboard in a real browser (headless Chromium): sign-in, a wrong password, session
expiry, sign-out, an operator confined to their OPD, a pimpinan who cannot change anything, no
page without sign-in; the figures equal the API's projection. Screenshots at phone and laptop
widths when ``INOVASI_WEB_SCREENSHOTS`` names a folder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select, update

from sync.server.db import Database
from sync.server.models import Opd, WebSession
from tests.server.live import DEMO_PASSWORDS, LiveServer
from tests.web.conftest import screenshot_dir

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def open_fresh(driver: Any, server: LiveServer, path: str) -> None:
    """Go to ``path`` with no cookies of the server left from an earlier test."""
    driver.get(server.url + "/static/dashboard.css")
    driver.delete_all_cookies()
    driver.get(server.url + path)


def sign_in(driver: Any, server: LiveServer, username: str, password: str | None = None) -> None:
    from selenium.webdriver.common.by import By

    open_fresh(driver, server, "/masuk")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password or DEMO_PASSWORDS[username])
    click_and_wait(driver, "sign-in")


def click_and_wait(driver: Any, element_id: str) -> None:
    """Click an element that submits a form or follows a link, and wait until the next page
    has loaded (a click does not wait for the navigation it starts)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, element_id).click()

    def loaded(d: Any) -> bool:
        try:
            old.tag_name  # noqa: B018 - raises once the old page is gone
            return False
        except Exception:  # noqa: BLE001 - StaleElementReferenceException
            return d.execute_script("return document.readyState") == "complete"

    WebDriverWait(driver, 30, poll_frequency=0.05).until(loaded)


def text_of(driver: Any, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.ID, element_id).text)


def path_of(driver: Any) -> str:
    return urlsplit(driver.current_url).path


def api_projection(server: LiveServer, username: str) -> dict[str, Any]:
    token = server.login(username)
    r = httpx.get(
        f"{server.api}/projection", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    r.raise_for_status()
    result: dict[str, Any] = r.json()["projection"]
    return result


def test_no_page_works_without_sign_in(browser: Any, demo_server: LiveServer) -> None:
    for path in ("/", "/inovasi?set=counted", "/?tahun=2026"):
        open_fresh(browser, demo_server, path)
        assert path_of(browser) == "/masuk"
        assert "Masuk ke dasbor" in browser.page_source
        assert "Sekolah Ramah Baca Digital" not in browser.page_source
    # The page says nothing about the pemda either.
    assert "34," not in text_of(browser, "sign-in-form")


def test_wrong_password_is_refused_and_says_so(browser: Any, demo_server: LiveServer) -> None:
    sign_in(browser, demo_server, "pimpinan", "not-the-password")
    assert path_of(browser) == "/masuk"
    assert "salah" in text_of(browser, "sign-in-error")
    assert browser.get_cookie("idk_web") is None
    browser.get(demo_server.url + "/")
    assert path_of(browser) == "/masuk"


def test_sign_in_shows_the_servers_figures_and_every_figure_opens_its_list(
    browser: Any, demo_server: LiveServer
) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, demo_server, "pimpinan")
    assert path_of(browser) == "/"
    served = api_projection(demo_server, "pimpinan")
    shown = text_of(browser, "claimed-index").replace(",", ".")
    assert shown == served["claimed"]["indeks_bulat"]
    assert text_of(browser, "claimed-predicate") == served["claimed"]["predikat"]
    assert (
        text_of(browser, "verified-index").replace(",", ".") == served["verified"]["indeks_bulat"]
    )
    # The session cookie is HttpOnly and SameSite (plain http on loopback: not Secure).
    cookie = browser.get_cookie("idk_web")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"
    # The OPD with no innovation is named; every OPD is in the table.
    assert "Dinas Pariwisata" in text_of(browser, "opds-without")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#opd-table tbody tr")) == len(served["opds"])
    _screenshots(browser, "web-dashboard")
    # Clicking the claimed index lists exactly the counted innovations.
    click_and_wait(browser, "claimed-card")
    assert path_of(browser) == "/inovasi"
    assert int(text_of(browser, "list-count")) == served["claimed"]["n"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#innovation-list tbody tr")
    counted = {i["id"] for i in served["innovations"] if i["status"] == "counted"}
    assert {r.get_attribute("data-id") for r in rows} == counted


def _screenshots(browser: Any, name: str) -> None:
    folder = screenshot_dir()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for label, width, height in (("phone", 390, 844), ("laptop", 1366, 900)):
        browser.set_window_size(width, height)
        browser.get(browser.current_url)
        total = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(width, min(int(total) + 140, 4000))
        browser.save_screenshot(str(folder / f"{name}-{label}.png"))
    browser.set_window_size(1366, 900)


def test_session_expiry_sends_back_to_sign_in(browser: Any, demo_server: LiveServer) -> None:
    sign_in(browser, demo_server, "verifikator")
    assert path_of(browser) == "/", browser.page_source[-3000:]
    db = Database(demo_server.settings)
    try:
        with db.session_scope() as session:
            session.execute(
                update(WebSession)
                .where(WebSession.revoked_at.is_(None))
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
    finally:
        db.dispose()
    browser.get(demo_server.url + "/inovasi?set=counted")
    assert path_of(browser) == "/masuk"
    assert "next=%2Finovasi" in browser.current_url
    # Signing in again lands on the page that was asked for.
    from selenium.webdriver.common.by import By

    browser.find_element(By.ID, "username").send_keys("verifikator")
    browser.find_element(By.ID, "password").send_keys(DEMO_PASSWORDS["verifikator"])
    click_and_wait(browser, "sign-in")
    assert path_of(browser) == "/inovasi"


def test_idle_session_ends(browser: Any, demo_server: LiveServer) -> None:
    sign_in(browser, demo_server, "admin")
    db = Database(demo_server.settings)
    try:
        with db.session_scope() as session:
            session.execute(
                update(WebSession)
                .where(WebSession.revoked_at.is_(None))
                .values(last_seen_at=datetime.now(UTC) - timedelta(hours=2))
            )
    finally:
        db.dispose()
    browser.get(demo_server.url + "/")
    assert path_of(browser) == "/masuk"


def test_sign_out_ends_the_session_for_good(browser: Any, demo_server: LiveServer) -> None:

    sign_in(browser, demo_server, "admin")
    old = browser.get_cookie("idk_web")["value"]
    click_and_wait(browser, "sign-out")
    assert path_of(browser) == "/masuk"
    assert "sudah keluar" in text_of(browser, "signed-out")
    browser.get(demo_server.url + "/")
    assert path_of(browser) == "/masuk"
    # The old cookie value opens nothing any more.
    r = httpx.get(demo_server.url + "/", cookies={"idk_web": old}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/masuk")


def test_an_operator_sees_only_their_own_opd(browser: Any, demo_server: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    db = Database(demo_server.settings)
    try:
        with db.session_scope() as session:
            opds = dict(session.execute(select(Opd.code, Opd.id)).all())
    finally:
        db.dispose()
    sign_in(browser, demo_server, "operator")  # Dinas Pendidikan
    rows = browser.find_elements(By.CSS_SELECTOR, "#opd-table tbody tr")
    assert [r.get_attribute("data-opd") for r in rows] == [opds["DISDIK"]]
    assert "Dinas Pendidikan" in text_of(browser, "scope-note")
    page = browser.page_source
    for other in ("Posyandu Pintar", "Dinas Kesehatan", "Dinas Pariwisata"):
        assert other not in page
    # The pemda's figure is the same one everybody sees.
    whole = api_projection(demo_server, "pimpinan")
    assert text_of(browser, "claimed-index").replace(",", ".") == whole["claimed"]["indeks_bulat"]
    # Another OPD's list, asked for by URL, shows nothing of it.
    browser.get(f"{demo_server.url}/inovasi?opd={opds['DINKES']}")
    assert "OPD Anda sendiri" in text_of(browser, "page-error")
    assert "Posyandu Pintar" not in browser.page_source
    browser.get(f"{demo_server.url}/inovasi?set=counted")
    shown = {
        r.get_attribute("data-id")
        for r in browser.find_elements(By.CSS_SELECTOR, "#innovation-list tbody tr")
    }
    own = {
        i["id"]
        for i in whole["innovations"]
        if i["opd_id"] == opds["DISDIK"] and i["status"] == "counted"
    }
    assert shown == own and own


def test_a_pimpinan_cannot_change_anything(browser: Any, demo_server: LiveServer) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, demo_server, "pimpinan")
    forms = browser.find_elements(By.TAG_NAME, "form")
    assert [f.get_attribute("action") for f in forms] == [demo_server.url + "/keluar"]
    assert not browser.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), textarea, select")
    cookie = browser.get_cookie("idk_web")["value"]
    jar = {"idk_web": cookie}
    # The browser session is no API credential: a push with it is refused.
    push = httpx.post(
        f"{demo_server.api}/sync/push",
        cookies=jar,
        json={
            "records": [
                {
                    "type": "innovation",
                    "id": "x1",
                    "version": 1,
                    "base_version": 0,
                    "content": {"opd_id": "x", "rule_year": 2026},
                }
            ]
        },
    )
    assert push.status_code == 401
    # A forged sign-out (no CSRF token) does not end the session.
    forged = httpx.post(demo_server.url + "/keluar", cookies=jar, data={"csrf": "guess"})
    assert forged.status_code == 403
    browser.get(demo_server.url + "/")
    assert path_of(browser) == "/"
    # Even with a bearer token, pimpinan may not push (the server's rule).
    token = demo_server.login("pimpinan")
    denied = httpx.post(
        f"{demo_server.api}/sync/push",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "records": [
                {
                    "type": "innovation",
                    "id": "x1",
                    "version": 1,
                    "base_version": 0,
                    "content": {"opd_id": "x", "rule_year": 2026},
                }
            ]
        },
    )
    assert denied.status_code == 403
