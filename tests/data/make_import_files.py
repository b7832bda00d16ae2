"""Make the invitation lists in tests/data/import/ as the programs organisers use write them.

    python tests/data/make_import_files.py            # rewrite the small files kept in the repository
    python tests/data/make_import_files.py --large D  # also write the large ones (bombs, 5,000 rows) into D

The small files are committed, so a reader sees exactly the bytes under test; this script says how
each was made (encoding, separator, line ends, which program writes it that way). The large ones
(a zip bomb of a million rows, lists at and beyond the row limit) are made by the tests' fixtures
and by bench/imports.py with the functions below, rather than kept in git.
"""

import argparse
import io
import os
import re
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(HERE, "import")

HEADER = ["Namn", "Organisation", "Bransch", "Kön", "Inbjuden av", "E-post", "Status"]
# A small invitation round as a näringslivsenhet keeps it: names with å, ä, ö, é; statuses as people write them.
PEOPLE = [
    ["Åsa Öberg", "Öbergs Bygg AB", "Företag", "Kvinna", "Kommunalrådet", "asa.oberg@obergsbygg.se", "Anmäld"],
    ["Per Ek", "Lerums gymnasium", "Skola", "Man", "Kommunalrådet", "per.ek@lerum.se", "Kommer"],
    ["Märta Ström", "Chalmers", "Akademi", "K", "Näringslivschefen", "marta.strom@chalmers.se", "Avböjt"],
    ["Jörgen Ähl", "Ähls Åkeri", "Företag", "M", "Näringslivschefen", "jorgen@ahlsakeri.se", "Återbud"],
    ["Renée Sjö", "Västra Götalandsregionen", "Region", "Kvinna", "Kommunalrådet", "renee.sjo@vgregion.se", "kan ej"],
    ["Håkan Lind", "Linds Café & Bageri", "Företag", "Man", "Företagarna", "hakan@lindscafe.se", "NÄRVARANDE"],
    ["Ingrid Falk", "Företagarna Lerum", "Förening", "kvinna", "Företagarna", "", "Inbjuden"],
    ["Olof Berg", "Bergs Maskin, Floda", "Företag", "man", "Företagarna", "olof@bergsmaskin.se", ""],
]


def _write(name: str, data: bytes) -> None:
    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, name), "wb") as handle:
        handle.write(data)


