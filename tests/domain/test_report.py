"""The report a municipality publishes: A4, its organisation as author, local clock times, the tool's
placements labelled as such, and the parking lot kept apart after the strategy input."""

import datetime
import io
import re
import uuid

import pytest
from docx import Document

from clustering import nearest_themes
from sessions.documents.document import build_export
from sessions.documents.forum_report import render
from sessions.evening import board, events, ideas, parking, priorities
from sessions.ground import roles
from sessions.ground.roles import Role
from sessions.people import people
from support.evening import advance, in_phase, principal

# 18.00 in Lerum on 15 March 2011 (CET, UTC+1).
EVENING = datetime.datetime(2011, 3, 15, 17, 0, tzinfo=datetime.UTC).timestamp()


@pytest.fixture
def published(conn, clock):
    clock.moment = EVENING
    event = events.create(conn, b"s", roles.ORGANISER, {
        "title": "Öppet forum om näringslivet", "event_date": "2011-03-15", "place": "Lerums gymnasium",
        "organisation": "Lerums kommun", "vision_question": "Hur ser ett bra näringslivsklimat ut?",
        "deepen_question": "Hur når vi dit?", "table_count": 2, "theme_count": 2})
    for name, gender, sector, status in (("A", "woman", "Handel", "attended"), ("B", "man", "Skola", "attended"),
                                         ("C", "man", "Handel", "attended"), ("D", "woman", "", "registered"),
                                         ("E", "man", "Industri", "invited")):
        people.add_person(conn, roles.ORGANISER, event.id,
                          {"name": name, "gender": gender, "sector": sector, "status": status})
    leader = principal(event, Role.LEADER)
    for minutes, phase in ((0, "warmup"), (15, "brainstorm")):
        clock.moment = EVENING + minutes * 60
        in_phase(conn, event, phase)
    first, second = principal(event, Role.SECRETARY, 1), principal(event, Role.SECRETARY, 2)
    bygglov, _ = ideas.add(conn, first, str(uuid.uuid4()), "Snabbare bygglov")
    ideas.add(conn, first, str(uuid.uuid4()), "Bygglov på en vecka för små företag")
    skola, _ = ideas.add(conn, second, str(uuid.uuid4()), "Praktik i skolan")
    parking.add_note(conn, second, str(uuid.uuid4()), "Kaffet tog slut")
    clock.moment = EVENING + 50 * 60
    in_phase(conn, event, "prioritise")
    priorities.choose_idea(conn, first, bygglov.id, True)
    priorities.choose_idea(conn, second, skola.id, True)
    clock.moment = EVENING + 65 * 60
    in_phase(conn, event, "theming")
    board.suggest(conn, leader, lambda texts, n: [(t, [i]) for i, t in enumerate(texts)])
    board.finalise(conn, leader)
    clock.moment = EVENING + 90 * 60
    advance(conn, leader)
    ideas.add(conn, first, str(uuid.uuid4()), "En bygglovslots för företag")
    clock.moment = EVENING + 150 * 60
    advance(conn, leader)
    return event


def report_docx(conn, event):
    document = build_export(conn, roles.ORGANISER, event.id,
                            place=lambda themes, texts: nearest_themes(themes, texts, "sv"))
    return Document(io.BytesIO(render(document, "docx")))


