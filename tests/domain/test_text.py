"""Text hygiene: whatever people type (or paste) is stored cleaned, so no export or page can break on it."""

import io
import uuid

import pytest
from docx import Document
from openpyxl import load_workbook

from sessions import storage
from sessions.documents.document import build_export
from sessions.documents.forum_report import render
from sessions.evening import board, events, ideas, parking, rotation
from sessions.ground import roles
from sessions.ground.roles import Role
from sessions.ground.text import clean_text, normalise_text
from sessions.people import people
from support.evening import in_phase, principal, refused

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
    elif file_format == "md":  # as a Markdown renderer shows it ("Escape[31m" is written "Escape\\[31m")
        from markdown_it import MarkdownIt

        shown = MarkdownIt("commonmark").render(content.decode("utf-8"))
    else:
        shown = content.decode("utf-8")
    for text in expected:
        assert text in shown


@pytest.mark.parametrize("typed, stored", [
    ("Anna Be\u200brg", "Anna Berg"),  # zero-width space
    ("Anna\u2060 Berg\ufeff", "Anna Berg"),  # word joiner, byte-order mark
    ("Anna Be\u200crg", "Anna Berg"),  # a non-joiner between Latin letters joins nothing
    ("Anna Be\u200drg", "Anna Berg"),
    ("Anna\ufe0f Berg", "Anna Berg"),  # a variation selector after a Latin letter
    ("\u202eGREB ANNA\u202c", "GREB ANNA"),  # right-to-left override and its end
    ("Bygglov \u2067på\u2069 en dag\u200f", "Bygglov på en dag"),  # isolate and right-to-left mark
    ("Ambassa\u00addörsprogram", "Ambassadörsprogram"),  # the projector adds its own soft hyphens
    ("Hej\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065", "Hej"),  # text hidden in tags
    ("\u3164", ""),  # a Hangul filler, a "blank" name
])
def test_characters_nobody_sees_are_removed(typed, stored):
    assert normalise_text(typed, one_line=True) == stored


@pytest.mark.parametrize("text", [
    "Åsa Öberg, Ängelholm: äö och ÅÄÖ",
    "Kodare \U0001f469\u200d\U0001f4bb och familj \U0001f468\u200d\U0001f469\u200d\U0001f467",  # emoji sequences
    "Regnbåge \U0001f3f3\ufe0f\u200d\U0001f308, tumme \U0001f44d\U0001f3fd, 1\ufe0f\u20e3",
    "Skottland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # a subdivision flag
    "Persiska \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # a non-joiner spelling a Persian word
    "Hindi \u0915\u094d\u200d\u0937",  # a joiner between Devanagari letters
    "Arabiska \u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064a\u0643\u0645",
])
def test_characters_people_see_stay(text):
    assert normalise_text(text) == text


def test_a_name_of_invisible_characters_only_is_empty():
    refused("person.name_empty", people.clean_person, {"name": "\u200b\u202e\u2066\u00ad"})


def test_a_re_import_finds_a_person_typed_with_a_hidden_character(conn, event):
    from sessions.people import imports

    people.add_person(conn, roles.ORGANISER, event.id, {"name": "Anna Be\u200brg", "organisation": "Berg AB"})
    assert [person.name for person in people.list_people(conn, roles.ORGANISER, event.id)] == ["Anna Berg"]
    content = "Namn;Organisation\nAnna Berg;Berg AB\nAnna\u2060 Berg;Berg\u200b AB\n".encode("utf-8")
    import_id = imports.start_import(conn, roles.ORGANISER, event.id, "lista.csv", content)
    preview = imports.preview(conn, roles.ORGANISER, event.id, import_id)
    assert [row.action for row in preview.rows] == ["unchanged", "duplicate"]


def test_a_name_stored_with_a_hidden_character_before_is_found_too(conn, event):
    from sessions.people import imports

    person_id = people.add_person(conn, roles.ORGANISER, event.id, {"name": "Anna Berg", "organisation": "Berg AB"})
    # As an earlier version of the app stored it, before hidden characters were removed.
    stored = people.get_person(conn, roles.ORGANISER, event.id, person_id)
    with storage.transaction(conn):
        storage.update_person(conn, event.id, person_id, {**vars(stored), "name": "Anna Be\u200brg"}, 0.0)
    assert [p.name for p in people.list_people(conn, roles.ORGANISER, event.id, "anna berg")] == ["Anna Be\u200brg"]
    import_id = imports.start_import(conn, roles.ORGANISER, event.id, "lista.csv",
                                           b"Namn;Organisation\nAnna Berg;Berg AB\n")
    assert [row.action for row in imports.preview(conn, roles.ORGANISER, event.id, import_id).rows] \
        == ["unchanged"]
