"""Text hygiene: whatever people type (or paste) is stored cleaned, so no export or page can break on it."""

import io
import uuid

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import in_phase, principal, refused
from sessions import board, events, ideas, parking, people, roles, rotation, storage
from sessions.export import build_export
from sessions.export_formats import render
from sessions.roles import Role
from sessions.text import clean_text, normalise_text

PASTED = "Bygg\x0blov\x1b[0m på\x00 en\x7f dag\ttack\r\nNästa rad\rTredje"


def test_control_characters_are_removed_and_the_rest_of_the_text_is_kept():
    assert normalise_text(PASTED) == "Bygglov[0m på en dag\ttack\nNästa rad\nTredje"


def test_a_lone_surrogate_becomes_a_replacement_character_instead_of_failing_the_write():
    assert normalise_text("Bredband\ud800 till alla") == "Bredband\ufffd till alla"


def test_one_line_texts_fold_every_kind_of_space():
    assert normalise_text("  Åsa\u00a0\n Öberg\x0b ", one_line=True) == "Åsa Öberg"


def test_a_decomposed_a_ring_is_stored_as_the_same_letter():
    assert normalise_text("a\u030angstrom") == "\u00e5ngstrom"


def test_limits_count_the_cleaned_text():
    assert clean_text("x" * 10 + "\x00" * 5, code="idea", limit=10) == "x" * 10
    error = refused("idea.too_long", lambda: clean_text("x" * 11, code="idea", limit=10))
    assert error.params == {"limit": 10, "length": 11}
    refused("idea.empty", lambda: clean_text("\x00\x0b \n", code="idea", limit=10))
    refused("idea.empty", lambda: clean_text({"text": "not a string"}, code="idea", limit=10))


def test_every_kind_of_text_is_cleaned_on_its_way_in(conn, event):
    in_phase(conn, event, "brainstorm")
    secretary = principal(event, Role.SECRETARY, 1)
    idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), PASTED)
    assert idea.text == "Bygglov[0m på en dag\ttack\nNästa rad\nTredje"
    note, _ = parking.add_note(conn, secretary, str(uuid.uuid4()), "Kaffe\x1bmaskinen")
    assert note.text == "Kaffemaskinen"
    edited = events.edit(conn, b"secret", roles.ORGANISER, event.id, {"title": "Forum\x0c 2026"})
    assert edited.title == "Forum 2026"
    person_id = people.add_person(conn, roles.ORGANISER, event.id, {"name": "Åsa\x00 Öberg", "sector": "Bygg\x1b"})
    person = people.get_person(conn, roles.ORGANISER, event.id, person_id)
    assert (person.name, person.sector) == ("Åsa Öberg", "Bygg")
    participant, _ = rotation.join(conn, principal(event, Role.PARTICIPANT), "Per\x07 Ek", 1)
    assert participant.display_name == "Per Ek"


def test_theme_titles_are_cleaned(conn, event):
    in_phase(conn, event, "theming")
    leader = principal(event, Role.LEADER)
    theme_id = board.create_theme(conn, leader, "Kompetens\x0bförsörjning")
    assert [theme.title for theme in storage.fetch_themes(conn, event.id) if theme.id == theme_id] \
        == ["Kompetensförsörjning"]


@pytest.mark.parametrize("file_format", ["docx", "xlsx", "md", "json"])
def test_an_export_of_pasted_text_with_control_characters_opens(conn, event, file_format):
    in_phase(conn, event, "brainstorm")
    secretary = principal(event, Role.SECRETARY, 2)
    for text in ("Vertikal\x0btab", "Escape\x1b[31m röd", "Noll\x00byte", "Ensam\ud800 surrogat"):
        ideas.add(conn, secretary, str(uuid.uuid4()), text)
    content = render(build_export(conn, roles.ORGANISER, event.id), file_format)
    expected = ["Vertikaltab", "Escape[31m röd", "Nollbyte", "Ensam\ufffd surrogat"]
    if file_format == "docx":
        shown = [paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs]
    elif file_format == "xlsx":
        shown = [row[1] for row in load_workbook(io.BytesIO(content))["Idéer"].iter_rows(min_row=2, values_only=True)]
    else:
        shown = content.decode("utf-8")
    for text in expected:
        assert text in shown
