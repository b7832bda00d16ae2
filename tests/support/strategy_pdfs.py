"""PDFs of a strategy as municipalities publish them (made with reportlab), and PDFs no strategy is."""

import io
import zlib

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

RUNNING_HEAD = "Näringslivsstrategi 2030 – Åsby kommun"
LEFT = [("heading", "Kompetensförsörjning"),
        ("line", "Kommunen ska stödja samverkan mellan skola och närings-"),
        ("line", "liv för att arbeta med framtida kompetensförsörjnings-"),
        ("line", "behov."),
        ("gap", ""),
        ("line", "Vi erbjuder praktikplatser i skol- och förskoleverksam-"),
        ("line", "heten till unga som vill prova på yrken."),
        ]
RIGHT = [("heading", "Bygglov och service"),
         ("line", "Företagare ska mötas av en kommun som är tillgänglig,"),
         ("line", "snabb och tydlig i sina besked."),
         ("gap", ""),
         ("line", "• Bygglov ska ges inom fyra veckor."),
         ("line", "• En väg in för alla företagsfrågor."),
         ]


def _column(pdf: canvas.Canvas, x: float, y: float, rows) -> None:
    for kind, text in rows:
        if kind == "heading":
            pdf.setFont("Helvetica-Bold", 16)
            pdf.drawString(x, y, text)
            y -= 26
        elif kind == "gap":
            y -= 14
        else:
            pdf.setFont("Helvetica", 10)
            pdf.drawString(x, y, text)
            y -= 13


def two_column_strategy(pages: int = 3) -> bytes:
    """Two columns a page, a running head and "Sida n av N" at the foot, words hyphenated at line ends."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(56, height - 36, RUNNING_HEAD)
        _column(pdf, 56, height - 140, [(k, f"{t} ({number})" if k == "heading" else t) for k, t in LEFT])
        _column(pdf, width / 2 + 10, height - 140, [(k, f"{t} ({number})" if k == "heading" else t) for k, t in RIGHT])
        pdf.setFont("Helvetica", 8)
        pdf.drawString(width / 2 - 20, 30, f"Sida {number} av {pages}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned() -> bytes:
    """A page that is a picture of text: no text to read."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for row in range(40):
        pdf.rect(56, 780 - row * 18, 480, 9, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt="hemligt")
    pdf.drawString(56, 700, "Kommunen ska stödja samverkan mellan skola och näringsliv.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def many_pages(pages: int) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        pdf.drawString(56, 700, f"Sida {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _hand_written(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1 0 obj ...), with a cross-reference table that finds them."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def declared_pages(count: int) -> bytes:
    """A page tree that says it holds ``count`` pages."""
    return _hand_written([b"<< /Type /Catalog /Pages 2 0 R >>",
                          b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def deep_nesting(depth: int = 100_000) -> bytes:
    return _hand_written([b"<< /Type /Catalog /Pages 2 0 R /Bomb " + b"[" * depth + b"]" * depth + b" >>",
                          b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def inflating_stream(megabytes: int = 200) -> bytes:
    """A page whose content stream is a few hundred KB that inflate to ``megabytes`` MB of zeros."""
    packer, packed = zlib.compressobj(1), []
    zeros = b"\0" * (1024 * 1024)
    for _ in range(megabytes):
        packed.append(packer.compress(zeros))
    packed.append(packer.flush())
    stream = b"".join(packed)
    return _hand_written([b"<< /Type /Catalog /Pages 2 0 R >>",
                          b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                          b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
                          + b"\nendstream"])
