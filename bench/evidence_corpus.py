"""A labelled corpus of generated evidence documents (bukti dukung) for the reader's bench/tests.

Each document is a regional-government document as officers scan them: decrees of each kind
(Perda, Peraturan Bupati/Wali Kota/Gubernur, Keputusan Bupati, Keputusan Kepala Dinas, signed
"a.n." the Bupati), Surat Tugas, DPA and RKPD pages (ruled tables), SOPs, PKS, reports and
invitations. Every kind comes as a text PDF and as a scan (150-300 dpi, skewed up to 3 degrees,
noise, blur, a stamp over the signing date and a signature over the text), as a PDF of the scan
or a JPG/PNG. ``labels.json`` holds the truth: jenis, nomor, tanggal, tahun, and the page that
names the innovation (or none).

``python -m bench.evidence_corpus DIR [--count 72] [--seed 13]`` writes the corpus; the reader's
bench (``bench/evidence_reading.py``) and tests call ``build_corpus``. Deterministic per seed.
Needs fpdf2 (a dev dependency), Pillow, pypdfium2 and img2pdf.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
REGIONS = (
    ("KABUPATEN", "SIDOARJO", "BUPATI"),
    ("KABUPATEN", "BANYUWANGI", "BUPATI"),
    ("KOTA", "MALANG", "WALI KOTA"),
    ("KABUPATEN", "GOWA", "BUPATI"),
    ("KOTA", "PADANG", "WALI KOTA"),
    ("PROVINSI", "JAWA TIMUR", "GUBERNUR"),
    ("KABUPATEN", "KUBU RAYA", "BUPATI"),
    ("KOTA", "BALIKPAPAN", "WALI KOTA"),
)
AGENCIES = (
    "DINAS KESEHATAN",
    "DINAS PENDIDIKAN",
    "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
    "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
    "DINAS SOSIAL",
    "DINAS KOMUNIKASI DAN INFORMATIKA",
)
INNOVATIONS = (
    "SiPandu Cepat",
    "Posyandu Digital",
    "Sekolah Ramah Anak",
    "Layanan Adminduk Keliling",
    "Si Jempol Emas",
    "Rumah Gizi Desa",
    "E-Kios Pelayanan Terpadu",
    "Lapor Bunda",
)
KINDS = (
    "perda",
    "perkada",
    "sk_kepala_daerah",
    "sk_kepala_pd",
    "sk_kepala_pd_an",
    "surat_tugas",
    "dpa",
    "rkpd",
    "sop",
    "pks",
    "laporan",
    "undangan",
)


@dataclass(frozen=True)
class Label:
    """The truth about one generated document."""

    file: str
    jenis: str
    nomor: str
    tanggal: str
    tahun: int
    innovation: str
    name_page: int | None
    scan: bool
    dpi: int | None
    skew: float
    pages: int


def _indo(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _lines_for(kind: str, rng: random.Random, innovation: str, named: bool) -> dict[str, object]:
    """Texts of one document: heading lines, nomor (as printed and as labelled), body pages,
    signing block, tanggal, tahun."""
    level, region, head = rng.choice(REGIONS)
    agency = rng.choice(AGENCIES)
    year = rng.choice((2022, 2023, 2024, 2025))
    day = date(year, rng.randint(1, 12), rng.randint(1, 28))
    place = region.title()
    mention = (
        f"Inovasi daerah {innovation} dilaksanakan oleh {agency.title()} sebagai layanan publik."
        if named
        else "Inovasi daerah dilaksanakan oleh seluruh perangkat daerah sesuai kewenangannya."
    )
    filler = [
        "Pelaksanaan kegiatan sebagaimana dimaksud dilakukan secara terpadu dan berkelanjutan",
        "dengan memperhatikan ketentuan peraturan perundang-undangan yang berlaku serta",
        "asas efektivitas, efisiensi, akuntabilitas dan keterbukaan informasi publik.",
        "Segala biaya yang timbul dibebankan pada Anggaran Pendapatan dan Belanja Daerah.",
    ]
    about = rng.choice(
        (
            "INOVASI DAERAH",
            "PENYELENGGARAAN INOVASI PELAYANAN PUBLIK",
            f"PELAKSANAAN INOVASI {innovation.upper()}",
            "TIM PENGELOLA INOVASI DAERAH",
        )
    )
    signer = f"{head} {region}"
    heading: list[str]
    nomor: str
    tahun = year
    sign: list[str] = [f"Ditetapkan di {place}", f"pada tanggal {_indo(day)}", "", signer]
    table: list[list[str]] | None = None
    if kind == "perda":
        number = rng.randint(1, 20)
        heading = [
            f"PERATURAN DAERAH {level} {region}",
            f"NOMOR {number} TAHUN {year}",
            "TENTANG",
            about,
        ]
        nomor = f"{number} TAHUN {year}"
    elif kind == "perkada":
        number = rng.randint(1, 90)
        heading = [f"PERATURAN {head} {region}", f"NOMOR {number} TAHUN {year}", "TENTANG", about]
        nomor = f"{number} TAHUN {year}"
    elif kind == "sk_kepala_daerah":
        nomor = f"188.45/{rng.randint(10, 999)}/KPTS/{rng.randint(400, 439)}.1.1.3/{year}"
        heading = [f"KEPUTUSAN {head} {region}", f"NOMOR: {nomor}", "TENTANG", about]
    elif kind in ("sk_kepala_pd", "sk_kepala_pd_an"):
        nomor = f"800/{rng.randint(100, 9999)}/{rng.randint(400, 439)}.{rng.randint(1, 9)}/{year}"
        heading = [
            f"KEPUTUSAN KEPALA {agency} {level} {region}",
            f"NOMOR {nomor}",
            "TENTANG",
            about,
        ]
        signer = f"KEPALA {agency}"
        sign = [f"Ditetapkan di {place}", f"pada tanggal {_indo(day)}", "", signer]
        if kind == "sk_kepala_pd_an":
            sign = [
                f"Ditetapkan di {place}",
                f"pada tanggal {_indo(day)}",
                "",
                f"a.n. {head} {region}",
                f"KEPALA {agency}",
            ]
    elif kind == "surat_tugas":
        nomor = f"094/{rng.randint(10, 999)}/{rng.randint(400, 439)}.{rng.randint(1, 9)}/{year}"
        heading = [f"PEMERINTAH {level} {region}", agency, "", "SURAT TUGAS", f"Nomor: {nomor}"]
        sign = [f"{place}, {_indo(day)}", f"KEPALA {agency}"]
    elif kind == "dpa":
        nomor = f"DPA/A.1/1.02.0.00.0.00.{rng.randint(10, 99)}.0000/{rng.randint(1, 9):03d}/{year}"
        tahun = year + rng.choice((0, 1))
        heading = [
            f"PEMERINTAH {level} {region}",
            "DOKUMEN PELAKSANAAN ANGGARAN",
            "SATUAN KERJA PERANGKAT DAERAH",
            f"TAHUN ANGGARAN {tahun}",
        ]
        table = [
            ["Nomor DPA", nomor],
            ["Urusan Pemerintahan", "1.02 Urusan Pemerintahan Bidang Kesehatan"],
            ["Organisasi", agency.title()],
            ["Kegiatan", f"Pengembangan inovasi {innovation if named else 'pelayanan publik'}"],
            ["Jumlah", f"Rp {rng.randint(50, 900)}.{rng.randint(100, 999)}.000,00"],
        ]
        sign = [f"{place}, {_indo(day)}", f"KEPALA {agency}"]
    elif kind == "rkpd":
        nomor = f"{rng.randint(1, 60)} TAHUN {year}"
        tahun = year + 1
        heading = [
            f"LAMPIRAN PERATURAN {head} {region}",
            f"NOMOR {nomor}",
            f"RENCANA KERJA PEMERINTAH DAERAH TAHUN {tahun}",
        ]
        table = [
            ["Program", "Program Pemenuhan Upaya Kesehatan Perorangan"],
            ["Kegiatan", f"Inovasi {innovation if named else 'layanan kesehatan'}"],
            ["Indikator", "Persentase layanan terpenuhi"],
            ["Pagu Indikatif", f"Rp {rng.randint(50, 900)}.000.000"],
        ]
    elif kind == "sop":
        nomor = f"SOP/{rng.randint(1, 99)}/{rng.randint(400, 439)}.{rng.randint(1, 9)}/{year}"
        heading = [
            f"PEMERINTAH {level} {region}",
            agency,
            "STANDAR OPERASIONAL PROSEDUR",
            f"Nomor: {nomor}",
        ]
        table = [
            ["Tanggal Pembuatan", _indo(day)],
            ["Nama SOP", f"Pelayanan {innovation if named else 'Publik'}"],
            ["Waktu Penyelesaian", f"{rng.randint(1, 7)} hari kerja"],
        ]
        sign = [f"{place}, {_indo(day)}", f"KEPALA {agency}"]
    elif kind == "pks":
        nomor = f"119/{rng.randint(10, 999)}/PKS/{year}"
        heading = [
            "PERJANJIAN KERJA SAMA",
            f"ANTARA PEMERINTAH {level} {region}",
            f"DENGAN PEMERINTAH {rng.choice(REGIONS)[0]} {rng.choice(REGIONS)[1]}",
            f"NOMOR: {nomor}",
            "TENTANG",
            f"REPLIKASI INOVASI {innovation.upper()}",
        ]
        sign = [f"{place}, {_indo(day)}", "PIHAK PERTAMA", "PIHAK KEDUA"]
    elif kind == "laporan":
        nomor = f"050/{rng.randint(10, 999)}/{rng.randint(400, 439)}.{rng.randint(1, 9)}/{year}"
        heading = [
            "LAPORAN",
            f"PELAKSANAAN INOVASI {'DAERAH' if not named else innovation.upper()}",
            agency,
            f"Nomor: {nomor}",
        ]
        sign = [f"{place}, {_indo(day)}", f"KEPALA {agency}"]
    else:  # undangan
        nomor = f"005/{rng.randint(10, 999)}/{rng.randint(400, 439)}.{rng.randint(1, 9)}/{year}"
        heading = [f"PEMERINTAH {level} {region}", agency, "", "UNDANGAN", f"Nomor: {nomor}"]
        sign = [f"{place}, {_indo(day)}", f"KEPALA {agency}"]
    body = [mention, *rng.sample(filler, 3)]
    return dict(
        heading=heading,
        nomor=nomor,
        body=body,
        sign=sign,
        tanggal=day,
        tahun=tahun,
        table=table,
        multipage=kind in ("perda", "perkada", "sk_kepala_daerah"),
    )


def _pdf(spec: dict[str, object], rng: random.Random) -> tuple[bytes, int, int | None, bool]:
    """The text PDF of ``spec``: bytes, pages, the page naming the innovation (if named)."""
    from fpdf import FPDF

    font = rng.choice(("Times", "Helvetica", "Courier"))
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_margins(25, 20, 25)
    pdf.set_y(22)
    pdf.set_font(font, "B", rng.choice((12, 13, 14)))
    for line in spec["heading"]:  # type: ignore[attr-defined]
        # A heading wider than the text column wraps, as in a word processor (a long agency
        # and region name: "KEPUTUSAN KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL ...").
        pdf.multi_cell(0, 7, str(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(font, "", 11)
    multipage = bool(spec["multipage"])
    if multipage:
        for text in (
            "Menimbang : bahwa untuk mendorong inovasi daerah perlu ditetapkan",
            "           ketentuan mengenai pelaksanaannya;",
            "Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
            "            2. Peraturan Pemerintah Nomor 38 Tahun 2017 tentang Inovasi Daerah;",
        ):
            pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.add_page()
        pdf.set_y(25)
        pdf.set_font(font, "B", 11)
        pdf.cell(0, 7, "Pasal 1", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, "", 11)
    table = spec["table"]
    if table:
        pdf.set_font(font, "", 10)
        for left, right in table:  # type: ignore[attr-defined]
            pdf.cell(50, 9, left, border=1)
            pdf.cell(110, 9, right, border=1, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font(font, "", 11)
    for text in spec["body"]:  # type: ignore[attr-defined]
        pdf.multi_cell(0, 6, str(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    sign_y = pdf.get_y()
    pdf.set_x(110)
    for line in spec["sign"]:  # type: ignore[attr-defined]
        pdf.set_x(110)
        pdf.cell(75, 6, str(line), new_x="LMARGIN", new_y="NEXT")
    name = str(rng.choice(("Drs. H. Ahmad Muhdlor", "dr. Siti Aminah, M.Kes", "Ir. Bambang S.")))
    pdf.ln(16)
    pdf.set_x(110)
    pdf.set_font(font, "BU", 11)
    pdf.cell(75, 6, name.upper(), new_x="LMARGIN", new_y="NEXT")
    pages = pdf.pages_count
    spec["sign_y_mm"] = sign_y
    data = bytes(pdf.output())
    name_page = _first_page_naming(data, str(spec["innovation"]))
    return data, pages, name_page, name_page is not None


def _first_page_naming(pdf_bytes: bytes, name: str) -> int | None:
    """The truth: the first page whose text layer holds the name (exactly, case aside)."""
    import pypdfium2 as pdfium

    wanted = " ".join(name.casefold().split())
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        for index in range(len(document)):
            text = document[index].get_textpage().get_text_range()
            if wanted in " ".join(text.casefold().split()):
                return index + 1
    finally:
        document.close()
    return None


def _stamp(size: int, rng: random.Random):  # noqa: ANN202 - PIL image
    from PIL import Image, ImageDraw, ImageFont

    stamp = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(stamp)
    ink = rng.choice(((40, 60, 170), (110, 40, 150), (30, 90, 160)))
    width = max(3, size // 40)
    draw.ellipse((2, 2, size - 3, size - 3), outline=(*ink, 200), width=width)
    draw.ellipse(
        (size // 7, size // 7, size - size // 7, size - size // 7),
        outline=(*ink, 190),
        width=max(2, width // 2),
    )
    try:
        font = ImageFont.load_default(size=max(10, size // 9))
    except TypeError:  # older Pillow
        font = ImageFont.load_default()
    draw.text((size // 2, size // 2), "PEMDA", fill=(*ink, 210), font=font, anchor="mm")
    return stamp.rotate(rng.uniform(-30, 30), resample=Image.Resampling.BICUBIC)


def _scan(pdf_bytes: bytes, rng: random.Random, dpi: int, skew: float, sign_y_mm: float) -> list:
    """Pages of the PDF as a scanner would give them (grayscale-ish RGB images)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    document = pdfium.PdfDocument(pdf_bytes)
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            page.close()
            width, height = image.size
            last = index == len(document) - 1
            if last:
                # The stamp over the signing block (it often covers the date) and a signature.
                px_mm = dpi / 25.4
                size = int(dpi * rng.uniform(1.1, 1.4))
                stamp = _stamp(size, rng)
                x = int(px_mm * rng.uniform(88, 112))
                y = int(px_mm * (sign_y_mm + rng.uniform(-4, 8)))
                # Stamp ink multiplies with the paper: the text under it stays dark.
                layer = Image.new("RGB", image.size, (255, 255, 255))
                layer.paste(stamp, (x, y), stamp)
                image = ImageChops.multiply(image, layer)
                draw = ImageDraw.Draw(image)
                sx = int(px_mm * rng.uniform(112, 130))
                sy = int(px_mm * (sign_y_mm + rng.uniform(16, 26)))
                points = [
                    (
                        sx + i * dpi // 10,
                        sy + int(math.sin(i * 1.3) * dpi / 8) + rng.randint(-dpi // 20, dpi // 20),
                    )
                    for i in range(12)
                ]
                draw.line(points, fill=(20, 20, 90), width=max(2, dpi // 60), joint="curve")
            image = image.rotate(
                skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(250, 250, 250)
            )
            image = image.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.3, 0.8)))
            # Paper and sensor noise: a few thousand specks.
            draw = ImageDraw.Draw(image)
            for _ in range(width * height // 6000):
                px, py = rng.randrange(width), rng.randrange(height)
                shade = rng.randint(90, 200)
                draw.point((px, py), fill=(shade, shade, shade))
            images.append(image)
    finally:
        document.close()
    return images


def build_corpus(directory: Path, count: int = 72, seed: int = 13) -> list[Label]:
    """Write ``count`` documents (half text PDFs, half scans) and ``labels.json`` into
    ``directory``; return the labels."""
    import img2pdf

    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    labels: list[Label] = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        scan = (i // len(KINDS)) % 2 == 1
        innovation = rng.choice(INNOVATIONS)
        named = rng.random() < 0.7
        spec = _lines_for(kind, rng, innovation, named)
        spec["named"] = named
        spec["innovation"] = innovation
        pdf_bytes, pages, name_page, _ = _pdf(spec, rng)
        dpi: int | None = None
        skew = 0.0
        stem = f"{i:03d}-{kind}"
        if not scan:
            path = directory / f"{stem}.pdf"
            path.write_bytes(pdf_bytes)
        else:
            dpi = rng.choice((150, 200, 200, 300))
            skew = round(rng.uniform(-3.0, 3.0), 2)
            images = _scan(pdf_bytes, rng, dpi, skew, float(spec["sign_y_mm"]))  # type: ignore[arg-type]
            form = "pdf" if len(images) > 1 else rng.choice(("pdf", "jpg", "png"))
            path = directory / f"{stem}.{form}"
            if form == "pdf":
                parts = []
                for image in images:
                    buffer = io.BytesIO()
                    image.save(buffer, "JPEG", quality=rng.randint(60, 85), dpi=(dpi, dpi))
                    parts.append(buffer.getvalue())
                path.write_bytes(img2pdf.convert(parts))
            elif form == "jpg":
                images[0].save(path, "JPEG", quality=rng.randint(60, 85), dpi=(dpi, dpi))
            else:
                images[0].convert("L").save(path, "PNG", dpi=(dpi, dpi))
        tanggal: date = spec["tanggal"]  # type: ignore[assignment]
        labels.append(
            Label(
                file=path.name,
                jenis=kind,
                nomor=str(spec["nomor"]),
                tanggal=tanggal.isoformat(),
                tahun=int(spec["tahun"]),  # type: ignore[call-overload]
                innovation=innovation,
                name_page=name_page,
                scan=scan,
                dpi=dpi,
                skew=skew,
                pages=pages,
            )
        )
    (directory / "labels.json").write_text(
        json.dumps([asdict(label) for label in labels], indent=1), encoding="utf-8"
    )
    return labels


def regulation_pdf(path: Path, innovation: str, number: int = 12, year: int = 2025) -> Path:
    """One text PDF of a Peraturan Bupati that names ``innovation`` (tests, screenshots)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Times", "B", 13)
    heading = ("PERATURAN BUPATI SIDOARJO", f"NOMOR {number} TAHUN {year}", "TENTANG",
               "PENYELENGGARAAN INOVASI DAERAH")  # fmt: skip
    for line in heading:
        pdf.cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Times", "", 11)
    pdf.ln(8)
    pdf.multi_cell(0, 6, f"Inovasi {innovation} dilaksanakan oleh Dinas Kesehatan.")
    pdf.ln(8)
    for line in ("Ditetapkan di Sidoarjo", f"pada tanggal 4 Maret {year}", "BUPATI SIDOARJO"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def load_labels(directory: Path) -> list[Label]:
    return [Label(**item) for item in json.loads((directory / "labels.json").read_text("utf-8"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--count", type=int, default=72)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    labels = build_corpus(args.directory, args.count, args.seed)
    print(f"{len(labels)} documents ({sum(lb.scan for lb in labels)} scans) in {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
