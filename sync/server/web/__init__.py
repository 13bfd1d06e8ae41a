"""The read-only web dashboard of the central server (``/``): the pemda's projected index for
pimpinan, admin and verifikator (operators see their own OPD), server-rendered with Jinja2 from
the same ``iid.projection`` figures the API serves; every asset served from here (no CDN).

Sign-in uses the server's one login check (``api_auth.authenticate``) and starts a browser
session (``web.sessions``): HttpOnly cookie, SameSite=Lax, Secure over HTTPS, a CSRF token on
every form, idle and absolute expiry, sign-out. Every page but the sign-in form requires a
session; nothing here changes data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from iid import projection as proj
from iid.rules import RuleSetError, available_years, load_rules
from iid.workflow import STATE_ID
from sync.protocol import Role
from sync.server.api_auth import authenticate
from sync.server.auth import Principal
from sync.server.db import Database
from sync.server.problems import ProblemError
from sync.server.projection import default_year, projection_for
from sync.server.web import sessions
from sync.server.web.sessions import WebUser

HERE = Path(__file__).resolve().parent
STATE_LABELS = {state.value: label for state, label in STATE_ID.items()}
ROLE_LABELS = {
    Role.OPERATOR: "Operator OPD",
    Role.VERIFIKATOR: "Verifikator",
    Role.ADMIN: "Admin pemda",
    Role.PIMPINAN: "Pimpinan",
    Role.KEPALA_OPD: "Kepala OPD",
}
STATUS_LABELS = {
    proj.Status.COUNTED: "Dihitung",
    proj.Status.POTENSI: "Potensi (draf)",
    proj.Status.INELIGIBLE: "Tidak memenuhi syarat",
    proj.Status.EMPTY: "Kosong",
}
BASIS_LABELS = {
    "official": "sumber resmi",
    "clone": "seperti aplikasi daerah (SIMONDA dan lainnya)",
    "inferred": "bacaan kami sendiri",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


# --- formatting (Indonesian) ---------------------------------------------------------------


def number(value: Decimal | int | float | None, places: int = 2) -> str:
    """Indonesian number: 1.234,56."""
    if value is None:
        return "–"
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def signed(value: Decimal, places: int = 2) -> str:
    return ("+" if value >= 0 else "−") + number(abs(value), places)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def when(value: datetime | None) -> str:
    if value is None:
        return "–"
    local = value.astimezone(UTC)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H.%M} UTC"


def waited(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "–"
    days = (now - value).days
    if days <= 0:
        return "hari ini"
    return f"{days} hari"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = number
    env.filters["signed"] = signed
    env.filters["when"] = when
    env.globals.update(
        STATE_LABELS=STATE_LABELS,
        ROLE_LABELS=ROLE_LABELS,
        STATUS_LABELS=STATUS_LABELS,
        BASIS_LABELS=BASIS_LABELS,
        selector=proj.selector,
        ceil_points=proj.ceil_points,
    )
    return env


_ENV = _environment()


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _ENV.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


# --- helpers -------------------------------------------------------------------------------


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _principal(user: WebUser) -> Principal:
    return Principal(
        user_id=user.user_id,
        username=user.username,
        role=user.role,
        pemda_id=user.pemda_id,
        opd_id=user.opd_id,
        token_id=f"web:{user.session_id}",
        device="web",
        pemda_opd_ids=user.pemda_opd_ids,
    )


def _safe_next(target: str | None) -> str:
    """Only a local path may follow sign-in (no open redirect)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _to_sign_in(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = RedirectResponse(f"/masuk?{urlencode({'next': target})}", status_code=303)
    for key, value in SECURITY_HEADERS.items():
        response.headers[key] = value
    return response


def _cross_site(request: Request) -> bool:
    """A form post sent from another site (Fetch metadata), refused before anything else."""
    return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


def _year(raw: str | None) -> int:
    if raw and raw.isdigit():
        return int(raw)
    return default_year()


# --- routes -------------------------------------------------------------------------------


def build_web_router() -> APIRouter:
    """The dashboard's pages (``/``, ``/inovasi``, ``/masuk``, ``/keluar``)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/masuk")
    def sign_in_form(request: Request, next: str | None = None) -> Response:  # noqa: A002
        if sessions.current(request, _db(request)) is not None:
            return RedirectResponse(_safe_next(next), status_code=303)
        return _sign_in_page(request, next=_safe_next(next))

    @router.post("/masuk")
    def sign_in(
        request: Request,
        username: str = Form("", max_length=150),
        password: str = Form("", max_length=1024),
        csrf: str = Form("", max_length=200),
        next: str = Form("/", max_length=2000),  # noqa: A002
    ) -> Response:
        db = _db(request)
        target = _safe_next(next)
        if _cross_site(request) or not sessions.same_token(
            csrf, request.cookies.get(sessions.LOGIN_CSRF_COOKIE)
        ):
            return _sign_in_page(
                request,
                next=target,
                username=username,
                error="Formulir masuk sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.",
                status=403,
            )
        if not username.strip() or not password:
            return _sign_in_page(
                request,
                next=target,
                username=username,
                error="Isi nama pengguna dan kata sandi.",
                status=422,
            )

        def open_session(session: Any, user: Any, address: str) -> str:
            from sync.server.audit import record_event

            raw = sessions.start(session, user, address, db.settings)
            record_event(
                session,
                action="auth.web_login",
                target_type="user",
                target_id=user.id,
                details={"username": user.username},
                actor_label=user.username,
                address=address,
                pemda_id=user.pemda_id,
            )
            return raw

        try:
            raw = authenticate(db, request, username, password, open_session)
        except ProblemError as error:
            message = error.detail_id
            return _sign_in_page(
                request,
                next=target,
                username=username,
                error=message,
                status=error.status,
            )
        response = RedirectResponse(target, status_code=303)
        sessions.set_cookie(
            response,
            request,
            db.settings,
            sessions.SESSION_COOKIE,
            raw,
            max_age=db.settings.web_session_hours * 3600,
        )
        sessions.clear_cookie(response, request, db.settings, sessions.LOGIN_CSRF_COOKIE)
        for key, value in SECURITY_HEADERS.items():
            response.headers[key] = value
        return response

    @router.post("/keluar")
    def sign_out(request: Request, csrf: str = Form("", max_length=200)) -> Response:
        db = _db(request)
        user = sessions.current(request, db)
        if user is None:
            return _to_sign_in(request)
        if _cross_site(request) or not sessions.same_token(csrf, user.csrf_token):
            return render(
                "error.html",
                status=403,
                user=user,
                message="Permintaan keluar ditolak: formulirnya tidak berasal dari halaman ini. "
                "Gunakan tombol Keluar pada dasbor.",
            )
        sessions.end(db, user.session_id)
        response = RedirectResponse("/masuk?keluar=1", status_code=303)
        sessions.clear_cookie(response, request, db.settings, sessions.SESSION_COOKIE)
        return response

    @router.get("/")
    def dashboard(request: Request, tahun: str | None = None) -> Response:
        db = _db(request)
        user = sessions.current(request, db)
        if user is None:
            return _to_sign_in(request)
        try:
            with db.session_scope() as session:
                p = projection_for(session, _principal(user), _year(tahun))
        except ProblemError as error:
            return render("error.html", status=error.status, user=user, message=error.detail_id)
        return render("dashboard.html", **_context(user, p))

    @router.get("/inovasi")
    def innovations(request: Request) -> Response:
        db = _db(request)
        user = sessions.current(request, db)
        if user is None:
            return _to_sign_in(request)
        query = dict(request.query_params)
        year = _year(query.pop("tahun", None))
        try:
            with db.session_scope() as session:
                p = projection_for(session, _principal(user), year)
            rows = proj.select(p, query)
        except ProblemError as error:
            return render("error.html", status=error.status, user=user, message=error.detail_id)
        except proj.SelectorError:
            return render(
                "error.html",
                status=404,
                user=user,
                message="Daftar yang diminta tidak dikenal. Kembali ke dasbor.",
            )
        if "opd" in query and p.opd(query["opd"]) is None:
            # Another OPD's list, asked by an operator: nothing of it is shown.
            return render(
                "error.html",
                status=403,
                user=user,
                message="Anda hanya dapat melihat inovasi OPD Anda sendiri.",
            )
        return render(
            "innovations.html",
            **_context(user, p),
            rows=rows,
            title=_describe(p, query),
        )

    return router


def _sign_in_page(
    request: Request,
    *,
    next: str,  # noqa: A002
    username: str = "",
    error: str | None = None,
    status: int = 200,
) -> Response:
    db = _db(request)
    token = request.cookies.get(sessions.LOGIN_CSRF_COOKIE)
    if not token or len(token) > 200:
        token = sessions.new_form_token()
    response = render(
        "sign_in.html",
        status=status,
        csrf=token,
        next=next,
        username=username,
        error=error,
        signed_out=request.query_params.get("keluar") == "1",
        user=None,
    )
    sessions.set_cookie(response, request, db.settings, sessions.LOGIN_CSRF_COOKIE, token, None)
    return response


def scored_years() -> list[int]:
    """Rule years whose rules can score a pemda (newest first): years that mark their SPD rows
    or count rule unknown (2023) cannot be chosen."""
    years = []
    for year in reversed(available_years()):
        try:
            rules = load_rules(year)
        except RuleSetError:
            continue
        if rules.is_known("spd_rows") and rules.is_known("count_score"):
            years.append(year)
    return years


def _context(user: WebUser, p: proj.PemdaProjection) -> dict[str, Any]:
    now = datetime.now(UTC)
    opd_names = {o.opd_id: o.name for o in p.opds}
    own = p.opd(p.scope_opd) if p.scope_opd else None
    top_contribution = max(
        [o.contribution_klaim for o in p.opds]
        + [o.contribution_verifikasi for o in p.opds]
        + [Decimal("0.0001")]
    )
    top_band = max([b.klaim for b in p.distribution] + [1])
    return {
        "user": user,
        "p": p,
        "now": now,
        "own": own,
        "opd_names": opd_names,
        "waited": lambda value: waited(value, now),
        "top_contribution": top_contribution,
        "top_band": top_band,
        "years": scored_years(),
        "year_query": f"tahun={p.year}",
        "counts": {status.value: p.count(status) for status in proj.Status},
    }


def _describe(p: proj.PemdaProjection, query: dict[str, str]) -> str:
    """A heading for the list behind a figure, in Indonesian."""
    parts: list[str] = []
    sets = {
        "counted": "Inovasi yang dihitung (klaim)",
        "verified": "Inovasi yang dihitung (terverifikasi)",
        "potensi": "Draf yang berpotensi menambah indeks",
        "ineligible": "Inovasi yang tidak memenuhi syarat",
        "empty": "Rekaman kosong",
        "all": "Semua inovasi",
    }
    parts.append(sets.get(query.get("set", "all"), "Inovasi"))
    if "opd" in query:
        opd = p.opd(query["opd"])
        parts.append(f"OPD {opd.name if opd and opd.name else 'tidak dikenal'}")
    if "state" in query:
        parts.append(f"status {STATE_LABELS.get(query['state'], query['state'])}")
    if "band" in query:
        parts.append(f"kematangan klaim {p.distribution[int(query['band'])].label}")
    if "vband" in query:
        parts.append(f"kematangan terverifikasi {p.distribution[int(query['vband'])].label}")
    if "yandas" in query:
        parts.append(f"urusan {query['yandas']}")
    if query.get("missing") == "mandatory":
        parts.append("indikator wajib belum diisi")
    if query.get("waiting") == "review":
        parts.append("menunggu verifikasi, terlama dulu")
    return " · ".join(parts)


def install(app: FastAPI) -> None:
    """Mount the dashboard's pages and its own static assets on ``app``."""
    app.include_router(build_web_router())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="web-static")