def headings(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def all_text(doc) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_report_is_a4_with_the_organisation_as_author_and_page_numbers(conn, published):
    doc = report_docx(conn, published)
    section = doc.sections[0]
    # Word keeps sizes in twentieths of a point: A4 is 11906 × 16838 of them.
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert doc.core_properties.author == "Lerums kommun"
    assert doc.core_properties.title == "Öppet forum om näringslivet"
    footer = section.footer.paragraphs[0]
    assert footer.text == "Sida 1 av 1"  # the fields' cached values; Word fills in the real numbers
    instructions = [node.text.strip() for node in footer._p.iter() if node.tag.endswith("}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_the_report_reads_in_the_councils_order(conn, published):
    doc = report_docx(conn, published)
    top = [text for style, text in headings(doc) if style in ("Title", "Heading 1")]
    assert top == ["Öppet forum om näringslivet", "Sammanfattning", "Så gick kvällen till", "Deltagande",
                   "Teman och förslag", "Bilaga: Alla idéer per bord", "Övriga synpunkter"]
    themes = [text for style, text in headings(doc) if style == "Heading 2"]
    assert themes == ["1. Snabbare bygglov", "2. Praktik i skolan", "Bord 1", "Bord 2"]


def test_times_are_the_evenings_clock_times_never_utc_stamps(conn, published):
    doc = report_docx(conn, published)
    text = all_text(doc)
    assert not re.search(r"\d{4}-\d\d-\d\dT|UTC|\+00:00|\+01:00", text)
    method = next(table for table in doc.tables if table.rows[0].cells[0].text == "Fas")
    rows = [[cell.text for cell in row.cells] for row in method.rows]
    assert rows == [["Fas", "Började", "Slutade"], ["Uppvärmning", "18.00", "18.15"], ["Idéer", "18.15", "18.50"],
                    ["Två prioriteringar", "18.50", "19.05"], ["Teman", "19.05", "19.30"],
                    ["Fördjupning", "19.30", "20.30"], ["Avslutning", "20.30", "–"]]
    assert "Kvällen den 15 mars 2011:" in text


def test_a_new_time_zone_moves_the_clock_times(conn, published):
    events.edit(conn, b"s", roles.ORGANISER, published.id, {"time_zone": "Europe/London"})
    rows = [[cell.text for cell in row.cells]
            for table in report_docx(conn, published).tables if table.rows[0].cells[0].text == "Fas"
            for row in table.rows]
    assert rows[1] == ["Uppvärmning", "17.00", "17.15"]


def test_an_unknown_time_zone_is_refused(conn, published):
    from support.evening import refused
    error = refused("event.bad_time_zone", events.edit, conn, b"s", roles.ORGANISER, published.id,
                    {"time_zone": "Europe/Lerum"})
    assert error.params == {"time_zone": "Europe/Lerum"}


def test_attendance_by_stage_gender_and_sector_with_a_chart(conn, published):
    doc = report_docx(conn, published)
    stages = next(table for table in doc.tables if table.rows[0].cells[1].text == "Kvinnor")
    assert [[cell.text for cell in row.cells] for row in stages.rows] == [
        ["", "Kvinnor", "Män", "Annat/ej angivet", "Totalt"], ["Inbjudna", "2", "3", "0", "5"],
        ["Anmälda", "2", "2", "0", "4"], ["Deltog", "1", "2", "0", "3"]]
    sectors = next(table for table in doc.tables if table.rows[0].cells[0].text == "Bransch eller sektor")
    assert [[cell.text for cell in row.cells] for row in sectors.rows] == [
        ["Bransch eller sektor", "Deltog"], ["Handel", "2"], ["Skola", "1"]]
    assert len(doc.inline_shapes) == 1  # the chart, as a picture officials can paste
    text = all_text(doc)
    assert "3 personer deltog: 1 kvinna och 2 män. 4 hade anmält sig och 5 var inbjudna." in text
    # Three people: no shares, as the balance page says of so few (a share of three misleads a council).
    assert "Andelar anges inte för färre än 5 deltagare." in text and "utgör" not in text


def test_without_a_list_the_report_says_none_was_kept(conn, event):
    doc = report_docx(conn, event)
    assert "Ingen lista fördes över inbjudna och deltagare." in all_text(doc)
    assert len(doc.inline_shapes) == 0


def test_the_tools_placements_are_labelled_and_never_called_the_tables_ideas(conn, published):
    doc = report_docx(conn, published)
    paragraphs = [p for p in doc.paragraphs]
    texts = [p.text for p in paragraphs]
    assert "Idéer bakom" not in texts
    at = texts.index("Liknande idéer från borden")
    assert texts[at - 4:at] == ["Bordens prioriteringar", "Snabbare bygglov (bord 1)", "Förslag",
                                "En bygglovslots för företag (bord 1)"]
    label = paragraphs[at + 1]
    assert label.text == "Verktygets förslag, inte bordens val." and label.runs[0].italic
    assert texts[at + 2] == "Bygglov på en vecka för små företag (bord 1)"


def test_the_parking_lot_comes_last_apart_from_the_strategy_input(conn, published):
    doc = report_docx(conn, published)
    texts = [p.text for p in doc.paragraphs]
    assert texts.count("Kaffet tog slut (bord 2)") == 1
    assert texts.index("Kaffet tog slut (bord 2)") > texts.index("Övriga synpunkter") > texts.index("Bord 2")
    assert texts.index("Övriga synpunkter") > texts.index("2. Praktik i skolan")


def test_the_summary_counts_each_themes_proposals(conn, published):
    doc = report_docx(conn, published)
    summary = next(table for table in doc.tables if table.rows[0].cells[0].text == "Tema")
    assert [[cell.text for cell in row.cells] for row in summary.rows] == [
        ["Tema", "Bord i fördjupningen", "Förslag"], ["1. Snabbare bygglov", "1", "1"],
        ["2. Praktik i skolan", "2", "0"]]


def test_markdown_and_html_say_the_same_in_the_same_order(conn, published):
    document = build_export(conn, roles.ORGANISER, published.id)
    markdown = render(document, "md").decode()
    page = render(document, "html").decode()
    order = ["Sammanfattning", "Så gick kvällen till", "Deltagande", "Teman och förslag",
             "Bilaga: Alla idéer per bord", "Övriga synpunkter"]
    assert [markdown.index(f"## {heading}") for heading in order] == sorted(markdown.index(f"## {h}") for h in order)
    places = [page.index(f"<h2>{heading}</h2>") for heading in order]
    assert places == sorted(places)
    assert "size: A4" in page and "counter(page)" in page and "<svg" in page
    assert '<meta name="author" content="Lerums kommun">' in page
    assert "| Uppvärmning | 18.00 | 18.15 |" in markdown


def test_the_demo_evenings_reports_have_its_organisation_as_author(conn):
    from sessions.evening.demo import create_demo_event

    event = create_demo_event(conn, b"s", sample=True)
    doc = report_docx(conn, event)
    assert doc.core_properties.author == "Demo kommun"
    assert "Demo kommun" in render(build_export(conn, roles.ORGANISER, event.id), "html").decode()


def test_the_method_reads_as_a_council_reads_it(conn, published):
    document = build_export(conn, roles.ORGANISER, published.id)
    document["method"]["rotation_rounds"] = [
        {"number": 1, "opened_at": "2011-03-15T19:40:00+01:00", "closed_at": "2011-03-15T19:50:00+01:00", "moved": 7},
        {"number": 2, "opened_at": "2011-03-15T20:14:10+01:00", "closed_at": "2011-03-15T20:14:40+01:00", "moved": 0}]
    markdown = render(document, "md").decode()
    assert "Klockslagen är svensk tid." in markdown
    assert "Europe/Stockholm" not in markdown and "lokal tid" not in markdown
    assert "- Rotationsrunda 1, 19.40–19.50: 7 personer bytte bord" in markdown
    assert "- Rotationsrunda 2, 20.14: ingen bytte bord" in markdown


def test_no_page_ends_with_a_themes_heading_or_its_lead_line(conn, published):
    doc = report_docx(conn, published)
    paragraphs = doc.paragraphs
    theme = next(i for i, p in enumerate(paragraphs) if p.text == "1. Snabbare bygglov")
    lead = paragraphs[theme + 1]
    assert lead.text.startswith("Bord i fördjupningen:")
    # Word keeps the heading, its lead line and the next heading with what follows them.
    assert paragraphs[theme].paragraph_format.keep_with_next or paragraphs[theme].style.paragraph_format.keep_with_next
    assert lead.paragraph_format.keep_with_next
    page = render(build_export(conn, roles.ORGANISER, published.id), "html").decode()
    assert '<p class="keep">Bord i fördjupningen: ' in page
    assert "p.keep { break-after: avoid" in page


def test_a_practice_reset_to_the_start_leaves_no_trace_in_the_report(conn, clock):
    from sessions.evening import phase_changes

    clock.moment = datetime.datetime(2026, 12, 7, 17, 0, tzinfo=datetime.UTC).timestamp()
    event = events.create(conn, b"s", roles.ORGANISER, {
        "title": "Forum 2027", "event_date": "2027-01-14", "vision_question": "Hur?", "deepen_question": "Vad?",
        "table_count": 2})
    people.add_person(conn, roles.ORGANISER, event.id, {"name": "Åsa Öberg", "status": "registered"})
    in_phase(conn, event, "brainstorm")
    ideas.add(conn, principal(event, Role.SECRETARY, 1), str(uuid.uuid4()), "Övningsidé")
    parking.add_note(conn, principal(event, Role.SECRETARY, 2), str(uuid.uuid4()), "Det är för varmt")
    phase_changes.reset_to_start(conn, roles.ORGANISER, event.id)
    practised = build_export(conn, roles.ORGANISER, event.id)
    assert practised["ideas"] == [] and practised["parking_lot"] == []
    assert [phase["phase"] for phase in practised["phases"]] == ["setup"]
    assert [p.name for p in people.list_people(conn, roles.ORGANISER, event.id)] == ["Åsa Öberg"]
    assert events.get(conn, event.id).phase.value == "setup"
    clock.moment = datetime.datetime(2027, 1, 14, 17, 0, tzinfo=datetime.UTC).timestamp()
    in_phase(conn, event, "brainstorm")
    markdown = render(build_export(conn, roles.ORGANISER, event.id), "md").decode()
    assert "14 januari 2027" in markdown and "Kvällen den 14 januari 2027:" in markdown
    assert "december 2026" not in markdown


def test_a_breakfast_meetings_report_says_one_priority_per_table(conn):
    """The phase table says the event's format's count: a breakfast meeting's tables chose one priority."""
    from sessions.evening.demo import create_demo_event
    from support.evening import SECRET

    event = create_demo_event(conn, SECRET.encode(), format_id="frukostmote")
    leader = principal(event, Role.LEADER)
    while events.get(conn, event.id).phase.value != "vote":
        advance(conn, leader, force=True)
    method = next(table for table in report_docx(conn, event).tables if table.rows[0].cells[0].text == "Fas")
    names = [row.cells[0].text for row in method.rows[1:]]
    assert "En prioritering" in names and "Två prioriteringar" not in names
