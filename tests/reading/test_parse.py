"""Parsing page texts: each jenis from its heading (with OCR slips), nomor, tanggal, tahun,
tentang, "a.n." signing, and the innovation's name."""

from __future__ import annotations

from datetime import date

import pytest

from sync.local.reading.parse import (
    detect_jenis,
    detect_nomor,
    detect_tahun,
    detect_tanggal,
    detect_tentang,
    extract,
    find_name,
    is_date_line,
    vote_date,
)

SIGNED = "\nDitetapkan di Sidoarjo\npada tanggal 4 Maret 2024\n\nBUPATI SIDOARJO\n"


@pytest.mark.parametrize(
    ("heading", "jenis"),
    [
        ("PERATURAN DAERAH KABUPATEN SIDOARJO\nNOMOR 5 TAHUN 2024", "perda"),
        ("PERATURAN BUPATI SIDOARJO\nNOMOR 12 TAHUN 2024", "perkada"),
        ("PERATURAM BUPATI SIDOARJO\nNOMOR 12 TAHUN 2024", "perkada"),  # one OCR slip
        ("PERATURAN WALI KOTA MALANG\nNOMOR 3 TAHUN 2025", "perkada"),
        ("PERATURAN GUBERNUR JAWA TIMUR\nNOMOR 3 TAHUN 2025", "perkada"),
        ("KEPUTUSAN BUPATI GOWA\nNOMOR: 188.45/12/KPTS/2024", "sk_kepala_daerah"),
        ("KEPUTUSAN WALIKOTA PADANG\nNOMOR 100/2/2024", "sk_kepala_daerah"),
        ("KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN GOWA\nNOMOR 800/1/2024", "sk_kepala_pd"),
        ("KEPUTUSAN CAMAT BUDURAN\nNOMOR 800/1/2024", "sk_kepala_pd"),
        ("PEMERINTAH KOTA MALANG\nDINAS SOSIAL\nSURAT TUGAS\nNomor: 094/1/2024", "surat_tugas"),
        ("SURAT PERINTAH TUGAS\nNomor: 094/1/2024", "surat_tugas"),
        ("PEMERINTAH KOTA MALANG\nDOKUMEN PELAKSANAAN ANGGARAN\nTAHUN ANGGARAN 2025", "dpa"),
        (
            "LAMPIRAN PERATURAN BUPATI GOWA\nNOMOR 4 TAHUN 2024\n"
            "RENCANA KERJA PEMERINTAH DAERAH TAHUN 2025",
            "rkpd",
        ),
        ("DINAS SOSIAL\nSTANDAR OPERASIONAL PROSEDUR\nNomor: SOP/1/2024", "sop"),
        ("PERJANJIAN KERJA SAMA\nANTARA PEMERINTAH KOTA A\nDENGAN PEMERINTAH KOTA B", "pks"),
        ("NOTA KESEPAHAMAN\nANTARA", "pks"),
        ("SURAT PERNYATAAN\nYang bertanda tangan", "surat_pernyataan"),
        ("DINAS SOSIAL\nUNDANGAN\nNomor: 005/1/2024", "undangan"),
        ("DAFTAR HADIR RAPAT KOORDINASI", "undangan"),
        ("LAPORAN\nPELAKSANAAN INOVASI", "laporan"),
    ],
)
def test_the_heading_decides_the_jenis(heading: str, jenis: str) -> None:
    assert detect_jenis([heading + "\nTENTANG\nINOVASI DAERAH\n" + SIGNED]) == jenis


def test_a_text_without_heading_or_decree_structure_has_no_jenis() -> None:
    assert detect_jenis(["Foto kegiatan sosialisasi\ndi balai desa, 4 Maret 2024"]) == ""


def test_a_subject_that_names_another_kind_does_not_decide() -> None:
    text = "PERATURAN BUPATI SIDOARJO\nNOMOR 1 TAHUN 2024\nTENTANG\nSTANDAR OPERASIONAL PROSEDUR"
    assert detect_jenis([text]) == "perkada"


@pytest.mark.parametrize(
    "signature",
    [
        "a.n. BUPATI SIDOARJO\nKEPALA DINAS SOSIAL",
        "an. BUPATI SIDOARJO\nKEPALA DINAS SOSIAL",
        "atas nama BUPATI SIDOARJO\nKEPALA DINAS SOSIAL",
        "PEMDA. GOBERNDK JAWN TIMUR\nEPALA DINAS SOSIAL",  # the stamp hid the "a.n."
    ],
)
def test_a_kepala_pd_decree_signed_on_behalf_of_the_head(signature: str) -> None:
    text = (
        "KEPUTUSAN KEPALA DINAS SOSIAL PROVINSI JAWA TIMUR\nNOMOR 800/1/2024\nTENTANG\nX\n"
        f"Ditetapkan di Surabaya\npada tanggal 2 Mei 2024\n{signature}\nDRS. A"
    )
    assert detect_jenis([text]) == "sk_kepala_pd_an"


