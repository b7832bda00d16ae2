"""The adopted strategy as municipalities publish it: a text PDF with columns, running heads, page numbers
and words hyphenated at line ends, read as the other formats are; PDFs no strategy is, refused within the
limits every upload has."""

import pytest

from clustering.matching import split_statements
from sessions.documents.strategy_files import read_strategy
from support.evening import refused
from support.strategy_pdfs import (
    RUNNING_HEAD,
    declared_pages,
    deep_nesting,
    encrypted,
    inflating_stream,
    many_pages,
    scanned,
    two_column_strategy,
)


@pytest.fixture(scope="module")
def text():
    return read_strategy("Näringslivsstrategi.pdf", two_column_strategy(pages=3))


def test_a_two_column_page_reads_one_column_after_the_other(text):
    first_page = text.split("# Kompetensförsörjning (2)")[0]
    assert first_page.split("\n\n") == [
        "# Kompetensförsörjning (1)",
        "Kommunen ska stödja samverkan mellan skola och näringsliv för att arbeta med framtida "
        "kompetensförsörjningsbehov.",
        "Vi erbjuder praktikplatser i skol- och förskoleverksamheten till unga som vill prova på yrken.",
        "# Bygglov och service (1)",
        "Företagare ska mötas av en kommun som är tillgänglig, snabb och tydlig i sina besked.",
        "- Bygglov ska ges inom fyra veckor.",
        "- En väg in för alla företagsfrågor.",
        ""]


def test_running_heads_and_page_numbers_are_left_out(text):
    assert RUNNING_HEAD not in text and "Sida" not in text and "av 3" not in text


def test_a_word_hyphenated_at_a_lines_end_is_whole_again_and_a_meant_hyphen_stays(text):
    assert "näringsliv för" in text and "kompetensförsörjningsbehov" in text and "närings-" not in text
    assert "skol- och förskoleverksamheten" in text


def test_the_pdf_splits_into_statements_under_its_headings(text):
    statements = split_statements(text)
    kompetens = [s for s in statements if s.section == "Kompetensförsörjning (1)"]
    assert [s.text for s in kompetens][0].startswith("Kommunen ska stödja samverkan mellan skola och näringsliv")


@pytest.mark.parametrize("name, make, code", [
    ("a scanned page", scanned, "strategy.no_text"),
    ("an encrypted PDF", encrypted, "strategy.encrypted"),
    ("a page tree that says ten million pages", lambda: declared_pages(10_000_000), "strategy.too_many_pages"),
    ("1,001 real pages", lambda: many_pages(1001), "strategy.too_many_pages"),
    ("arrays nested 100,000 deep", deep_nesting, "strategy.pdf_damaged"),
    ("a stream that inflates to 200 MB", lambda: inflating_stream(200), "strategy.unpacked_too_big"),
    ("a cut-off PDF", lambda: two_column_strategy()[:900], "strategy.pdf_damaged"),
    ("no PDF at all", lambda: b"Kommunen ska vaxa.", "strategy.pdf_damaged"),
])
def test_pdfs_no_strategy_is_are_refused(name, make, code):
    refused(code, read_strategy, "strategi.pdf", make())
