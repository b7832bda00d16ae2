"""The organiser's page reads why a strategy was refused, in their language, and the strategy read before stays."""

import io
import os
import zipfile

import pytest

from support.evening import refused
from support.hostile_files import MB, docx, hostile_strategies, paragraph

HOSTILE = hostile_strategies()

# What the organiser reads, for each refusal (the page's own words, in Swedish).
MESSAGES = {
    "strategy.unpacked_too_big": "Filen innehåller mycket mer än en strategi (mer än 100 MB uppackad). Inget har lästs "
                                 "in.",
    "strategy.damaged": "Filen är skadad, eller inget Word-dokument som Word sparar det. Inget har lästs in.",
    "strategy.too_many_paragraphs": "Dokumentet har fler än 20\u00a0000 stycken, långt fler än en strategi. Inget har "
                                    "lästs in.",
    "strategy.too_many_elements": "Dokumentet är uppbyggt av fler än 500\u00a0000 delar, långt fler än en strategi.",
    "strategy.too_long": "Texten har mer än 2\u00a0000\u00a0000 tecken, långt mer än en strategi. Inget har lästs in.",
    "strategy.old_format": "Filen är en äldre Word-fil (DOC) eller lösenordsskyddad.",
    "strategy.too_many_lines": "Filen har fler än 100\u00a0000 rader, långt fler än en strategi. Inget har lästs in.",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_the_organiser_reads_why_and_the_strategy_read_before_stays(client, evening, name):
    filename, content, code = HOSTILE[name]
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    first = client.post(f"{base}/imprint", content_type="multipart/form-data",
                        data={"csrf_token": csrf, "strategy": (io.BytesIO("Kommunen ska växa.".encode()), "s.txt")})
    assert first.status_code == 302
    response = client.post(f"{base}/imprint", content_type="multipart/form-data", follow_redirects=True,
                           data={"csrf_token": csrf, "strategy": (io.BytesIO(content), filename)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and MESSAGES[code] in page
    assert "s.txt" in page  # the strategy read before is still the one compared with


def test_the_refusal_is_in_english_too(client, evening):
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    client.get(f"{base}/imprint?lang=en")
    filename, content, _ = HOSTILE["3,900,000 tiny paragraphs"]
    response = client.post(f"{base}/imprint", content_type="multipart/form-data", follow_redirects=True,
                           data={"csrf_token": csrf, "strategy": (io.BytesIO(content), filename)})
    assert ("The document has more than 20,000 paragraphs, far more than a strategy. Nothing has been loaded. "
            "Upload just the strategy itself, without appendices.") in response.get_data(as_text=True)


def test_a_strategy_larger_than_other_uploads_is_read_and_a_larger_one_refused_by_its_own_limit(client, evening):
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    with_images = io.BytesIO(docx(paragraph("Kommunen ska stärka näringslivet.")))
    with zipfile.ZipFile(with_images, "a") as archive:  # 5 MB of photographs: over the 4 MB of other requests
        archive.writestr("word/media/image1.jpeg", os.urandom(5 * MB))
    read = client.post(f"{base}/imprint", content_type="multipart/form-data", follow_redirects=True,
                       data={"csrf_token": csrf, "strategy": (io.BytesIO(with_images.getvalue()), "bilder.docx")})
    assert "Strategin är inläst." in read.get_data(as_text=True)
    too_big = client.post(f"{base}/imprint", content_type="multipart/form-data", follow_redirects=True,
                          data={"csrf_token": csrf, "strategy": (io.BytesIO(b"x" * (11 * MB)), "s.txt")})
    assert "Filen är för stor (högst 10 MB)." in too_big.get_data(as_text=True)


def test_a_later_reader_of_pages_gets_the_same_limits_and_words(app):
    """The seam a PDF reader will use: count pages, look at the clock, count the text."""
    from dialog_app.i18n import error_message
    from sessions.documents.strategy_files import STRATEGY_LIMITS
    from sessions.ground.file_limits import Reading

    reading = Reading(STRATEGY_LIMITS)
    reading.count("pages", 1000)
    error = refused("strategy.too_many_pages", reading.count, "pages")
    with app.test_request_context("/"):
        assert error_message(error.code, error.params) == (
            "Dokumentet har fler än 1\u00a0000 sidor, långt fler än en strategi. Inget har lästs in. Ladda upp bara "
            "själva strategin, utan bilagor.")


def test_the_organiser_reads_a_strategy_published_as_a_pdf_and_why_a_scan_is_refused(client, evening):
    from support.strategy_pdfs import encrypted, scanned, two_column_strategy

    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    read = client.post(f"{base}/imprint", content_type="multipart/form-data", follow_redirects=True,
                       data={"csrf_token": csrf, "strategy": (io.BytesIO(two_column_strategy()), "strategi.pdf")})
    page = read.get_data(as_text=True)
    assert "Strategin är inläst." in page and "Inläst: strategi.pdf." in page
    scan = client.post(f"{base}/imprint", content_type="multipart/form-data", follow_redirects=True,
                       data={"csrf_token": csrf, "strategy": (io.BytesIO(scanned()), "skannad.pdf")})
    assert ("PDF-filen har ingen text att läsa, bara bilder (en inskannad sida?). Inget har lästs in."
            in scan.get_data(as_text=True))
    locked = client.post(f"{base}/imprint", content_type="multipart/form-data", follow_redirects=True,
                         data={"csrf_token": csrf, "strategy": (io.BytesIO(encrypted()), "last.pdf")})
    page = locked.get_data(as_text=True)
    assert "PDF-filen är krypterad eller lösenordsskyddad. Inget har lästs in." in page
    assert "Inläst: strategi.pdf." in page  # the strategy read before is kept
