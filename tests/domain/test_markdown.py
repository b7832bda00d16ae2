"""Markdown exports show people's words as words: no HTML, links, images or markup of theirs gets through.

A report's Markdown is published on the municipality's site or pasted into its intranet, where a
renderer turns it into a page. What the tables, the organiser and the strategy wrote must show there
exactly as typed, in CommonMark (markdown-it) and in Python-Markdown alike.
"""

import uuid

import lxml.html
import markdown
import pytest
from markdown_it import MarkdownIt

from sessions.documents import blocks, followup, imprint
from sessions.documents.document import build_export
from sessions.documents.forum_report import render
from sessions.documents.render import to_markdown
from sessions.evening import ideas, parking
from sessions.ground import roles
from sessions.ground.roles import Role
from support.evening import in_phase, principal
from support.imprint_data import asby_evening

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "Läs [här](javascript:alert(1)) och <https://evil.example/x>",
    "![bild](https://evil.example/spår.png)",
    "**fett** _kursivt_ `kod` ~~struket~~ x*y*z",
    "# Rubrik",
    "1. Första punkten",
    "- en punkt",
    "> ett citat",
    "kolumn a | kolumn b",
    "&lt;script&gt; och &#60;b&#62;",
    "Kultur & fritid, C:\\temp\\",
    "Rad ett\n===\nRad två\n\n    indragen kod",
]
RENDERERS = {"commonmark": lambda text: MarkdownIt("commonmark", {"html": True}).enable("table").render(text),
             "python-markdown": lambda text: markdown.markdown(text, extensions=["tables"])}
REPORT_TAGS = {"h1", "h2", "h3", "h4", "p", "em", "ul", "li", "blockquote", "table", "thead", "tbody", "tr", "th",
               "td", "br", "hr"}


def shown(markdown_text: str, renderer: str):
    """The page a renderer makes of ``markdown_text``: its elements' tags, and its text with spaces folded."""
    page = lxml.html.fragment_fromstring(RENDERERS[renderer](markdown_text), create_parent="div")
    tags = {element.tag for element in page.iter() if isinstance(element.tag, str)} - {"div"}
    return tags, " ".join(page.text_content().split())


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("text", HOSTILE)
def test_every_kind_of_block_shows_the_text_as_typed(text, renderer):
    report = blocks.Report(title=text, author="", subtitle=text)
    report.add(blocks.Heading(text), blocks.Paragraph(text), blocks.Paragraph(text, "note"),
               blocks.Paragraph(text, "quote"),
               blocks.Bullets([text, text]), blocks.Table([text, "b"], [[text, "c"]]))
    tags, page_text = shown(to_markdown(report).decode(), renderer)
    assert tags <= REPORT_TAGS and "a" not in tags and "img" not in tags and "script" not in tags
    assert page_text.count(words(text)) == 10  # title, subtitle, heading, 3 paragraphs, 2 bullets, 2 cells


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_evenings_report_shows_what_the_tables_wrote_and_runs_nothing(conn, event, renderer):
    in_phase(conn, event, "brainstorm")
    secretary = principal(event, Role.SECRETARY, 1)
    for text in HOSTILE:
        ideas.add(conn, secretary, str(uuid.uuid4()), text)
        parking.add_note(conn, secretary, str(uuid.uuid4()), text)
    tags, page_text = shown(render(build_export(conn, roles.ORGANISER, event.id), "md").decode(), renderer)
    assert tags <= REPORT_TAGS
    for text in HOSTILE:
        assert page_text.count(words(text)) == 2, text  # the idea, and the note on the parking lot


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_imprint_and_the_follow_up_show_the_strategy_and_the_notes_as_written(conn, event, renderer):
    asby_evening(conn, event)
    document = build_export(conn, roles.ORGANISER, event.id)
    # Each statement takes up a theme in its own words, and carries a hostile text.
    strategy = "\n\n".join(f"{theme['title']} {text}." for theme, text in zip(document["themes"], HOSTILE))
    found = imprint.imprint(document, strategy, strategy_name="<b>s</b>.md")
    tags, page_text = shown(to_markdown(imprint.imprint_report(found)).decode(), renderer)
    assert tags <= REPORT_TAGS and "<b>s</b>.md" in page_text
    quoted = [theme["evidence"][0]["statement"] for theme in found["themes"]]
    assert len(quoted) == 6 and all(f"”{words(statement)}”" in page_text for statement in quoted)

    theme = followup.overview(conn, roles.ORGANISER, event.id)[0].theme
    followup.set_followup(conn, roles.ORGANISER, event.id, "theme", theme.id,
                          {"status": "done", "note": HOSTILE[1], "responsible": HOSTILE[2]}, changed_by="anna")
    document = followup.followup_report(conn, roles.ORGANISER, event.id, found)
    tags, page_text = shown(to_markdown(document).decode(), renderer)
    assert tags <= REPORT_TAGS
    assert words(HOSTILE[1]) in page_text and words(HOSTILE[2]) in page_text
