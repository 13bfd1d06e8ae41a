"""`inovasi-server` (`python -m sync.server`): init, serve, demo, upgrade, account commands."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import ipaddress
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from uvicorn.protocols.http.h11_impl import H11Protocol

from sync.protocol import Role
from sync.server import accounts, demo
from sync.server.blobstore import create_blob_store
from sync.server.config import CONFIG_FILE_ENV, ENV_PREFIX, Settings, load_settings
from sync.server.db import Database, upgrade
from sync.server.problems import ProblemError


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from env + file, with the command line on top; exported to the env so that
    uvicorn worker processes build the same settings."""
    overrides = {
        "data_dir": getattr(args, "data", None),
        "host": getattr(args, "host", None),
        "port": getattr(args, "port", None),
        "workers": getattr(args, "workers", None),
        "database_url": getattr(args, "database_url", None),
    }
    for key, value in overrides.items():
        if value is not None:
            os.environ[ENV_PREFIX + key.upper()] = str(value)
    config = getattr(args, "config", None)
    if config is not None:
        os.environ[CONFIG_FILE_ENV] = str(Path(config).resolve())
    return load_settings()


def _password(args: argparse.Namespace, prompt: str) -> str:
    if args.password:
        return str(args.password)
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if line:
            return line
        raise SystemExit("Kata sandi kosong. / Empty password.")
    first = getpass.getpass(prompt)
    if getpass.getpass("Ulangi kata sandi / Repeat password: ") != first:
        raise SystemExit("Kata sandi tidak sama. / Passwords differ.")
    return first


def cmd_upgrade(args: argparse.Namespace) -> int:
    settings = _settings(args)
    settings.ensure_dirs()
    upgrade(settings.database_url)
    print("Basis data mutakhir. / Database is up to date.")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    settings = _settings(args)
    settings.ensure_dirs()
    upgrade(settings.database_url)
    password = _password(args, f"Kata sandi untuk admin {args.admin!r} / Password: ")
    db = Database(settings)
    try:
        with db.session_scope() as session:
            pemda = accounts.get_or_create_pemda(session, args.pemda_code, args.pemda_name)
            accounts.create_user(
                session,
                pemda,
                username=args.admin,
                password=password,
                role=Role.ADMIN,
                full_name=args.admin_name or "",
            )
    finally:
        db.dispose()
    print(f"Siap: pemda {args.pemda_name!r}, admin {args.admin!r}, data di {settings.data_dir}")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    settings = _settings(args)
    password = _password(args, f"Kata sandi untuk {args.username!r} / Password: ")
    db = Database(settings)
    try:
        with db.session_scope() as session:
            pemda = accounts.find_pemda(session, args.pemda)
            opd = accounts.find_opd(session, pemda, args.opd) if args.opd else None
            user = accounts.create_user(
                session,
                pemda,
                username=args.username,
                password=password,
                role=Role(args.role),
                full_name=args.full_name or "",
                opd=opd,
            )
            print(f"Akun dibuat / Account created: {user.username} ({user.role}) id={user.id}")
    finally:
        db.dispose()
    return 0


def cmd_import_opd(args: argparse.Namespace) -> int:
    settings = _settings(args)
    db = Database(settings)
    try:
        with db.session_scope() as session:
            pemda = accounts.find_pemda(session, args.pemda)
            created, updated = accounts.import_opd_file(session, pemda, Path(args.csv))
    finally:
        db.dispose()
    print(f"OPD baru: {created}, diperbarui: {updated} / created {created}, updated {updated}")
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    settings = _settings(args)
    password = _password(args, f"Kata sandi baru untuk {args.username!r} / New password: ")
    db = Database(settings)
    try:
        with db.session_scope() as session:
            accounts.set_password(session, accounts.find_user(session, args.username), password)
    finally:
        db.dispose()
    print("Kata sandi diganti; semua sesi akun ini diakhiri. / Password reset; sessions ended.")
    return 0


def _no_delay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with TCP_NODELAY on every connection.

    With ``--workers`` uvicorn binds the listening socket itself without naming the protocol,
    so asyncio does not turn Nagle's algorithm off on accepted connections; a response written
    in two parts then waits for the client's delayed ACK (40 ms), capping each keep-alive
    connection near 25 requests per second. Measured: 90 instead of 1600 health checks/s.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        _no_delay(transport)
        super().connection_made(transport)


try:  # uvicorn's C parser (httptools) when installed: the server extra installs it
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class NoDelayHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol with TCP_NODELAY (see :class:`NoDelayH11Protocol`);
        module level: with ``--workers`` the protocol class is pickled to each worker."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            _no_delay(transport)
            super().connection_made(transport)

    _FAST_PROTOCOL: type[asyncio.Protocol] | None = NoDelayHttpToolsProtocol
except ImportError:  # pragma: no cover - without httptools the h11 protocol serves
    _FAST_PROTOCOL = None


