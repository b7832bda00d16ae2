"""The organiser confirms or corrects each of the imprint's verdicts; the reports say which are the tool's own."""

import io
import json
import os
import re
import uuid

import jsonschema
import pytest
from docx import Document

from sessions.documents import followup, imprint, verdicts
from sessions.documents.render import render
from sessions.evening import ideas
from sessions.ground import roles
from sessions.ground.roles import Principal, Role
from support.evening import refused
from support.imprint_data import STRATEGY, asby_evening

SCHEMA = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "imprint-schema.json")
HOUSING = "Bostäder så att nyanställda kan flytta hit"  # the tool: syns inte
BESKED = "Snabbare besked från kommunen"  # the tool: tas upp


@pytest.fixture
def compared(conn, event, clock):
    asby_evening(conn, event)
    with open(STRATEGY, "rb") as handle:
        imprint.save_strategy(conn, roles.ORGANISER, event.id, "program.md", handle.read())
    imprint.compute_imprint(conn, roles.ORGANISER, event.id)
    return event


def theme_entry(conn, event, title):
    return next(t for t in verdicts.reviewed_state(conn, roles.ORGANISER, event.id).shown["themes"]
                if t["title"] == title)


def test_a_correction_is_kept_with_who_and_when_and_counts(conn, compared, clock):
    before = theme_entry(conn, compared, HOUSING)
    assert (before["verdict"], before["tool_verdict"], before["review"]) == ("not_seen", "not_seen", None)
    clock.moment = 1_700_000_100.0
    review = verdicts.review_verdict(conn, roles.ORGANISER, compared.id, "theme", HOUSING, "", "taken_up", "anna")
    assert (review.verdict, review.tool_verdict, review.reviewed_by, review.reviewed_at) == (
        "taken_up", "not_seen", "anna", 1_700_000_100.0)
    after = verdicts.reviewed_state(conn, roles.ORGANISER, compared.id).shown
    housing = next(t for t in after["themes"] if t["title"] == HOUSING)
    assert (housing["verdict"], housing["reached"], housing["tool_verdict"]) == ("taken_up", True, "not_seen")
    assert after["summary"]["themes_reached"] == 5 and after["summary"]["reviewed"] == 1
    # A second click of the same button changes nothing; a confirmation of another item is its own.
    assert verdicts.review_verdict(conn, roles.ORGANISER, compared.id, "theme", HOUSING, "", "taken_up", "bo") is None
    verdicts.review_verdict(conn, roles.ORGANISER, compared.id, "theme", HOUSING, "", "unsure", "bo")
    housing = theme_entry(conn, compared, HOUSING)
    assert [(r["verdict"], r["reviewed_by"]) for r in housing["history"]] == [("taken_up", "anna"), ("unsure", "bo")]
    assert housing["verdict"] == "unsure"


def test_a_proposal_is_reviewed_under_its_theme(conn, compared):
    proposal = verdicts.reviewed_state(conn, roles.ORGANISER, compared.id).shown["proposals"][0]
    verdicts.review_verdict(conn, roles.ORGANISER, compared.id, "proposal", proposal["theme"], proposal["text"],
                            "not_seen", "anna")
    shown = verdicts.reviewed_state(conn, roles.ORGANISER, compared.id).shown
    assert shown["proposals"][0]["verdict"] == "not_seen"
    assert all(p["review"] is None for p in shown["proposals"][1:])


def test_bad_reviews_are_refused_and_change_nothing(conn, compared):
    def review(*args):
        return verdicts.review_verdict(conn, roles.ORGANISER, compared.id, *args)

    refused("verdict.bad", review, "theme", HOUSING, "", "maybe", "anna")
    refused("verdict.not_found", review, "theme", "Ett tema som inte finns", "", "taken_up", "anna")
    refused("verdict.not_found", review, "proposal", HOUSING, "Inget sådant förslag", "taken_up", "anna")
    refused("verdict.not_found", review, "table", HOUSING, "", "taken_up", "anna")
    refused("verdict.who.too_long", review, "theme", HOUSING, "", "taken_up", "x" * 121)
    refused("role.forbidden", verdicts.review_verdict, conn, Principal(Role.LEADER, compared.id), compared.id,
            "theme", HOUSING, "", "taken_up", "anna")
    assert verdicts.reviewed_state(conn, roles.ORGANISER, compared.id).shown["summary"]["reviewed"] == 0


def test_a_review_survives_the_imprint_computed_again(conn, compared):
    verdicts.review_verdict(conn, roles.ORGANISER, compared.id, "theme", HOUSING, "", "taken_up", "anna")
    ideas.add(conn, Principal(Role.SECRETARY, compared.id, 2), str(uuid.uuid4()), "Pendelparkering vid stationen")
    imprint.compute_imprint(conn, roles.ORGANISER, compared.id)
    state = verdicts.reviewed_state(conn, roles.ORGANISER, compared.id)
    assert state.current and theme_entry(conn, compared, HOUSING)["verdict"] == "taken_up"
    assert verdicts.reviewed_imprint(conn, roles.ORGANISER, compared.id)["summary"]["themes_reached"] == 5


