"""Every live page, in every phase of a full evening, in Swedish and in English: no message key, no
`undefined`, `NaN` or `[object Object]`, and no placeholder left unfilled reaches a person."""

import pytest

from support.full_evening import PHASES, FullEvening
from support.wording import BROKEN, PAGE_TEXT

pytestmark = pytest.mark.browser


def test_no_page_in_any_phase_in_either_language_shows_a_key_or_a_broken_value(browser, evening_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    links = evening_server.links
    pages = {}
    for lang in ("sv", "en"):
        for name, url, viewport in (("leader", links["leader"], (1280, 800)),
                                    ("projector", links["projector"], (1920, 1080)),
                                    ("tablet", links["tables"][0]["secretary"], (1024, 768)),
                                    ("phone", links["participant"], (390, 844))):
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                          locale="sv-SE" if lang == "sv" else "en-GB")
            page = context.new_page()
            page.goto(f"{url}?lang={lang}")
            expect(page.get_by_test_id("connection")).to_have_attribute("data-state", "online")
            pages[(lang, name)] = page
        phone = pages[(lang, "phone")]
        phone.get_by_test_id("join-name").fill(f"Telefon {lang}")
        phone.get_by_test_id("join-submit").click()
        expect(phone.get_by_test_id("my-table")).to_be_visible()
    evening = FullEvening(links, phones=6)
    found = {}
    for phase in PHASES:
        evening.run_until(phase)
        for (lang, name), page in pages.items():
            expect(page.get_by_test_id("phase").first).to_have_attribute("data-phase", phase)
            problems = BROKEN.findall(page.evaluate(PAGE_TEXT))
            if problems:
                found[(phase, lang, name)] = sorted(set(problems))
    evening.close()
    for page in pages.values():
        page.context.close()
    assert found == {}
