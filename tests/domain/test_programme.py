"""A programme across events: themes drawn from events of different formats, whom it heard, one report."""

import json
import os
import uuid

import jsonschema

from clustering import suggest_themes
from sessions.documents import programme, render
from sessions.evening import ideas
from sessions.evening.demo import create_demo_event
from sessions.ground import roles
from sessions.ground.roles import Role
from sessions.people import people
from support.evening import SECRET, in_phase, principal, refused

SCHEMA = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "programme-schema.json")


def group(texts, n_themes):
    return [(theme.label, theme.members) for theme in suggest_themes(texts, n_themes, "sv")]


def _two_formats(conn):
    forum = create_demo_event(conn, SECRET.encode(), format_id="oppet-forum")
    breakfast = create_demo_event(conn, SECRET.encode(), format_id="frukostmote")
    in_phase(conn, forum, "brainstorm")
    in_phase(conn, breakfast, "brainstorm")
    for text in ("Snabbare bygglov för företagen", "Bygglov på tre veckor", "Bättre pendeltåg"):
        ideas.add(conn, principal(forum, Role.SECRETARY, 1), str(uuid.uuid4()), text)
    for text in ("Kortare handläggning av bygglov", "Fler bussar till industriområdet"):
        ideas.add(conn, principal(breakfast, Role.SECRETARY, 2), str(uuid.uuid4()), text)
    return forum, breakfast


def test_a_programme_of_two_formats_reports_themes_drawn_from_both(conn):
    forum, breakfast = _two_formats(conn)
    made = programme.create(conn, roles.ORGANISER, "Underlag till näringslivsstrategin 2027", [forum.id, breakfast.id])
    themes = programme.suggest(conn, roles.ORGANISER, made.id, group)
    assert sum(len(theme["sources"]) for theme in themes) == 5
    doc = programme.document(conn, roles.ORGANISER, made.id)
    with open(SCHEMA, encoding="utf-8") as handle:
        jsonschema.validate(doc, json.load(handle))
    assert [(event["id"], event["format"]) for event in doc["events"]] == [(forum.id, "oppet-forum"),
                                                                           (breakfast.id, "frukostmote")]
    building = [theme for theme in doc["themes"] if any("ygglov" in s["text"] for s in theme["sources"])][0]
    assert {source["format"] for source in building["sources"]} == {"oppet-forum", "frukostmote"}
    markdown = render.render(programme.report(doc), "md").decode("utf-8")
    assert "Kortare handläggning av bygglov (Frukostmöte med näringslivsrådet, idé, bord 2)" in markdown


def test_people_correct_the_suggestion(conn):
    forum, breakfast = _two_formats(conn)
    made = programme.create(conn, roles.ORGANISER, "Business Focus vecka 41–42", [forum.id, breakfast.id])
    programme.suggest(conn, roles.ORGANISER, made.id, group)
    programme.rename_theme(conn, roles.ORGANISER, made.id, 1, "Snabbare myndighetsbeslut")
    key = programme.inputs(conn, [forum])[0]["key"]
    programme.move_source(conn, roles.ORGANISER, made.id, key, 0)
    doc = programme.document(conn, roles.ORGANISER, made.id)
    assert doc["themes"][0]["title"] == "Snabbare myndighetsbeslut"
    assert [item["text"] for item in doc["unsorted"]] == ["Snabbare bygglov för företagen"]
    refused("theme.not_found", programme.rename_theme, conn, roles.ORGANISER, made.id, 99, "x")
    refused("programme.no_such_input", programme.move_source, conn, roles.ORGANISER, made.id, "x/y", 1)


def test_a_programme_needs_a_title_and_events_that_exist(conn):
    refused("programme.title_missing", programme.create, conn, roles.ORGANISER, " ", ["x"])
    refused("programme.no_events", programme.create, conn, roles.ORGANISER, "Program", [])
    refused("event.not_found", programme.create, conn, roles.ORGANISER, "Program", ["finnsinte"])
    leader = principal(create_demo_event(conn, SECRET.encode()), Role.LEADER)
    refused("role.forbidden", programme.create, conn, leader, "Program", [leader.event_id])


def test_the_memory_says_who_comes_back_and_whose_invitations_bring_new_people(conn):
    forum, breakfast = _two_formats(conn)
    for event, names in ((forum, [("Åsa Ek", "Anna"), ("Bo Lund", "Anna")]),
                         (breakfast, [("Åsa Ek", "Anna"), ("Cecilia Berg", "Karl")])):
        for name, inviter in names:
            people.add_person(conn, roles.ORGANISER, event.id, {"name": name, "organisation": "Ek AB",
                                                                 "gender": "woman", "inviter": inviter,
                                                                 "status": "attended"})
    made = programme.create(conn, roles.ORGANISER, "Strategin", [breakfast.id])
    heard = programme.document(conn, roles.ORGANISER, made.id)["heard"]
    assert (heard["first_time"], heard["returning"]) == (1, 1)
    assert heard["by_inviter"] == [{"inviter": "Anna", "new": 0, "returning": 1},
                                   {"inviter": "Karl", "new": 1, "returning": 0}]
    assert heard["by_gender"] == {"woman": 2}


def test_the_dashboard_says_who_on_the_list_has_come_before(conn):
    from sessions.people import memory

    forum, breakfast = _two_formats(conn)
    people.add_person(conn, roles.ORGANISER, forum.id, {"name": "Åsa Ek", "organisation": "Ek AB",
                                                         "status": "attended", "inviter": "Anna"})
    for name in ("Åsa Ek", "Dan Ny"):
        people.add_person(conn, roles.ORGANISER, breakfast.id, {"name": name, "organisation": "Ek AB",
                                                                 "inviter": "Anna"})
    shown = memory.on_list(conn, roles.ORGANISER, breakfast.id)
    assert (shown["returning"], shown["first_time"]) == (1, 1)
