"""Every text a person reads can be translated, and English has them all."""

import os

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PO_FILE = os.path.join(ROOT, "dialog_app", "translations", "en", "LC_MESSAGES", "messages.po")


def extracted_messages() -> set[str]:
    method_map = [("dialog_app/**.py", "python"), ("dialog_app/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2),
                "plural_forms": (1, 2)}
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map=method_map, keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_ui_text_has_an_english_translation():
    with open(PO_FILE, "rb") as handle:
        catalogue = read_po(handle)
    # A plural entry's id is (singular, plural) and it is translated when every form is.
    translated = {message.id[0] if isinstance(message.id, tuple) else message.id for message in catalogue
                  if message.id and (all(message.string) if isinstance(message.string, tuple) else message.string)}
    missing = sorted(extracted_messages() - translated)
    assert not missing, f"run `make translations` and translate: {missing}"


def test_a_message_missing_a_value_never_shows_a_raw_placeholder(app):
    from dialog_app.i18n import error_message

    with app.test_request_context("/?lang=sv"):
        assert error_message("rotation.full", {"table": 3}) == "Bord 3 är fullt. Bord med lediga platser: –."
        assert error_message("no.such.code", {}) == "Något gick fel på servern. Det du skrev finns kvar; försök igen."


def test_a_list_in_a_message_is_written_as_the_language_writes_lists(app):
    from dialog_app.i18n import error_message

    with app.test_request_context("/?lang=sv"):
        assert error_message("rotation.full",
                             {"table": 3, "free": [1, 5, 6]}) == "Bord 3 är fullt. Bord med lediga platser: 1, 5 och 6."
    with app.test_request_context("/?lang=en"):
        assert error_message("rotation.full",
                             {"table": 3, "free": [1, 5, 6]}) == "Table 3 is full. Tables with free seats: 1, 5, and 6."


def test_english_keeps_every_placeholder_and_nothing_is_fuzzy():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    with open(PO_FILE, "rb") as handle:
        catalogue = read_po(handle)
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(placeholder.findall(text) for text in ids))
        if message.fuzzy or any(set(placeholder.findall(text)) != wanted for text in strings):
            wrong.append(message.id)
    assert wrong == []


def test_numbers_in_a_message_are_written_as_the_language_writes_them(app):
    from dialog_app.i18n import error_message

    with app.test_request_context("/?lang=sv"):
        assert error_message("import.too_many", {"limit": 5000}).startswith("Listan har fler än 5\u00a0000 rader")
    with app.test_request_context("/?lang=en"):
        assert error_message("import.too_many", {"limit": 5000}).startswith("The list has more than 5,000 rows")