def http_protocol() -> type[asyncio.Protocol]:
    """The HTTP/1.1 protocol the server runs: uvicorn's httptools parser (C; a request body
    costs a fraction of the pure-Python h11 parser's CPU: bench/tus_upload.py) when installed,
    else h11; with TCP_NODELAY either way."""
    return _FAST_PROTOCOL or NoDelayH11Protocol


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _serve(settings: Settings) -> None:
    import uvicorn

    if not settings.public_url and not is_loopback(settings.host):
        raise SystemExit(
            f"Server mendengar di {settings.host}, tetapi public_url belum diatur. Atur "
            "INOVASI_SERVER_PUBLIC_URL (alamat yang dipakai klien, mis. "
            "https://inovasi.kab-contoh.go.id) lalu jalankan lagi.\n"
            f"The server listens on {settings.host} but public_url is not set. Set "
            "INOVASI_SERVER_PUBLIC_URL (the address clients use, e.g. "
            "https://inovasi.kab-contoh.go.id) and start again."
        )

    url = f"http://{settings.host}:{settings.port}"
    print(f"Server Inovasi Desk berjalan di / listening on {url}  (API: {url}/api/v1/)", flush=True)
    if settings.workers > 1:
        uvicorn.run(
            "sync.server.app:create_app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            http=http_protocol(),
            log_level=settings.log_level,
            proxy_headers=settings.trust_forwarded_for,
        )
    else:
        from sync.server.app import create_app

        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            http=http_protocol(),
            log_level=settings.log_level,
            proxy_headers=settings.trust_forwarded_for,
        )


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    settings.ensure_dirs()
    if not args.no_migrate:
        upgrade(settings.database_url)
    _serve(settings)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    settings = _settings(args)
    settings.ensure_dirs()
    upgrade(settings.database_url)
    db = Database(settings)
    try:
        with db.session_scope() as session:
            seeded = demo.seed_demo(session)
        with db.session_scope() as session:
            demo.seed_demo_innovations(session, create_blob_store(settings))
    finally:
        db.dispose()
    print(demo.describe(seeded), flush=True)
    if args.no_serve:
        return 0
    _serve(settings)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sync.server import export

    if args.verify is not None:
        return export.run_verify(args.verify)
    if args.year is None or args.out is None:
        print(
            "Sebutkan --year dan --out (atau --verify PAKET). / "
            "Give --year and --out (or --verify PACKAGE).",
            file=sys.stderr,
        )
        return 2
    from sync.server.blobstore import create_blob_store

    settings = _settings(args)
    db = Database(settings)
    try:
        return export.run_export(
            db,
            create_blob_store(settings),
            year=args.year,
            out=args.out,
            include_submitted=args.include_submitted,
            include_profiles=args.include_profiles,
            allow_missing=args.allow_missing,
            pemda_code=args.pemda,
        )
    finally:
        db.dispose()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inovasi-server", description="Server pusat Inovasi Desk / Inovasi Desk central server"
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, help="folder data (SQLite, blob, unggahan)")
    common.add_argument("--config", type=Path, help="berkas konfigurasi TOML")
    common.add_argument("--database-url", help="URL SQLAlchemy, mis. postgresql+psycopg://...")
    net = argparse.ArgumentParser(add_help=False)
    net.add_argument("--host", help="alamat dengar (bawaan 127.0.0.1)")
    net.add_argument("--port", type=int, help="port dengar (bawaan 8750)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", parents=[common], help="buat basis data dan admin pertama")
    p.add_argument("--pemda-code", required=True, help="kode pemda, mis. kab-contoh")
    p.add_argument("--pemda-name", required=True, help='nama pemda, mis. "Kabupaten Contoh"')
    p.add_argument("--admin", default="admin", help="nama pengguna admin")
    p.add_argument("--admin-name", help="nama lengkap admin")
    p.add_argument("--password", help="kata sandi admin (bila tidak, ditanya)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("upgrade", parents=[common], help="jalankan migrasi basis data")
    p.set_defaults(func=cmd_upgrade)

    p = sub.add_parser("serve", parents=[common, net], help="jalankan server")
    p.add_argument("--workers", type=int, help="jumlah proses API (bawaan 1)")
    p.add_argument("--no-migrate", action="store_true", help="jangan jalankan migrasi dulu")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", parents=[common, net], help="pemda dan akun demo, lalu jalankan")
    p.add_argument("--no-serve", action="store_true", help="hanya siapkan data demo")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("create-user", parents=[common], help="buat akun")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--opd", help="kode OPD (wajib untuk operator)")
    p.add_argument("--full-name")
    p.add_argument("--password")
    p.add_argument("--pemda", help="kode pemda (bila server punya lebih dari satu)")
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("import-opd", parents=[common], help="impor OPD dari CSV (kode,nama)")
    p.add_argument("csv", type=Path)
    p.add_argument("--pemda", help="kode pemda (bila server punya lebih dari satu)")
    p.set_defaults(func=cmd_import_opd)

    p = sub.add_parser(
        "export",
        parents=[common],
        help="tulis paket kirim (folder atau ZIP) untuk aplikasi nasional, atau periksa paket",
        description="Paket kirim: inovasi yang disetujui/siap kirim satu tahun aturan, dengan "
        "lembar kerja, bukti dukung per indikator, daftar isian PDF dan manifest SHA-256.",
    )
    p.add_argument("--year", type=int, help="tahun aturan, mis. 2026")
    p.add_argument("--out", type=Path, help="folder baru, atau berkas .zip, yang belum ada")
    p.add_argument(
        "--include-submitted",
        action="store_true",
        help="sertakan juga yang baru diajukan/revisi/terkirim (ditandai BELUM DISETUJUI)",
    )
    p.add_argument(
        "--include-profiles", action="store_true", help="profil inovasi PDF di setiap folder"
    )
    p.add_argument(
        "--allow-missing",
        action="store_true",
        help="tulis paket walau ada berkas yang belum ada di server (ditandai di paket)",
    )
    p.add_argument("--pemda", help="kode pemda (bila server punya lebih dari satu)")
    p.add_argument("--verify", type=Path, metavar="PAKET", help="periksa paket terhadap manifest")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("reset-password", parents=[common], help="ganti kata sandi akun")
    p.add_argument("username")
    p.add_argument("--password")
    p.set_defaults(func=cmd_reset_password)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``inovasi-server``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except ProblemError as exc:
        print(f"Galat: {exc.detail_id}\nError: {exc.detail_en}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"Berkas tidak ditemukan / file not found: {exc.filename}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    raise SystemExit(main())
