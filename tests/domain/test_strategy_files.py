"""Reading a strategy costs what a long strategy costs, and no more: hostile files are refused clearly.

The files are made in the test (tests/support/hostile_files.py), small on disk. Each is refused with a
stable code, and reading never holds more than a few megabytes (measured in a fresh process, as the
server would hold it); what the organiser's page says is in tests/web/test_strategy_pages.py.
"""

import io
import os
import zipfile

import pytest

from sessions.documents import imprint
from sessions.documents.imprint import read_strategy
from sessions.ground import clock
from sessions.ground.errors import DomainError
from sessions.people.list_files import read_list_file
from support.evening import refused
from support.hostile_files import MB, docx, hostile_strategies, normal_strategy, paragraph, repeated

HOSTILE = hostile_strategies()
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_strategy_is_refused_with_its_reason(name):
    filename, content, code = HOSTILE[name]
    refused(code, read_strategy, filename, content)


def test_a_strategy_of_five_thousand_paragraphs_reads_as_python_docx_read_it():
    content = normal_strategy(5000)
    text = read_strategy("strategi.docx", content)
    lines = text.splitlines()
    assert lines[0] == "# Näringslivsstrategi för Åsby kommun 2026–2030"
    assert "# Område 1: företagsklimat och service" in lines and "## Område 2: företagsklimat och service" in lines
    assert "- Kommunen ska korta handläggningstiden för bygglov, punkt 5." in lines
    assert ("Mål 1: kommunen ska stärka samverkan med näringslivet och skolan genom regelbundna möten, "
            "praktikplatser och en väg in för företagare.") in lines
    assert sum(1 for line in lines if line) == 5001


def test_runs_tabs_breaks_hyperlinks_and_list_levels_read_as_word_shows_them():
    content = docx(
        b'<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        b"<w:r><w:t>Tre</w:t><w:tab/><w:t>niv\xc3\xa5er</w:t><w:br/><w:t>ned</w:t><w:noBreakHyphen/>"
        b'<w:t>ja</w:t><w:br w:type="page"/></w:r><w:hyperlink><w:r><w:t> l\xc3\xa4nk</w:t></w:r></w:hyperlink></w:p>',
        b'<w:p><w:pPr><w:numPr><w:ilvl w:val="999999999"/></w:numPr></w:pPr><w:r><w:t>Djupt</w:t></w:r></w:p>',
        b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>I en tabell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        b"<w:p><w:ins><w:r><w:t>Infogat</w:t></w:r></w:ins><w:r><w:t>Sista stycket.</w:t></w:r></w:p>")
    # As python-docx: a table's and a tracked insertion's text are not the body's paragraphs.
    assert read_strategy("s.docx", content).splitlines() == [
        "    - Tre nivåer ned-ja länk", "                - Djupt", "", "Sista stycket."]


def test_reading_that_takes_too_long_is_refused(monkeypatch):
    moments = iter(range(0, 10_000, 3))  # every look at the clock, three seconds later
    monkeypatch.setattr(clock, "_sources", [lambda: float(next(moments))])
    content = docx(repeated(paragraph("Kommunen ska växa."), 3000))
    error = refused("strategy.too_slow", read_strategy, "s.docx", content)
    assert error.params == {"seconds": 10}


def test_a_list_that_takes_too_long_to_read_is_refused_too(monkeypatch):
    from support.people_files import sample

    moments = iter(range(0, 10_000, 3))
    monkeypatch.setattr(clock, "_sources", [lambda: float(next(moments))])
    error = refused("import.too_slow", read_list_file, sample("hundra-personer-tomma-rader.xlsx"))
    assert error.params == {"seconds": 20}


def test_a_member_unpacking_beyond_the_limit_is_stopped_while_it_streams():
    from sessions.ground.file_limits import FileLimits, Reading

    # Counted as it is unpacked, whatever the directory said (here nobody checked it first).
    limits = FileLimits(kind="strategy", file_bytes=10 * MB, unpacked_bytes=2 * MB, part_bytes=MB)
    content = docx(repeated(b" " * 1024, 4 * 1024))
    reading = Reading(limits)
    archive = zipfile.ZipFile(io.BytesIO(content))
    with pytest.raises(DomainError) as error:
        for _ in reading.chunks(archive, "word/document.xml"):
            pass
    assert error.value.code == "strategy.unpacked_too_big" and reading.unpacked <= MB + 65_536


def test_zip_members_packed_with_bzip2_or_lzma_are_refused_unopened():
    for method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", method) as archive:
            archive.writestr("word/document.xml", b"<w:document/>")
        refused("strategy.unreadable", read_strategy, "s.docx", buffer.getvalue())


def test_a_spreadsheet_renamed_docx_is_unreadable_not_empty():
    from support.people_files import sample

    refused("strategy.unreadable", read_strategy, "lista.docx", sample("kommunsystem-med-rubrikrad.xlsx"))


LAUGHS_DTD = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{n} "{(f"&lol{n - 1};" if n > 1 else "&lol;") * 10}">' for n in range(1, 10)) + "]>").encode()


def test_every_zip_the_app_reads_goes_through_the_same_guard():
    from support.hostile_files import declare_size
    from support.people_files import sample

    sheet = sample("kommunsystem-med-rubrikrad.xlsx")
    lying = declare_size(sheet, "xl/worksheets/sheet1.xml", 100)
    refused("import.damaged", read_list_file, lying)
    laughs = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sheet)) as original, zipfile.ZipFile(laughs, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in original.infolist():
            data = original.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"?>", b"?>" + LAUGHS_DTD, 1).replace(b"<c ", b"<c>&lol9;</c><c ", 1)
            copy.writestr(member, data)
    refused("import.damaged", read_list_file, laughs.getvalue())


def test_strategy_limits_leave_room_for_ten_times_a_long_strategy():
    from sessions.documents.strategy_files import STRATEGY_LIMITS

    assert STRATEGY_LIMITS.counts["paragraphs"] >= 10 * 2000 and STRATEGY_LIMITS.characters >= 6 * 300_000
    assert imprint.STRATEGY_MAX_BYTES == STRATEGY_LIMITS.file_bytes