def test_a_plain_kepala_pd_decree_is_not_on_behalf() -> None:
    text = (
        "KEPUTUSAN KEPALA DINAS SOSIAL KABUPATEN SIDOARJO\nNOMOR 800/1/2024\nTENTANG\nX\n"
        "Ditetapkan di Sidoarjo\npada tanggal 2 Mei 2024\nKEPALA DINAS SOSIAL\nDRS. A"
    )
    assert detect_jenis([text]) == "sk_kepala_pd"


def test_an_unreadable_heading_falls_back_to_the_decree_structure() -> None:
    text = (
        "KEPITITISAN KHPAI.A DINAS\nNOMOR 800/6511/411.3/2022\nTENTANG\nX\n"
        "Ditetapkan di Sidoarjo\n/pada tanggal 12 Januari 2022\nN KEPALA DINAS KOMINFO\nIR. B"
    )
    assert detect_jenis([text]) == "sk_kepala_pd"


@pytest.mark.parametrize(
    "signature",
    [
        "aii-BUPATI SIDOARJO\nKEPALA DINAS KOMINFO",  # "a.n." read into the title
        "ap PBUBAYI SIDOARJO\nEPALA /DJFNAS KOMINFO",  # the title under the stamp; the place
    ],
)
def test_on_behalf_under_an_unreadable_heading(signature: str) -> None:
    text = (
        "SUNUSAN KAPALA BADAN\nNOMOR 800/6511/411.3/2022\nTENTANG\nX\n"
        f"Ditetapkan di Sidoarjo\npada tanggal 12 Januari 2022\n{signature}\nIR. B"
    )
    assert detect_jenis([text]) == "sk_kepala_pd_an"
    plain = text.replace(signature.split("\n")[0] + "\n", "Pg\n")  # stamp specks: not a.n.
    assert detect_jenis([plain]) == "sk_kepala_pd"


@pytest.mark.parametrize(
    ("text", "nomor"),
    [
        ("PERATURAN DAERAH\nNOMOR 5 TAHUN 2024\nTENTANG", "5 TAHUN 2024"),
        ("PERATURAN DAERAH\nNOMOR 5 TAHUN 2O24\nTENTANG", "5 TAHUN 2024"),
        ("KEPUTUSAN BUPATI\nNOMOR: 188.45 / 123 / KPTS / 2024\n", "188.45/123/KPTS/2024"),
        ("SURAT TUGAS\nNomor : 094/321/102.7/2O25", "094/321/102.7/2025"),
        ("DPA\n' Nomor DPA | DPA/A.1/1.02.0.00/001/2023 |", "DPA/A.1/1.02.0.00/001/2023"),
        ("DPA\nNomor DPA ' DPA/A.1/1.02.0.00/001/2025", "DPA/A.1/1.02.0.00/001/2025"),
        ("SURAT TUGAS\nNomor:\n094/5/2024", "094/5/2024"),
        ("LAPORAN KEGIATAN\nMengingat Undang-Undang Nomor 23 Tahun 2014", ""),
    ],
)
def test_the_nomor_is_the_headings_own(text: str, nomor: str) -> None:
    assert detect_nomor([text]) == nomor


def test_the_signing_date_wins_over_other_dates() -> None:
    text = "Rapat tanggal 1 Januari 2023 membahas\n" + SIGNED + "\ncatatan 9 Mei 2025"
    assert detect_tanggal([text]) == date(2024, 3, 4)


def test_without_a_signing_phrase_the_last_date_is_taken() -> None:
    text = "Kegiatan 1 Januari 2023\nSidoarjo, 12 Februari 2025\nKEPALA DINAS"
    assert detect_tanggal([text]) == date(2025, 2, 12)


@pytest.mark.parametrize(
    ("words", "day"),
    [
        ("pada tanggal 4 Septernber 2024", date(2024, 9, 4)),  # rn for m
        ("pada tanggal 4 Agt 2024", date(2024, 8, 4)),
        ("pada tanggal 3O Desember 2O24", date(2024, 12, 30)),
        ("pada tanggal 31 Februari 2024", None),  # no such day
        ("Gowa,.8.Maret 2022", date(2022, 3, 8)),  # specks read as dots
    ],
)
def test_month_and_digit_slips(words: str, day: date | None) -> None:
    assert detect_tanggal([words]) == day


