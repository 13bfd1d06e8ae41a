"""The command line of ``inovasi-desk``: options, and ``--help`` in the officer's language.

Indonesian by default, English with ``--lang en`` or when the data folder's saved language is
English (read from ``settings.ini`` without Qt, so ``--help`` stays instant). argparse's own
words ("usage:", "show this help message and exit", its error messages) follow too: argparse
looks them up through a module-level ``_`` (gettext), which :func:`parse_args` points at the
table below while it parses.
"""

from __future__ import annotations

import argparse
import configparser
import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

APP_NAME = "Inovasi Desk"
LANGUAGES = ("id", "en")

# Every option's help: (Indonesian, English).
HELP: dict[str, tuple[str, str]] = {
    "description": (
        "Aplikasi desktop Inovasi Desk: menyusun laporan inovasi daerah beserta bukti dukungnya, "
        "tanpa koneksi, dan mengirimnya ke server pemda saat koneksi tersedia.",
        "The Inovasi Desk desktop app: write regional innovation reports with their evidence, "
        "offline, and send them to the pemda's server whenever a connection exists.",
    ),
    "--lang": ("bahasa tampilan: id (Indonesia) atau en (Inggris)", "interface language"),
    "--data-dir": (
        "folder data (bawaan: $INOVASI_DESK_DATA, atau folder data pengguna)",
        "data folder (default: $INOVASI_DESK_DATA, else the per-user data folder)",
    ),
    "--self-test": (
        "uji aplikasi dari awal sampai akhir di folder sementara (tanpa layar)",
        "check the app end to end on a temporary folder (no screen needed)",
    ),
    "--check-data": (
        "periksa folder data dan tampilkan isinya; tidak membuat apa pun",
        "check the data folder and list what it holds; creates nothing",
    ),
    "--report": (
        "tulis juga hasil pemeriksaan ke BERKAS",
        "also write the check's output to FILE",
    ),
    "--server": (
        "alamat server sinkronisasi pemda (disimpan untuk pemakaian berikutnya)",
        "the pemda's sync server (saved for next time)",
    ),
    "--demo-login": (
        "masuk sebagai operator demo dari `inovasi-server demo` (untuk mencoba aplikasi)",
        "sign in as the demo operator of `inovasi-server demo` (for trying the app out)",
    ),
    "--sync-once": (
        "sinkronkan sekali tanpa jendela (data dan bukti dukung, dua arah), tampilkan "
        "ringkasannya lalu keluar (bukan nol bila ada yang tertinggal atau ditolak)",
        "synchronise once without a window (records and evidence, both ways), print a summary "
        "and exit (non-zero when something is left or refused)",
    ),
    "--user": (
        "dengan --sync-once: masuk sebagai NAMA (kata sandi dari masukan standar)",
        "with --sync-once: sign in as NAME (password on standard input)",
    ),
    "--read-evidence": (
        "baca berkas bukti dukung (PDF, JPG, PNG) tanpa internet dan cetak satu baris JSON "
        "per berkas",
        "read evidence files (PDF, JPG, PNG) offline and print one JSON line per file",
    ),
    "--innovation-name": (
        "dengan --read-evidence: sebutkan juga apakah dan di halaman mana NAMA muncul",
        "with --read-evidence: also say whether and on which page NAME appears",
    ),
    "--already-running": (
        "bila folder data sudah dibuka jendela lain: show (tampilkan jendela itu) atau close "
        "(tutup saja), tanpa bertanya",
        "when the data folder is already open in another window: show (bring that window to "
        "the front) or close, without asking",
    ),
    "--version": ("tampilkan nomor versi lalu keluar", "show the version and exit"),
    "--help": ("tampilkan bantuan ini lalu keluar", "show this help and exit"),
}
METAVARS = {
    "id": {"DIR": "FOLDER", "FILE": "BERKAS", "NAME": "NAMA"},
    "en": {"DIR": "DIR", "FILE": "FILE", "NAME": "NAME"},
}

# argparse's own messages (Python 3.11-3.13), Indonesian. Missing ones stay in English.
ARGPARSE_ID = {
    "usage: ": "pemakaian: ",
    "options": "pilihan",
    "positional arguments": "argumen",
    "show this help message and exit": HELP["--help"][0],
    "show program's version number and exit": HELP["--version"][0],
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "unrecognized arguments: %s": "pilihan tidak dikenal: %s",
    "argument %(argument_name)s: %(message)s": "pilihan %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan tidak sah: %(value)r (pilih salah satu dari %(choices)s)"
    ),
    "expected one argument": "perlu satu nilai",
    "ambiguous option: %(option)s could match %(matches)s": (
        "pilihan %(option)s tidak jelas; bisa berarti %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "not allowed with argument %s": "tidak boleh bersama %s",
}


