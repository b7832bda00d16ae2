"""The accessibility statement's page in the app (/tillganglighet), made from docs/accessibility.md
(Swedish) and docs/accessibility.en.md (English), so the text is written once.

Run `make statement` (or `.venv/bin/python docs/make_statement.py`) after changing either file: it
writes dialog_app/templates/accessibility/statement.<sv|en>.html. tests/web/test_accessibility_statement.py
fails when they are out of date. Needs markdown-it-py (installed with the test tools).
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SOURCES = {"sv": os.path.join(HERE, "accessibility.md"), "en": os.path.join(HERE, "accessibility.en.md")}
TARGET = os.path.join(ROOT, "dialog_app", "templates", "accessibility", "statement.{}.html")


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it, so the document's own links (#innehåll-som-…) work."""
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", heading.strip().lower()))


def render(markdown_text: str) -> str:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    tokens = parser.parse(markdown_text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", slug(tokens[index + 1].content))
    html = parser.renderer.render(tokens, parser.options, {})
    # Jinja includes the fragment: nothing in it is template syntax.
    return "{% raw %}\n" + html + "{% endraw %}\n"


def main() -> int:
    for language, source in SOURCES.items():
        with open(source, encoding="utf-8") as handle:
            page = render(handle.read())
        with open(TARGET.format(language), "w", encoding="utf-8") as handle:
            handle.write(page)
        print(os.path.relpath(TARGET.format(language), ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
