"""Each format end to end in Debian's chromium, with the room's cases: a slow link and a double click."""

import re
import sqlite3

import pytest

from support.browser import violations
from support.serverproc import start_demo_server
from support.slowlink import SlowLink

pytestmark = pytest.mark.browser

ROUND_TRIP = 0.8  # seconds: venue Wi-Fi on a bad evening


def stored(db_path: str, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def served(tmp_path, request):
    server = start_demo_server(str(tmp_path), format_id=request.param)
    yield server
    server.kill()


@pytest.fixture
def room(browser, served):
    """The leader and the projector on the venue's cable; table 1's tablet and a phone behind a slow link."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    link = SlowLink(served.port, delay=ROUND_TRIP / 2)
    # bypass_csp lets the WCAG checks (axe-core) run in the pages; the pages themselves are as served.
    contexts = [browser.new_context(viewport=viewport, locale="sv-SE", is_mobile=mobile, bypass_csp=True)
                for viewport, mobile in (
        ({"width": 1280, "height": 720}, False), ({"width": 1920, "height": 1080}, False),
        ({"width": 1024, "height": 768}, False), ({"width": 390, "height": 844}, True))]
    leader, projector, tablet, phone = (context.new_page() for context in contexts)
    leader.goto(served.links["leader"])
    projector.goto(served.links["projector"])
    tablet.goto(link.url(served.links["tables"][0]["secretary"]))
    phone.goto(link.url(served.links["participant"]))
    yield {"leader": leader, "projector": projector, "tablet": tablet, "phone": phone, "server": served}
    for context in contexts:
        context.close()
    link.close()


def steps(leader) -> list[str]:
    from playwright.sync_api import expect

    expect(leader.get_by_test_id("phase-step").first).to_be_attached()
    return [step.get_attribute("data-phase") for step in leader.get_by_test_id("phase-step").all()]


def double_click_next(leader, projector, expected: str, *, confirm: bool = False) -> None:
    """The leader double-clicks "Nästa fas" (and, with ``confirm``, goes on with tables short of their
    priorities): the event moves one step, never two."""
    from playwright.sync_api import expect

    button = leader.get_by_test_id("phase-next")
    expect(button).to_be_enabled()
    box = button.bounding_box()
    leader.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    if confirm:
        leader.locator("#confirm-force").click()
    expect(projector.get_by_test_id("phase")).to_have_attribute("data-phase", expected)
    if expected != "closing":  # the last step has no next
        expect(button).to_be_enabled()
    expect(leader.get_by_test_id("phase")).to_have_attribute("data-phase", expected)


def join(phone, name: str) -> None:
    from playwright.sync_api import expect

    phone.get_by_test_id("join-name").fill(name)
    phone.get_by_test_id("join-submit").click()
    expect(phone.get_by_test_id("my-table")).to_be_visible()


@pytest.mark.parametrize("served", ["frukostmote"], indirect=True)
def test_a_breakfast_meeting_with_phones_runs_end_to_end(room):
    from playwright.sync_api import expect

    leader, projector, tablet, phone = room["leader"], room["projector"], room["tablet"], room["phone"]
    assert steps(leader) == ["setup", "brainstorm", "prioritise", "vote", "closing"]
    join(phone, "Åsa")
    double_click_next(leader, projector, "brainstorm")
    # Three ideas sent in a burst over the slow link all reach the table's tablet, once each.
    for text in ("En väg in till kommunen", "Snabbare bygglov", "Fler praktikplatser"):
        phone.get_by_test_id("phone-idea-input").fill(text)
        phone.get_by_test_id("phone-idea-submit").click()
    expect(phone.get_by_test_id("phone-idea-status")).to_have_text("Idén är skickad till ditt bord.")
    inbox = tablet.get_by_test_id("inbox-item")
    expect(inbox).to_have_count(3)
    # The secretary double-taps "Ta in": the idea becomes the table's once.
    inbox.filter(has_text="Snabbare bygglov").get_by_test_id("inbox-take").dblclick()
    expect(tablet.get_by_test_id("idea").filter(has_text="Snabbare bygglov")).to_have_count(1)
    expect(inbox).to_have_count(2)
    card = projector.locator('[data-testid="table-card"][data-table="1"]')
    expect(card.get_by_test_id("idea-count")).to_have_attribute("data-count", "1")  # only what was taken in
    double_click_next(leader, projector, "prioritise")
    expect(projector.get_by_test_id("phase")).to_have_text("En prioritering")  # the format's own name for it
    expect(tablet.get_by_test_id("phase-task")).to_have_text(
        "Välj bordets viktigaste idé med knappen ”Välj som prioritering”.")
    tablet.get_by_test_id("idea").filter(has_text="Snabbare bygglov").get_by_role("button", name="Välj").click()
    expect(tablet.get_by_test_id("priority-count")).to_have_text("1 av 1 valda")
    double_click_next(leader, projector, "vote", confirm=True)
    vote = phone.get_by_test_id("vote-item").filter(has_text="Snabbare bygglov")
    vote.get_by_test_id("vote-button").dblclick()  # a double tap gives one vote, not a vote and its return
    expect(projector.get_by_test_id("voted-item").filter(has_text="Snabbare bygglov")
           .get_by_test_id("vote-support")).to_have_text("stöd från 1 av 1")
    expect(phone.get_by_test_id("votes-left")).to_have_text("2 av 3 röster kvar")
    for page in (phone, projector, leader):
        assert violations(page) == []
    double_click_next(leader, projector, "closing")
    phone.get_by_test_id("evaluation-rating-4").check()
    phone.get_by_test_id("evaluation-comment").fill("Bra morgon")
    phone.get_by_test_id("evaluation-submit").click()
    expect(phone.get_by_test_id("evaluation-status")).to_have_text("Tack för din utvärdering!")
    db = room["server"].db_path
    assert stored(db, "SELECT COUNT(*) FROM vote") == [(1,)]
    assert stored(db, "SELECT rating, comment FROM evaluation") == [(4, "Bra morgon")]
    assert sorted(stored(db, "SELECT kind, text FROM idea WHERE table_number = 1")) == [
        ("idea", "Snabbare bygglov"), ("phone_idea", "En väg in till kommunen"), ("phone_idea", "Fler praktikplatser")]


@pytest.mark.parametrize("served", ["upphandlingsdialog"], indirect=True)
def test_a_procurement_dialogue_takes_questions_marks_them_answered_then_ideas(room):
    from playwright.sync_api import expect

    leader, projector, tablet, phone = room["leader"], room["projector"], room["tablet"], room["phone"]
    assert steps(leader) == ["setup", "panel", "brainstorm", "prioritise", "closing"]
    join(phone, "Karin")
    double_click_next(leader, projector, "panel")
    phone.get_by_test_id("phone-idea-input").fill("Varför krävs tre referensuppdrag?")
    phone.get_by_test_id("phone-idea-submit").click()
    tablet.get_by_test_id("idea-input").fill("Hur stora blir ramavtalen?")
    tablet.get_by_test_id("idea-input").press("Enter")
    questions = projector.get_by_test_id("voted-item")
    expect(questions).to_have_count(2)
    phone.get_by_test_id("vote-item").filter(has_text="ramavtalen").get_by_test_id("vote-button").click()
    expect(questions.first).to_contain_text("Hur stora blir ramavtalen?")
    expect(questions.first.get_by_test_id("vote-support")).to_have_text("stöd från 1 av 1")
    leader.get_by_test_id("voted-item").filter(has_text="ramavtalen").get_by_test_id("question-answer").click()
    expect(questions.first.get_by_test_id("answered")).to_have_text("Besvarad")
    for page in (leader, phone):
        assert violations(page) == []
    double_click_next(leader, projector, "brainstorm")
    tablet.get_by_test_id("idea-input").fill("Dela upp upphandlingarna i mindre delar")
    tablet.get_by_test_id("idea-input").press("Enter")
    # After the panel the tablet lists the table's ideas, not the questions.
    expect(tablet.get_by_test_id("idea")).to_have_count(1)
    expect(tablet.get_by_test_id("idea").filter(has_text="Dela upp upphandlingarna")).to_have_attribute(
        "data-state", "saved")
    assert stored(room["server"].db_path, "SELECT kind, answered_at IS NOT NULL FROM idea ORDER BY rowid") == [
        ("question", 0), ("question", 1), ("idea", 0)]


@pytest.mark.parametrize(("served", "details", "stored_details"), [
    ("gator-och-torg", {"detail-sector": "Handel", "detail-age_band": "65-"},
     '{"sector": "Handel", "age_band": "65-"}'),
    ("oppet-hus", {"detail-category": "Bygglov", "detail-follow_up": "Karin på bygglov"},
     '{"category": "Bygglov", "follow_up": "Karin på bygglov"}'),
], indirect=["served"])
def test_a_staff_tablets_log_keeps_each_entry_with_its_details(room, details, stored_details):
    from playwright.sync_api import expect

    leader, projector, tablet = room["leader"], room["projector"], room["tablet"]
    assert steps(leader) == ["setup", "log", "closing"]
    double_click_next(leader, projector, "log")
    for test_id, value in details.items():
        field = tablet.get_by_test_id(test_id)
        if field.evaluate("node => node.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    tablet.get_by_test_id("idea-input").fill("Fler bänkar vid torget")
    tablet.get_by_test_id("idea-input").press("Enter")
    expect(tablet.get_by_test_id("entry").filter(has_text="Fler bänkar vid torget")).to_have_attribute(
        "data-state", "saved")
    tablet.get_by_test_id("idea-input").fill("Och en till")
    tablet.get_by_test_id("idea-input").press("Enter")
    expect(tablet.get_by_test_id("entry")).to_have_count(2)
    assert violations(tablet) == []
    expect(tablet.get_by_test_id("entry").filter(has_text="Och en till")).to_have_attribute("data-state", "saved")
    double_click_next(leader, projector, "closing")
    assert stored(room["server"].db_path, "SELECT text, details FROM idea WHERE kind = 'entry' ORDER BY rowid") == [
        ("Fler bänkar vid torget", stored_details), ("Och en till", "")]


@pytest.fixture
def sample_served(tmp_path):
    server = start_demo_server(str(tmp_path), sample=True, format_id="frukostmote")
    yield server
    server.kill()


def test_a_programme_groups_its_events_inputs_into_themes_people_correct(browser, sample_served):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    desk = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 720}, bypass_csp=True).new_page()
    desk.goto(sample_served.links["organiser"])
    desk.get_by_test_id("event-format").select_option("upphandlingsdialog")
    desk.locator("#title").fill("Upphandlingsdialog hösten")
    desk.get_by_role("button", name="Skapa evenemanget").click()
    desk.goto(desk.url.split("/organiser/")[0] + "/organiser/")
    desk.get_by_test_id("programmes-link").click()
    desk.get_by_test_id("programme-title").fill("Underlag till näringslivsstrategin 2027")
    for box in desk.get_by_test_id("programme-event").all():
        box.check()
    desk.get_by_test_id("programme-create").dblclick()  # a double click makes one programme
    expect(desk.get_by_test_id("programme-heading")).to_have_text("Underlag till näringslivsstrategin 2027")
    expect(desk.get_by_test_id("programme-dialogue")).to_have_count(2)
    desk.get_by_test_id("programme-suggest").click()
    expect(desk.get_by_test_id("programme-theme").first).to_be_visible()
    sources = desk.get_by_test_id("programme-source")
    expect(sources).to_have_count(6)  # the breakfast's sample ideas, each under a theme
    desk.locator("#theme-title-1").fill("Snabbare beslut")
    desk.locator("#theme-title-1").press("Enter")
    expect(desk.locator("#theme-title-1")).to_have_value("Snabbare beslut")
    assert violations(desk) == []
    base = desk.url.split("/organiser/")[0]
    desk.goto(f"{base}/organiser/programmes/")
    expect(desk.get_by_test_id("programme-list").locator("li")).to_have_count(1)
    assert violations(desk) == []
    desk.context.close()



def test_choosing_a_format_gives_the_form_that_formats_questions_but_keeps_what_was_typed(browser, sample_served):
    """A breakfast meeting made with the form as it came was asked the open forum's ten-year question."""
    from playwright.sync_api import expect

    desk = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 720}).new_page()
    desk.goto(sample_served.links["organiser"])
    expect(desk.locator("#vision_question")).to_have_value(re.compile("^Tio år framåt i tiden"))
    desk.get_by_test_id("event-format").select_option("frukostmote")
    expect(desk.locator("#vision_question")).to_have_value(
        "Vad behöver företagen i kommunen mest av kommunen de närmaste åren?")
    expect(desk.locator("#warmup_story")).to_have_value("")
    expect(desk.locator("#table_count")).to_have_value("4")
    expect(desk.locator("#rotation_rounds_max")).to_have_value("0")
    desk.locator("#vision_question").fill("Vad ska vi göra först?")
    desk.get_by_test_id("event-format").select_option("upphandlingsdialog")
    expect(desk.locator("#vision_question")).to_have_value("Vad ska vi göra först?")  # typed: kept
    expect(desk.locator("#deepen_question")).to_have_value("Hur gör vi det lättare för lokala företag att lämna anbud?")
    desk.context.close()