@pytest.mark.parametrize(
    ("line", "is_date"),
    [
        ("Sidoarjo, 4 Maret 2024", True),
        ("pada tanggal 17 Oktober 2024", True),
        ("| Fida tanggal 19 Oktober 2O24", True),
        ("Gowa, Nuni 2022", True),  # "6 Juni" under a stamp: still a date line
        ("Kubu Raya, & April 2022", True),
        ("Nomor: 005/99/402.4/2022", False),
        ("TAHUN ANGGARAN 2025", False),
        ("RENCANA KERJA PEMERINTAH DAERAH TAHUN 2025", False),
        ("Mengingat Undang-Undang Nomor 23 Tahun 2014", False),
        ("DR. SITI AMINAH, M.KES", False),
    ],
)
def test_date_lines_are_told_from_other_lines_with_years(line: str, is_date: bool) -> None:
    assert is_date_line(line) is is_date


def test_the_reads_of_a_date_line_vote() -> None:
    today = date(2026, 12, 5)
    # The page's read lost the day under a stamp; two of three cut reads agree.
    reads = [
        ("Kubu Raya, & April 2022", 60.0, False),
        ("Ktibu Raya, 8 April 2022", 50.0, False),
        ("Kubu Raya. 6 April 2022", 90.0, True),
        ("Kubu Rava. 6 April 2022", 80.0, True),
    ]
    assert vote_date(reads, today) == "Kubu Raya. 6 April 2022"
    # Equal votes: the more confident reads win.
    two = [("Padang, 7 Maret 2022", 95.0, False), ("Padang, 1 Maret 2022", 40.0, True)]
    assert vote_date(two, today) == "Padang, 7 Maret 2022"
    # A date after today is an OCR slip, not a vote; nothing readable gives None.
    future = [("Padang, 7 Maret 2029", 99.0, False), ("Padang, 7 Maret 2023", 30.0, False)]
    assert vote_date(future, today) == "Padang, 7 Maret 2023"
    assert vote_date([("Gowa, Nuni 2022", 93.0, False), ("", 0.0, True)], today) is None


def test_a_stamp_hides_a_day_digit_it_does_not_add_one() -> None:
    today = date(2026, 12, 5)
    # The ring crossed the "1": the page and the plain read lost it, the cut read kept it.
    reads = [
        ("pada tanggal 5 Februari 2023", 90.0, False),
        ("Pada tanggal 5 Februari 2023", 83.0, False),
        ("pada tanggal J5 Februari 2023", 81.0, True),
    ]
    assert vote_date(reads, today) == "pada tanggal J5 Februari 2023"
    assert detect_tanggal([str(vote_date(reads, today))]) == date(2023, 2, 15)
    # Only a cut read counts for the longer day, and only with the same last digit.
    assert (
        vote_date([reads[0], reads[1], ("x 15 Februari 2023", 99.0, False)], today) == (reads[0][0])
    )
    other = [reads[0], reads[1], ("pada tanggal 16 Februari 2023", 99.0, True)]
    assert vote_date(other, today) == reads[0][0]


def test_the_year_in_the_nomor_breaks_a_tie_between_dates() -> None:
    text = "Padang, 7 Maret 2021\nPadang, 7 Maret 2022"
    assert detect_tanggal([text], nomor="800/12/2022") == date(2022, 3, 7)


def test_budget_and_plan_years() -> None:
    dpa = ["DOKUMEN PELAKSANAAN ANGGARAN\nTAHUN ANGGARAN 2025\nNomor DPA | X/2024"]
    assert detect_tahun(dpa, "dpa") == 2025
    rkpd = ["LAMPIRAN\nRENCANA KERJA PEMERINTAH DAERAH TAHUN 2026"]
    assert detect_tahun(rkpd, "rkpd") == 2026
    assert detect_tahun(["PERATURAN DAERAH\nTAHUN ANGGARAN 2025"], "perda") is None


def test_tentang_stops_at_the_body() -> None:
    text = (
        "PERATURAN BUPATI SIDOARJO\nNOMOR 1 TAHUN 2024\nTENTANG\nPELAKSANAAN INOVASI\n"
        "SIPANDU CEPAT\nDENGAN RAHMAT TUHAN YANG MAHA ESA\nBUPATI SIDOARJO"
    )
    assert detect_tentang([text]) == "Pelaksanaan Inovasi Sipandu Cepat"
    assert detect_tentang(["SURAT TUGAS\nNomor: 1/2024"]) == ""


def test_find_name_tolerates_spacing_case_and_a_slip() -> None:
    pages = ["Pasal 1\numum", "Inovasi SIPANDU  CEPAT dilaksanakan", "penutup"]
    assert find_name(pages, "SiPandu Cepat") == 2
    assert find_name(["Inovasi Si Pandu Cepat"], "SiPandu Cepat") == 1
    assert find_name(["Inovasi SiPanclu Cepat"], "SiPandu Cepat") == 1  # OCR: cl for d
    assert find_name(["Inovasi daerah secara umum"], "SiPandu Cepat") is None
    assert find_name(["apa saja"], "  ") is None


def test_extract_on_nothing_is_empty() -> None:
    found = extract([""])
    assert (found.jenis, found.nomor, found.tanggal, found.tentang) == ("", "", None, "")