def delimited(rows, delimiter: str, *, quote_all: bool = False) -> str:
    """Rows as Excel writes them: a cell is quoted when it holds the separator, a quote or a line break."""
    def cell(value: str) -> str:
        if quote_all or any(char in value for char in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return [delimiter.join(cell(value) for value in row) for row in rows]


def text_files() -> dict[str, bytes]:
    rows = [HEADER] + PEOPLE
    files = {
        # Excel on Windows, Swedish: "CSV (semikolonavgränsad)" is cp1252 with ; and CRLF.
        "excel-windows-semikolon-cp1252.csv": "\r\n".join(delimited(rows, ";")).encode("cp1252") + b"\r\n",
        # Excel's "CSV UTF-8": a byte-order mark first; a Swedish Excel still separates with ;.
        "excel-csv-utf8-bom.csv": "\ufeff".encode() + "\r\n".join(delimited(rows, ";")).encode() + b"\r\n",
        # Excel's "Unicode-text (*.txt)": UTF-16 little-endian with a BOM, tabs, CRLF.
        "excel-unicode-text-utf16le.txt": "\ufeff".encode("utf-16-le")
        + "\r\n".join(delimited(rows, "\t")).encode("utf-16-le") + "\r\n".encode("utf-16-le"),
        # A municipal system's export: UTF-16 big-endian with a BOM and commas.
        "system-utf16be-komma.csv": codecs_bom_utf16_be() + "\n".join(delimited(rows, ",")).encode("utf-16-be"),
        # Excel 2011 for Mac, "CSV (Macintosh)": Mac Roman and CR-only line ends.
        "mac-cr-radslut.csv": "\r".join(delimited(rows, ";")).encode("mac_roman") + b"\r",
        # Google Sheets: UTF-8 without a BOM, commas, LF; a quoted cell with a comma and a line break.
        "google-kalkylark-utf8.csv": ("\n".join(delimited(rows + [[
            "Lisa Holm", "Holm & Dotter, Stenkullen", "Företag", "Kvinna", "Företagarna", "lisa@holm.se",
            "Anmäld"], ["Nils Ekdahl", "Ekdahls Trä\nSjövik", "Företag", "Man", "Företagarna", "", "Anmäld"]], ","))
            + "\n").encode(),
        # A tab-separated export from a booking system, UTF-8.
        "bokningssystem-tabbar.tsv": ("\n".join(delimited(rows, "\t")) + "\n").encode(),
        # A Mac saves names decomposed (NFD): "Å" as "A" + a combining ring.
        "macos-nfd-utf8.csv": unicodedata.normalize("NFD", "\n".join(delimited(rows, ","))).encode(),
        # Outlook's "Exportera kontakter" (Swedish): cp1252, every cell quoted, first and last name apart,
        # dozens of columns most of which are empty.
        "outlook-kontakter.csv": outlook_export().encode("cp1252"),
        # Every way a Swedish list writes a status, in any case, and two a list made up ("Kanske", "Väntelista").
        "statusar-som-listor-skriver.csv": statuses_file().encode("cp1252"),
        # 100 people and then 5,000 empty rows, as Excel leaves them after a filter or a deleted block.
        "hundra-personer-tomma-rader.csv": empty_rows_file().encode("cp1252"),
        # One list, twice: v2 is the same round a week later (new registrations, a correction, a new name).
        "omgang-v1.csv": "\r\n".join(delimited(REIMPORT_V1, ";")).encode("cp1252"),
        "omgang-v2.csv": "\r\n".join(delimited(REIMPORT_V2, ";")).encode("cp1252"),
    }
    return files


def codecs_bom_utf16_be() -> bytes:
    return "\ufeff".encode("utf-16-be")


OUTLOOK_COLUMNS = ["Titel", "Förnamn", "Mellannamn", "Efternamn", "Suffix", "Företag", "Avdelning", "Befattning",
                   "Gatuadress, arbete", "Ort, arbete", "Postnummer, arbete", "Land, arbete", "Telefon, arbete",
                   "Mobiltelefon", "E-postadress", "E-postadress, visningsnamn", "E-post 2, adress", "Anteckningar",
                   "Kategorier", "Webbsida"] + [f"Användarfält {n}" for n in range(1, 5)]


def outlook_export() -> str:
    people = [("Åsa", "Öberg", "Öbergs Bygg AB", "asa.oberg@obergsbygg.se"),
              ("Per", "Ek", "Lerums gymnasium", "per.ek@lerum.se"),
              ("Märta", "Ström", "Chalmers", "marta.strom@chalmers.se")]
    rows = [OUTLOOK_COLUMNS]
    for first, last, company, email in people:
        row = [""] * len(OUTLOOK_COLUMNS)
        row[1], row[3], row[5], row[14], row[15] = first, last, company, email, f"{first} {last} ({email})"
        row[18] = "Näringslivsdialog"
        rows.append(row)
    return "\r\n".join(delimited(rows, ",", quote_all=True)) + "\r\n"


STATUS_SPELLINGS = [("Avböjt", "declined"), ("Återbud", "declined"), ("Kan ej", "declined"),
                    ("tackat nej", "declined"), ("Anmäld", "registered"), ("Kommer", "registered"),
                    ("JA", "registered"), ("Närvarande", "attended"), ("närvarande", "attended"),
                    ("Deltog", "attended"), ("Inbjuden", "invited"), ("", "invited"), ("Uteblev", "no_show"),
                    ("Kanske", None), ("Väntelista", None), ("kanske", None)]


def statuses_file() -> str:
    rows = [["Namn", "Kön", "Status"]]
    for number, (spelling, _) in enumerate(STATUS_SPELLINGS, start=1):
        rows.append([f"Person {number}", "Kvinna" if number % 2 else "Man", spelling])
    return "\r\n".join(delimited(rows, ";")) + "\r\n"


def empty_rows_file() -> str:
    rows = [HEADER] + [[f"Person {n}", "Företag", "Företag", "Kvinna" if n % 2 else "Man", "Kommunalrådet",
                        f"person{n}@example.se", "Anmäld"] for n in range(1, 101)]
    return "\r\n".join(delimited(rows, ";") + [";;;;;;"] * 5000) + "\r\n"


REIMPORT_V1 = [HEADER,
               ["Åsa Öberg", "Öbergs Bygg AB", "Företag", "Kvinna", "Kommunalrådet", "asa.oberg@obergsbygg.se", "Inbjuden"],
               ["Per Ek", "Lerums gymnasium", "Skola", "Man", "Kommunalrådet", "", "Inbjuden"],
               ["Märta Ström", "Chalmers", "Akademi", "Kvinna", "Näringslivschefen", "marta.strom@chalmers.se", "Inbjuden"]]
REIMPORT_V2 = [HEADER,
               # Registered since: the status moves on, matched by e-mail.
               ["Åsa Öberg", "Öbergs Bygg AB", "Företag", "Kvinna", "Kommunalrådet", "ASA.OBERG@obergsbygg.se", "Anmäld"],
               # No e-mail: matched by name and organisation, whatever the case; now with an e-mail.
               ["per ek", "LERUMS GYMNASIUM", "Skola", "Man", "Kommunalrådet", "per.ek@lerum.se", "Kommer"],
               # Married and renamed, same e-mail: updated, not doubled.
               ["Märta Ström Lind", "Chalmers", "Akademi", "Kvinna", "Näringslivschefen", "marta.strom@chalmers.se", "Återbud"],
               ["Sven Dahl", "Dahls El", "Företag", "Man", "Företagarna", "sven@dahlsel.se", "Anmäld"]]


# --- XLSX ------------------------------------------------------------------------------------------

SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _template() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Inbjudna"
    book.active.append(["x"])
    return _saved(book)


def _saved(book) -> bytes:
    """The workbook's bytes, the same on every run: fixed dates in the zip and in its properties."""
    buffer = io.BytesIO()
    book.save(buffer)
    saved = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in saved.infolist():
            data = saved.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-05-02T09:00:00Z", data)
            archive.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 5, 2, 9, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsx_with_sheet(chunks, *, damage_at: int | None = None) -> bytes:
    """A workbook as Excel's own parts, with sheet1.xml replaced by ``chunks`` (streamed, so a sheet of
    70 MB never sits in memory). ``damage_at`` cuts the sheet XML after that many bytes, and the zip
    stays valid: the file a crashed export or an interrupted copy leaves behind."""
    template = zipfile.ZipFile(io.BytesIO(_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in template.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, template.read(info), compress_type=zipfile.ZIP_DEFLATED)
                continue
            entry = zipfile.ZipInfo(info.filename, date_time=(2024, 5, 2, 9, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            written = 0
            with archive.open(entry, "w", force_zip64=True) as sheet:
                for chunk in chunks:
                    if damage_at is not None and written + len(chunk) > damage_at:
                        sheet.write(chunk[:damage_at - written])
                        break
                    sheet.write(chunk)
                    written += len(chunk)
    return out.getvalue()


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def sheet_xml(rows, *, dimension: str | None = None, numbered: bool = True):
    """Sheet XML for ``rows`` (lists of str, or None for an empty formatted row), chunk by chunk."""
    yield SHEET_HEAD
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    for number, row in enumerate(rows, start=1):
        ref = f' r="{number}"' if numbered else ""
        if row is None:
            yield f'<row{ref} s="1" customFormat="1"/>'.encode()
            continue
        cells = "".join(
            f'<c r="{_column(index)}{number}" t="inlineStr"><is><t>{_escape(value)}</t></is></c>' if numbered else
            f'<c t="inlineStr"><is><t>{_escape(value)}</t></is></c>'
            for index, value in enumerate(row) if value != "")
        yield f"<row{ref}>{cells}</row>".encode()
    yield b"</sheetData></worksheet>"


def workbook(rows) -> bytes:
    """An ordinary XLSX written by openpyxl (as Excel writes one: shared strings, numbers as numbers)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Inbjudna"
    for row in rows:
        sheet.append(row)
    return _saved(book)


def municipal_workbook() -> bytes:
    """A list from a municipal system: a title row above the header, a blank row, a phone number and a
    date as numbers, a second sheet the list does not use."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Deltagare"
    sheet.append(["Deltagarlista – Näringslivsdialog i Lerum"])
    sheet.append([])
    sheet.append(["Namn", "Organisation", "Bransch/Sektor", "Kön", "Inbjuden av", "Telefon", "Anmäld datum", "Status"])
    import datetime

    for name, org, sector, gender, inviter, phone, status in [
        ("Åsa Öberg", "Öbergs Bygg AB", "Företag", "Kvinna", "Kommunalrådet", 46701234567, "Anmäld"),
        ("Per Ek", "Lerums gymnasium", "Skola", "Man", "Kommunalrådet", 46702345678, "Avböjt"),
        ("Märta Ström", "Chalmers", "Akademi", "Kvinna", "Näringslivschefen", None, "Kommer"),
    ]:
        sheet.append([name, org, sector, gender, inviter, phone, datetime.date(2024, 4, 18), status])
    book.create_sheet("Anteckningar").append(["Ring Per om parkering"])
    return _saved(book)


def empty_rows_workbook() -> bytes:
    """100 people, then 5,000 formatted empty rows (Excel writes those when a block was formatted)."""
    people = [[f"Person {n}", "Företag", "Kvinna" if n % 2 else "Man", "Kommunalrådet", "Anmäld"] for n in range(1, 101)]
    return xlsx_with_sheet(sheet_xml([["Namn", "Organisation", "Kön", "Inbjuden av", "Status"]] + people + [None] * 5000))


def truncated_workbook() -> bytes:
    """A valid zip whose sheet stops in the middle of a row (the export crashed half-way)."""
    people = [[f"Person {n}", "Företag", "Kvinna", "Kommunalrådet", "Anmäld"] for n in range(1, 301)]
    chunks = list(sheet_xml([["Namn", "Organisation", "Kön", "Inbjuden av", "Status"]] + people))
    whole = sum(len(chunk) for chunk in chunks)
    return xlsx_with_sheet(iter(chunks), damage_at=whole // 2)


def declared_dimension_bomb() -> bytes:
    """~60 KB that declares the range A1:XFD1048576: read naively, every row is padded to 16,384 cells
    down to row 1,048,576."""
    people = [[f"Person {n}", f"Företag {n % 37}", "Kvinna" if n % 2 else "Man", f"Inbjudare {n % 9}", "Anmäld"]
              for n in range(1, 2001)]
    return xlsx_with_sheet(sheet_xml([["Namn", "Organisation", "Kön", "Inbjuden av", "Status"]] + people,
                                     dimension="A1:XFD1048576"))


def million_rows_bomb() -> bytes:
    """A million identical rows: tens of kilobytes packed, about 100 MB unpacked."""
    def rows():
        yield ["Namn", "Organisation", "Kön", "Inbjuden av", "Status"]
        for _ in range(1_000_000):
            yield ["Anna Andersson", "Anderssons Bygg AB", "Kvinna", "Kommunalrådet", "Anmäld"]

    return xlsx_with_sheet(sheet_xml(rows(), numbered=False))


def element_bomb() -> bytes:
    """Four million empty ``<row/>``: 24 MB unpacked, under the size limits, 40 KB packed."""
    def chunks():
        yield SHEET_HEAD + b"<sheetData>"
        for _ in range(4000):
            yield b"<row/>" * 1000
        yield b"</sheetData></worksheet>"

    return xlsx_with_sheet(chunks())


def people_rows(count: int, *, start: int = 1) -> list[list[str]]:
    """``count`` people with realistic fields: seven inviters, five sectors, alternating gender."""
    sectors = ["Företag", "Skola", "Akademi", "Region", "Förening"]
    return [[f"Person {n} Svensson", f"Företag {n % 211} AB", sectors[n % 5], "Kvinna" if n % 2 else "Man",
             f"Inbjudare {n % 7}", f"person{n}@example.se", "Anmäld"] for n in range(start, start + count)]


def _people_csv(count: int) -> bytes:
    return ("\r\n".join(delimited([HEADER] + people_rows(count), ";")) + "\r\n").encode("cp1252")


LARGE_FILES = {
    "bomb-en-miljon-rader.xlsx": million_rows_bomb,
    "bomb-deklarerad-dimension.xlsx": declared_dimension_bomb,
    "bomb-fyra-miljoner-tomma-rader.xlsx": element_bomb,
    "personer-5000.xlsx": lambda: workbook([HEADER] + people_rows(5000)),
    # About the largest list allowed: 5,000 people with 60 columns each (a system export with every field).
    "personer-5000-breda.xlsx": lambda: xlsx_with_sheet(sheet_xml(
        [HEADER + [f"Fält {n}" for n in range(8, 61)]] + [row + [f"{n}:{index}" for n in range(8, 61)]
                                                         for index, row in enumerate(people_rows(5000))])),
    "personer-5000.csv": lambda: _people_csv(5000),
    "personer-5001.xlsx": lambda: xlsx_with_sheet(sheet_xml([HEADER] + people_rows(5001))),
    "personer-5001.csv": lambda: _people_csv(5001),
}


def binary_files() -> dict[str, bytes]:
    return {
        "kommunsystem-med-rubrikrad.xlsx": municipal_workbook(),
        "hundra-personer-tomma-rader.xlsx": empty_rows_workbook(),
        "avbruten-export.xlsx": truncated_workbook(),
        # The first bytes of an old .xls (and of a password-protected .xlsx): an OLE2 compound file.
        "gammal-excel-ole2.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook" + bytes(24),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", metavar="FOLDER", help="also write the large files into FOLDER")
    options = parser.parse_args()
    for name, data in {**text_files(), **binary_files()}.items():
        _write(name, data)
    if options.large:
        os.makedirs(options.large, exist_ok=True)
        for name, maker in LARGE_FILES.items():
            with open(os.path.join(options.large, name), "wb") as handle:
                handle.write(maker())


if __name__ == "__main__":
    main()
