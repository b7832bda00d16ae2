"""The export for the strategy: one document, four formats, anonymous unless asked."""

import io
import json
import os
import uuid

import jsonschema
import pytest
from docx import Document
from openpyxl import load_workbook

from clustering.placement import place
from sessions.documents.document import build_export
from sessions.documents.forum_report import render
from sessions.evening import board, ideas, parking, priorities, rotation
from sessions.ground import roles
from sessions.ground.roles import Role
from support.evening import advance, back, in_phase, principal

SCHEMA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs",
                      "export-schema.json")


@pytest.fixture
def evening_done(conn, event):
    """A whole evening: ideas, priorities, six finalised themes, proposals, a rotation, parking notes."""
    in_phase(conn, event, "brainstorm")
    texts = ["Snabbare bygglov", "Praktikplatser", "Bredband", "Pendeltåg", "Bostäder", "Mötesplatser"]
    for table, text in enumerate(texts, start=1):
        secretary = principal(event, Role.SECRETARY, table)
        idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), text)
        ideas.add(conn, secretary, str(uuid.uuid4()), f"{text} för alla, bord {table}")
        in_phase(conn, event, "prioritise")
        priorities.choose_idea(conn, secretary, idea.id, True)
        back(conn, principal(event, Role.LEADER))
    parking.add_note(conn, principal(event, Role.SECRETARY, 2), str(uuid.uuid4()), "För kallt i salen")
    person, _ = rotation.join(conn, principal(event, Role.PARTICIPANT), "Anna Andersson", 1)
    in_phase(conn, event, "theming")
    leader = principal(event, Role.LEADER)
    board.suggest(conn, leader, lambda texts, n: [(f"Tema: {t}", [i]) for i, t in enumerate(texts)])
    board.finalise(conn, leader)
    advance(conn, leader)
    ideas.add(conn, principal(event, Role.SECRETARY, 3), str(uuid.uuid4()), "Fiber till varje by före 2030")
    rotation.open_round(conn, leader, 1)
    rotation.close_round(conn, leader, 1)
    return event


def export(conn, event, **kwargs):
    return build_export(conn, roles.ORGANISER, event.id,
                        place=lambda themes, texts: place(themes, texts, "sv"), **kwargs)


def test_the_json_export_follows_its_documented_schema(conn, evening_done):
    document = json.loads(render(export(conn, evening_done), "json"))
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.validate(document, json.load(handle))
    assert document["event"]["vision_question"].startswith("Tio år framåt")
    assert len(document["themes"]) == 6 and len(document["ideas"]) == 12
    assert [p["phase"] for p in document["phases"]][-1] == "deepen"
    assert document["method"]["rotation_rounds"][0]["number"] == 1
    assert document["parking_lot"][0] == {"table": 2, "text": "För kallt i salen",
                                          "created_at": document["parking_lot"][0]["created_at"]}
    assert document["attendance"]["invited"] == 0 and document["attendance"]["participants_joined"] == 1
    assert document["attendance"]["list_kept"] is False
    assert document["schema_version"] == 2 and document["event"]["time_zone"] == "Europe/Stockholm"


def test_each_theme_carries_its_priorities_ideas_and_proposals(conn, evening_done):
    document = export(conn, evening_done)
    broadband = next(theme for theme in document["themes"] if theme["title"] == "Tema: Bredband")
    assert broadband["priorities"] == [{"table": 3, "text": "Bredband"}]
    # The tool's placement is kept apart from what the tables chose, with the words that say why.
    assert broadband["similar_ideas"] == [
        {"table": 3, "text": "Bredband för alla, bord 3", "shared_terms": ["bredband"]}]
    assert broadband["proposals"] == [{"table": 3, "text": "Fiber till varje by före 2030"}]
    assert broadband["tables"] == [3]


def test_exports_are_anonymous_unless_names_are_asked_for(conn, evening_done):
    for file_format in ("json", "md", "docx", "html", "xlsx"):
        assert b"Anna Andersson" not in render(export(conn, evening_done), file_format).replace(b"\x00", b"")
    named = export(conn, evening_done, include_names=True)
    assert named["participants"] == [{"name": "Anna Andersson", "table": 1}]
    assert b"Anna Andersson" in render(named, "md")


def test_the_docx_opens_and_holds_the_themes_and_ideas(conn, evening_done):
    doc = Document(io.BytesIO(render(export(conn, evening_done), "docx")))
    text = "\n".join(paragraph.text for paragraph in doc.paragraphs)
    assert "Teman och förslag" in text and "Bilaga: Alla idéer per bord" in text and "Övriga synpunkter" in text
    assert "1. Tema: Snabbare bygglov" in [paragraph.text for paragraph in doc.paragraphs]
    assert "Bostäder för alla, bord 5" in text
    bullets = [p for p in doc.paragraphs if p.text == "Bostäder för alla, bord 5"]
    assert bullets[0].style.name == "List Bullet"


def test_the_xlsx_has_a_sheet_per_section(conn, evening_done):
    book = load_workbook(io.BytesIO(render(export(conn, evening_done), "xlsx")))
    assert book.sheetnames == ["Evenemang", "Faser", "Teman", "Idéer", "Övriga synpunkter"]
    themes = [row for row in book["Teman"].iter_rows(min_row=2, values_only=True)]
    assert ("Tema: Pendeltåg", "Prioritering", 4, "Pendeltåg") in themes
    listed = [row[1] for row in book["Idéer"].iter_rows(min_row=2, values_only=True)]
    assert "Mötesplatser för alla, bord 6" in listed


def test_markdown_has_swedish_headings(conn, evening_done):
    markdown = render(export(conn, evening_done), "md").decode()
    for heading in ("## Sammanfattning", "## Så gick kvällen till", "## Deltagande", "## Teman och förslag",
                    "## Bilaga: Alla idéer per bord", "## Övriga synpunkter"):
        assert heading in markdown


def test_only_organisers_export(conn, evening_done):
    from sessions.ground.errors import DomainError

    with pytest.raises(DomainError):
        build_export(conn, principal(evening_done, Role.LEADER), evening_done.id)


def test_text_that_looks_like_a_formula_stays_text_in_excel(conn, evening_done):
    ideas.add(conn, principal(evening_done, Role.SECRETARY, 1), str(uuid.uuid4()), '=HYPERLINK("x")')
    book = load_workbook(io.BytesIO(render(export(conn, evening_done), "xlsx")))
    cells = [cell for sheet in ("Teman", "Idéer") for row in book[sheet].iter_rows(min_row=2) for cell in row]
    formula = [cell for cell in cells if cell.value == '=HYPERLINK("x")']
    assert formula and all(cell.data_type == "s" for cell in formula)
