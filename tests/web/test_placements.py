"""The report's "Liknande idéer från borden": only confident placements, with why, and the organiser
removes a misleading one before the report goes out; removed stays removed in every format."""

import io
import json
import os
import re
import uuid

import jsonschema
import pytest
from docx import Document
from openpyxl import load_workbook

from dialog_app.exports import place_ideas
from sessions.documents import placements
from sessions.documents.document import build_export
from sessions.documents.forum_report import render
from sessions.ground import roles
from sessions.ground.roles import Role
from support.evening import principal, refused
from support.placement_evening import MISPLACED, NOWHERE, PERMITS, played

SCHEMA = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "export-schema.json")
@pytest.fixture
def evening_with_placements(conn, event):
    return played(conn, event)


def idea_id(conn, event, text):
    from sessions import storage

    return next(idea.id for idea in storage.fetch_ideas(conn, event.id) if idea.text == text)


def similar(document) -> dict[str, list[tuple[str, list[str]]]]:
    return {theme["title"]: [(entry["text"], entry.get("shared_terms", [])) for entry in theme["similar_ideas"]]
            for theme in document["themes"]}


def test_an_idea_is_placed_only_where_the_tool_is_confident_and_says_why(conn, evening_with_placements):
    document = build_export(conn, roles.ORGANISER, evening_with_placements.id, place=place_ideas)
    placed = similar(document)
    assert placed["Bygglov"] == [(PERMITS, ["bygglov"]), (MISPLACED, ["bygglov"])]
    assert all(NOWHERE not in [text for text, _ in entries] for entries in placed.values())
    report = render(document, "md").decode()
    assert f"{PERMITS} (bord 1) – gemensamma ord: bygglov" in report
    appendix = report.split("Bilaga: Alla idéer per bord", 1)[1]
    assert NOWHERE in appendix and PERMITS in appendix


def test_a_removed_placement_stays_removed_in_every_format(conn, evening_with_placements):
    event = evening_with_placements
    assert placements.remove_placement(conn, roles.ORGANISER, event.id, idea_id(conn, event, MISPLACED), "Bygglov",
                                       "anna") is True
    document = build_export(conn, roles.ORGANISER, event.id, place=place_ideas)
    assert similar(document)["Bygglov"] == [(PERMITS, ["bygglov"])]
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.validate(json.loads(render(document, "json")), json.load(handle))
    for file_format in ("md", "html"):
        content = render(document, file_format).decode()
        themes_part = content.split("Bilaga: Alla idéer per bord", 1)[0]
        assert PERMITS in themes_part and MISPLACED not in themes_part, file_format
        assert MISPLACED in content  # with its table, in the appendix
    doc = Document(io.BytesIO(render(document, "docx")))
    texts = [p.text for p in doc.paragraphs]
    appendix = texts.index("Bilaga: Alla idéer per bord")
    assert not any(MISPLACED in text for text in texts[:appendix]) and any(MISPLACED in t for t in texts[appendix:])
    sheet = load_workbook(io.BytesIO(render(document, "xlsx")))["Teman"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert not any(MISPLACED in str(row) for row in rows) and any(PERMITS in str(row) for row in rows)
    listed = placements.listing(conn, roles.ORGANISER, event.id, place_ideas)
    assert [(p["text"], p["removed"]) for p in listed[0]["placements"]] == [(PERMITS, False), (MISPLACED, True)]


def test_bad_removals_are_refused_and_a_second_click_changes_nothing(conn, evening_with_placements):
    event = evening_with_placements
    misplaced = idea_id(conn, event, MISPLACED)
    assert placements.remove_placement(conn, roles.ORGANISER, event.id, misplaced, "Bygglov", "anna") is True
    assert placements.remove_placement(conn, roles.ORGANISER, event.id, misplaced, "Bygglov", "anna") is False
    refused("placement.not_found", placements.remove_placement, conn, roles.ORGANISER, event.id, misplaced,
            "Inget sådant tema", "anna")
    refused("placement.not_found", placements.remove_placement, conn, roles.ORGANISER, event.id, str(uuid.uuid4()),
            "Bygglov", "anna")
    refused("placement.not_found", placements.remove_placement, conn, roles.ORGANISER, event.id, None, "Bygglov",
            "anna")
    refused("role.forbidden", placements.remove_placement, conn, principal(event, Role.LEADER), event.id, misplaced,
            "Bygglov", "anna")


# --- the organiser's page ----------------------------------------------------------------------------

def test_the_organiser_removes_a_placement_on_the_page_and_the_export_leaves_it_out(evening, client):
    from dialog_app.db import get_db

    with evening.app.app_context():
        played(get_db(), evening.event)
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    page = client.get(f"{base}/placements").get_data(as_text=True)
    assert page.count('data-testid="placement"') == 2 and "Gemensamma ord: bygglov." in page
    assert f'aria-label="Ta bort ur temat: {MISPLACED}"' in page
    misplaced = re.search(rf'<span lang="sv">{MISPLACED}</span>.*?name="idea_id" value="([^"]+)"', page, re.S).group(1)
    form = {"csrf_token": csrf, "idea_id": misplaced, "theme": "Bygglov"}
    response = client.post(f"{base}/placements/remove", data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Placeringen är borttagen ur rapporten." in page and page.count('data-testid="placement"') == 1
    assert "1 borttagen placering" in page
    assert "Inget ändrades." in client.post(f"{base}/placements/remove", data=form,
                                           follow_redirects=True).get_data(as_text=True)
    bad = client.post(f"{base}/placements/remove", data=form | {"theme": "Nej"}, follow_redirects=True)
    assert "Idén eller temat finns inte längre." in bad.get_data(as_text=True)
    assert client.post(f"{base}/placements/remove", data=form | {"csrf_token": "x"}).status_code == 400
    exported = client.get(f"{base}/export?format=json").get_json()
    bygglov = next(theme for theme in exported["themes"] if theme["title"] == "Bygglov")
    assert [entry["text"] for entry in bygglov["similar_ideas"]] == [PERMITS]
