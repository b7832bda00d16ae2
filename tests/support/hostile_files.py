"""Hostile strategy files, made on the spot and small on disk (tests/domain/test_strategy_files.py, bench/uploads.py).

Each is what an attacker or a careless export could upload as a strategy: a zip bomb whose
directory tells the truth and one whose directory lies, millions of tiny paragraphs or elements,
an entity bomb, nesting deeper than any document, text longer than any strategy, broken XML.
The DOCX files are the smallest a Word reader takes (content types, relationships, document),
their document part streamed into the zip chunk by chunk, so a 200 MB part never sits in memory.
"""

import functools
import io
import struct
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')
START = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode()
END = b"</w:body></w:document>"
MB = 1024 * 1024


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def repeated(piece: bytes, times: int, chunk: int = 1 << 20):
    """``piece`` ``times`` times, in chunks of about ``chunk`` bytes."""
    per_chunk = max(1, chunk // len(piece))
    while times > 0:
        count = min(per_chunk, times)
        yield piece * count
        times -= count


def docx(*chunks, declared_size: int | None = None) -> bytes:
    """A DOCX whose document part is ``chunks`` (bytes or iterables of bytes) between the body's tags;
    with ``declared_size`` its zip directory says the part unpacks to that many bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
        with archive.open("word/document.xml", "w") as part:
            part.write(START)
            for piece in chunks:
                for chunk in ([piece] if isinstance(piece, bytes) else piece):
                    part.write(chunk)
            part.write(END)
    content = buffer.getvalue()
    return content if declared_size is None else declare_size(content, "word/document.xml", declared_size)


def declare_size(content: bytes, name: str, size: int) -> bytes:
    """``content`` with the unpacked size of ``name`` changed in its local header and the central directory."""
    patched = bytearray(content)
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(name)
    struct.pack_into("<I", patched, info.header_offset + 22, size)
    entry = patched.find(b"PK\x01\x02")
    while entry != -1:
        length = struct.unpack_from("<H", patched, entry + 28)[0]
        if patched[entry + 46:entry + 46 + length] == name.encode():
            struct.pack_into("<I", patched, entry + 24, size)
            return bytes(patched)
        entry = patched.find(b"PK\x01\x02", entry + 4)
    raise ValueError(f"{name} is not in the zip")


def zip_bomb(declared_size: int | None = None) -> bytes:
    """200 MB of XML (spaces between the body's tags) in a few hundred KB; the directory says so, or lies."""
    return docx(repeated(b" " * 1024, 200 * 1024), declared_size=declared_size)


def normal_strategy(paragraphs: int = 5000) -> bytes:
    """A strategy as Word writes it (python-docx): headings, bullets, paragraphs with bold runs."""
    from docx import Document

    doc = Document()
    doc.add_heading("Näringslivsstrategi för Åsby kommun 2026–2030", level=0)
    for number in range(paragraphs):
        if number % 25 == 0:
            doc.add_heading(f"Område {number // 25 + 1}: företagsklimat och service", level=1 + number % 2)
        elif number % 5 == 0:
            doc.add_paragraph(f"Kommunen ska korta handläggningstiden för bygglov, punkt {number}.",
                              style="List Bullet")
        else:
            paragraph = doc.add_paragraph(f"Mål {number}: kommunen ska stärka samverkan med ")
            paragraph.add_run("näringslivet och skolan").bold = True
            paragraph.add_run(" genom regelbundna möten, praktikplatser och en väg in för företagare.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@functools.cache  # made once a process: the domain, web and system tests each read them
def hostile_strategies() -> dict[str, tuple[str, bytes, str]]:
    """name → (file name, content, the refusal it must get)."""
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
              + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    billion_laughs = io.BytesIO()
    with zipfile.ZipFile(billion_laughs, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
        archive.writestr("word/document.xml", laughs)
    return {
        "zip bomb, honest sizes (200 MB XML)": ("bomb.docx", zip_bomb(), "strategy.unpacked_too_big"),
        "zip bomb, directory says 1 MB (200 MB XML)": ("bomb.docx", zip_bomb(declared_size=MB), "strategy.damaged"),
        "3,900,000 tiny paragraphs": ("stycken.docx", docx(repeated(b"<w:p/>", 3_900_000)),
                                      "strategy.too_many_paragraphs"),
        "2,500,000 empty elements between paragraphs": ("delar.docx", docx(repeated(b"<w:proofErr/>", 2_500_000)),
                                                        "strategy.too_many_elements"),
        "billion laughs (entities)": ("skratt.docx", billion_laughs.getvalue(), "strategy.damaged"),
        "100,000 nested elements": ("djup.docx", docx(b"<w:p>", repeated(b"<w:r>", 100_000)), "strategy.damaged"),
        "one paragraph of 12 MB text": ("lang.docx", docx(b"<w:p><w:r><w:t>", repeated(b"a", 12 * MB),
                                                          b"</w:t></w:r></w:p>"), "strategy.too_long"),
        "malformed XML": ("trasig.docx", docx(b"<w:p><w:r><w:t>Kommunen ska v\xc3\xa4xa.</w:t></w:p>"),
                          "strategy.damaged"),
        "an old Word file (.doc)": ("gammal.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096,
                                    "strategy.old_format"),
        "text of 150,000 empty lines": ("rader.txt", b"Kommunen ska v\xc3\xa4xa.\n" + b"\n" * 150_000,
                                        "strategy.too_many_lines"),
        "text of 3,000,000 characters": ("lang.md", "Kommunen ska växa. ".encode() * 150_000, "strategy.too_long"),
    }