def test_the_councils_reports_use_the_corrected_verdicts_and_say_which_are_the_tools_own(conn, compared):
    verdicts.review_verdict(conn, roles.ORGANISER, compared.id, "theme", HOUSING, "", "taken_up", "anna")
    verdicts.review_verdict(conn, roles.ORGANISER, compared.id, "theme", BESKED, "", "taken_up", "anna")
    found = verdicts.reviewed_imprint(conn, roles.ORGANISER, compared.id)
    doc = Document(io.BytesIO(render(followup.followup_report(conn, roles.ORGANISER, compared.id, found), "docx")))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Tema")
    rows = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert rows[BESKED] == "Tas upp (bekräftad av arrangören)"
    assert rows[HOUSING] == "Tas upp (ändrad av arrangören (verktyget: syns inte))"
    assert rows["Kultur och fritid som lockar unga familjer"] == "Osäker (verktygets bedömning, inte bekräftad)"
    texts = [p.text for p in doc.paragraphs]
    assert "anna" not in re.findall(r"\w+", "\n".join(texts))  # the council reads the verdict, not who clicked
    answer = render(imprint.imprint_report(found), "md").decode()
    assert "5 av 6 teman" in answer
    assert f"| {HOUSING} | Tas upp | Ändrad av arrangören (verktyget: syns inte) |" in answer
    assert "| Verktygets bedömning, inte bekräftad |" in answer


# --- the organiser's page ----------------------------------------------------------------------------

@pytest.fixture
def desk(evening, client):
    from dialog_app.db import get_db

    with evening.app.app_context():
        asby_evening(get_db(), evening.event)
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    with open(STRATEGY, "rb") as handle:
        client.post(f"{base}/imprint", data={"csrf_token": csrf, "strategy": (handle, "program.md")},
                    content_type="multipart/form-data")
    return client, csrf, base


def theme_section(page: str, title: str) -> str:
    return next(section for section in re.findall(r'<section class="panel" id="theme-\d+".*?</section>', page, re.S)
                if f'<span lang="sv">{title}</span>' in section)


def test_the_page_shows_each_verdict_beside_its_evidence_and_the_organiser_corrects_it(desk):
    client, csrf, base = desk
    page = client.get(f"{base}/imprint").get_data(as_text=True)
    housing = theme_section(page, HOUSING)
    assert 'data-verdict="not_seen"' in housing and "Verktygets bedömning, inte bekräftad" in housing
    # Even "syns inte" shows the strategy's nearest statements, with the shared words, beside the verdict.
    assert 'data-testid="evidence-statement"' in housing and "Gemensamma ord:" in housing
    besked = theme_section(page, BESKED)
    assert 'data-verdict="taken_up"' in besked and "Där strategin tar upp det" in besked
    form = {"csrf_token": csrf, "kind": "theme", "theme": HOUSING, "proposal": "", "anchor": "theme-6",
            "verdict": "taken_up"}
    response = client.post(f"{base}/imprint/verdict", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/imprint#theme-6")
    page = client.get(f"{base}/imprint").get_data(as_text=True)
    housing = theme_section(page, HOUSING)
    assert "Bedömningen är sparad." in page and "5 av 6 teman" in page
    assert 'data-verdict="taken_up"' in housing and 'data-tool-verdict="not_seen"' in housing
    assert re.search(r"Ändrad av [^<]+ \d{4}-\d\d-\d\d \d\d\.\d\d \(verktyget: Syns inte\)", housing)
    assert "1 bedömning" in housing
    again = client.post(f"{base}/imprint/verdict", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Inget ändrades." in again
    bad = client.post(f"{base}/imprint/verdict", data=form | {"theme": "Nej"}, follow_redirects=True)
    assert "Temat eller förslaget finns inte längre i jämförelsen med strategin." in bad.get_data(as_text=True)
    assert client.post(f"{base}/imprint/verdict", data=form | {"csrf_token": "x"}).status_code == 400
    followup_page = client.get(f"{base}/followup").get_data(as_text=True)
    shown = dict(re.findall(r'<span lang="sv">([^<]+)</span></h2>.*?data-testid="followup-verdict" '
                            r'data-verdict="(\w+)"', followup_page, re.S))
    assert shown[HOUSING] == "taken_up" and shown[BESKED] == "taken_up"
    assert "Verktygets bedömning, inte bekräftad" in followup_page
    report = client.get(f"{base}/followup/report?format=md").get_data(as_text=True)
    assert "Tas upp (ändrad av arrangören (verktyget: syns inte))" in report
    download = client.get(f"{base}/imprint/download?format=json").get_json()
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.validate(download, json.load(handle))
    assert download["summary"]["themes_reached"] == 5 and download["summary"]["reviewed"] == 1