def cli_language(argv: Sequence[str]) -> str:
    """``--lang`` from the command line, else the data folder's saved language, else "id"."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGUAGES:
            return value
    saved = _saved_language(_data_dir_from(argv))
    return saved if saved in LANGUAGES else "id"


def _data_dir_from(argv: Sequence[str]) -> Path | None:
    for i, arg in enumerate(argv):
        if arg.startswith("--data-dir="):
            return Path(arg.split("=", 1)[1])
        if arg == "--data-dir" and i + 1 < len(argv):
            return Path(argv[i + 1])
    override = os.environ.get("INOVASI_DESK_DATA")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("InovasiDesk", False))


def _saved_language(folder: Path | None) -> str | None:
    """``ui/language`` of ``settings.ini`` (QSettings' INI format) read without Qt; never
    creates anything, and a missing or unreadable file simply means "not saved"."""
    if folder is None:
        return None
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(folder / "settings.ini", encoding="utf-8")
        value = parser.get("ui", "language", fallback=None)
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    return str(value) if value is not None else None


@contextlib.contextmanager
def _argparse_words(language: str) -> Iterator[None]:
    """Point argparse's gettext lookups at our table while a parser is built and used."""
    if language != "id":
        yield
        return
    original: Callable[[str], str] = argparse._  # type: ignore[attr-defined]  # its gettext

    def translate(message: str) -> str:
        return ARGPARSE_ID.get(message) or original(message)

    argparse._ = translate  # type: ignore[attr-defined]  # see the module docstring
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


class _VersionAction(argparse._VersionAction):
    """``--version``, asking the package metadata only when it is used (it is slow to load)."""

    def __init__(self, *args: Any, version_of: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version_of = version_of

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        self.version = f"%(prog)s {self.version_of()}"
        super().__call__(parser, *args, **kwargs)


def build_parser(language: str, version: Callable[[], str]) -> argparse.ArgumentParser:
    words = 0 if language == "id" else 1
    meta = METAVARS[language]

    def help_of(option: str) -> str:
        return HELP[option][words]

    parser = argparse.ArgumentParser(
        prog="inovasi-desk", description=help_of("description"), add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help=help_of("--help"))
    parser.add_argument("--lang", choices=LANGUAGES, help=help_of("--lang"))
    parser.add_argument("--data-dir", type=Path, metavar=meta["DIR"], help=help_of("--data-dir"))
    parser.add_argument("--self-test", action="store_true", help=help_of("--self-test"))
    parser.add_argument("--check-data", action="store_true", help=help_of("--check-data"))
    parser.add_argument("--report", type=Path, metavar=meta["FILE"], help=help_of("--report"))
    parser.add_argument("--server", metavar="URL", help=help_of("--server"))
    parser.add_argument("--demo-login", action="store_true", help=help_of("--demo-login"))
    parser.add_argument("--sync-once", action="store_true", help=help_of("--sync-once"))
    parser.add_argument("--user", metavar=meta["NAME"], help=help_of("--user"))
    parser.add_argument(
        "--read-evidence",
        nargs="+",
        type=Path,
        metavar=meta["FILE"],
        help=help_of("--read-evidence"),
    )
    parser.add_argument(
        "--innovation-name", metavar=meta["NAME"], default="", help=help_of("--innovation-name")
    )
    parser.add_argument(
        "--already-running", choices=("show", "close"), help=help_of("--already-running")
    )
    parser.add_argument(
        "--exit-when-shown", action="store_true", help=argparse.SUPPRESS
    )  # bench/cold_start.py, bench/app_start.py: start up fully, paint the pages once, quit
    parser.add_argument(
        "--exit-when-framed", action="store_true", help=argparse.SUPPRESS
    )  # bench/app_start.py: quit once the window frame is painted (before the store opens)
    parser.add_argument(
        "--exit-when-listed", action="store_true", help=argparse.SUPPRESS
    )  # bench/app_start.py: quit once the list of innovations is painted
    parser.add_argument(
        "--exit-when-synced", action="store_true", help=argparse.SUPPRESS
    )  # scripts/run-app.sh's check: quit once everything is on the server (exit 3 after 2 min)
    parser.add_argument(
        "--version", action=_VersionAction, version_of=version, help=help_of("--version")
    )
    return parser


def parse_args(argv: Sequence[str], version: Callable[[], str]) -> argparse.Namespace:
    """The parsed command line; ``--help``, ``--version`` and errors exit as argparse does, in
    the language of :func:`cli_language`."""
    language = cli_language(argv)
    with _argparse_words(language):
        return build_parser(language, version).parse_args(list(argv))
