"""Phones that take part: ideas to the table's tablet or the panel, three votes each, a short evaluation."""

import dataclasses
import uuid

from sessions.evening import events, ideas, priorities, rotation, takepart, views
from sessions.evening.demo import create_demo_event
from sessions.ground.roles import Role
from support.evening import SECRET, advance, in_phase, principal, refused


def _phone(conn, event, name: str, table: int = 1):
    person, _ = rotation.join(conn, principal(event, Role.PARTICIPANT), name, table)
    return dataclasses.replace(principal(event, Role.PARTICIPANT), participant_id=person.id)


def test_a_phones_idea_waits_at_its_tables_tablet_until_the_secretary_takes_it_in(conn):
    event = create_demo_event(conn, SECRET.encode(), format_id="frukostmote")
    phone = _phone(conn, event, "Åsa", 2)
    in_phase(conn, event, "brainstorm")
    sent_id = str(uuid.uuid4())
    idea, new = takepart.send_idea(conn, phone, sent_id, "Fler cykelparkeringar")
    again, new_again = takepart.send_idea(conn, phone, sent_id, "Fler cykelparkeringar")
    assert new and not new_again and again.id == idea.id
    secretary = principal(event, Role.SECRETARY, 2)
    assert [item["text"] for item in views.tablet(conn, secretary)["inbox"]] == ["Fler cykelparkeringar"]
    assert views.tablet(conn, secretary)["ideas"] == []
    refused("role.other_table", takepart.take_in, conn, principal(event, Role.SECRETARY, 1), idea.id)
    taken = takepart.take_in(conn, secretary, idea.id)
    assert taken.kind == "idea" and takepart.take_in(conn, secretary, idea.id).kind == "idea"
    tablet = views.tablet(conn, secretary)
    assert tablet["inbox"] == [] and [item["text"] for item in tablet["ideas"]] == ["Fler cykelparkeringar"]


def test_a_phone_that_has_not_joined_or_a_step_without_phones_is_refused(conn):
    event = create_demo_event(conn, SECRET.encode(), format_id="frukostmote")
    refused("phase.not_allowed", takepart.send_idea, conn, _phone(conn, event, "Bo"), str(uuid.uuid4()), "Tidigt")
    in_phase(conn, event, "brainstorm")
    refused("phone.not_joined", takepart.send_idea, conn, principal(event, Role.PARTICIPANT), str(uuid.uuid4()), "x")


def test_the_open_forum_takes_no_phone_ideas(conn, event):
    in_phase(conn, event, "brainstorm")
    refused("phase.not_allowed", takepart.send_idea, conn, _phone(conn, event, "Bo"), str(uuid.uuid4()), "Idé")


def _breakfast_voting(conn):
    event = create_demo_event(conn, SECRET.encode(), format_id="frukostmote")
    phones = [_phone(conn, event, f"Person {n}", 1 + n % 4) for n in range(5)]
    in_phase(conn, event, "brainstorm")
    chosen = []
    for table in (1, 2, 3, 4):
        secretary = principal(event, Role.SECRETARY, table)
        idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), f"Bordets idé {table}")
        chosen.append(idea)
    advance(conn, principal(event, Role.LEADER), force=True)
    for table, idea in zip((1, 2, 3, 4), chosen, strict=True):
        priorities.choose_idea(conn, principal(event, Role.SECRETARY, table), idea.id, True)
    advance(conn, principal(event, Role.LEADER))
    return event, phones


def test_each_phone_has_three_votes_and_the_counts_are_live(conn):
    event, phones = _breakfast_voting(conn)
    items = views.votes(conn, phones[0])["items"]
    targets = [item["id"] for item in items]
    for target in targets[:3]:
        takepart.vote(conn, phones[0], str(uuid.uuid4()), target, True)
    refused("vote.limit", takepart.vote, conn, phones[0], str(uuid.uuid4()), targets[3], True)
    assert takepart.vote(conn, phones[0], str(uuid.uuid4()), targets[0], False) == sorted(targets[1:3])
    assert takepart.vote(conn, phones[0], str(uuid.uuid4()), targets[3], True) == sorted(targets[1:4])
    takepart.vote(conn, phones[1], str(uuid.uuid4()), targets[3], True)
    # A second tap on a vote already given changes nothing.
    takepart.vote(conn, phones[1], str(uuid.uuid4()), targets[3], True)
    shown = views.votes(conn, principal(event, Role.PROJECTOR))
    assert shown["voters"] == 5 and shown["items"][0] == shown["items"][0] | {"id": targets[3], "votes": 2}
    refused("vote.not_found", takepart.vote, conn, phones[2], str(uuid.uuid4()), str(uuid.uuid4()), True)


def test_the_evaluation_at_the_close_is_summarised_without_names(conn):
    event, phones = _breakfast_voting(conn)
    advance(conn, principal(event, Role.LEADER))
    takepart.evaluate(conn, phones[0], str(uuid.uuid4()), 5, "Bra morgon")
    takepart.evaluate(conn, phones[1], str(uuid.uuid4()), 3, "")
    refused("evaluation.bad_rating", takepart.evaluate, conn, phones[2], str(uuid.uuid4()), 9, "")
    summary = takepart.evaluation_summary(conn, event.id)
    assert summary == {"answers": 2, "average": 4.0, "ratings": {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1},
                       "comments": ["Bra morgon"]}


def test_in_a_panel_a_phones_question_goes_to_the_room_and_is_voted_on(conn):
    event = create_demo_event(conn, SECRET.encode(), format_id="upphandlingsdialog")
    phone = _phone(conn, event, "Karin", 3)
    in_phase(conn, event, "panel")
    question, _ = takepart.send_idea(conn, phone, str(uuid.uuid4()), "Hur stora är ramavtalen?")
    assert question.kind == "question"
    takepart.vote(conn, phone, str(uuid.uuid4()), question.id, True)
    ideas.answer(conn, principal(event, Role.LEADER), question.id, True)
    [item] = views.votes(conn, principal(event, Role.LEADER))["items"]
    assert item == {"id": question.id, "table": 3, "text": "Hur stora är ramavtalen?", "answered": True, "votes": 1}
    assert events.get(conn, event.id).phase.value == "panel"


def test_the_report_says_each_items_support_and_sums_up_the_evaluation_without_names(conn):
    import json
    import os

    import jsonschema

    from sessions.documents import document, forum_report
    from sessions.ground import roles

    event, phones = _breakfast_voting(conn)
    target = views.votes(conn, phones[0])["items"][0]
    for phone in phones[:3]:
        takepart.vote(conn, phone, str(uuid.uuid4()), target["id"], True)
    advance(conn, principal(event, Role.LEADER))
    takepart.evaluate(conn, phones[0], str(uuid.uuid4()), 4, "Bra och kort")
    exported = document.build_export(conn, roles.ORGANISER, event.id)
    schema_path = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "export-schema.json")
    with open(schema_path, encoding="utf-8") as handle:
        jsonschema.validate(exported, json.load(handle))
    assert exported["format"]["voted"] == [{"kind": "priority", "table": target["table"], "text": target["text"],
                                            "votes": 3, "of": 5}]
    markdown = forum_report.render(exported, "md").decode("utf-8")
    assert f"{target['text']} (bord {target['table']}): stöd från 3 av 5" in markdown
    assert "1 deltagare svarade på utvärderingen. Medelbetyget var 4 av 5." in markdown
    assert "Person 0" not in json.dumps(exported, ensure_ascii=False) and "Person 0" not in markdown


def test_an_open_forums_export_is_as_before(conn, event):
    from sessions.documents import document
    from sessions.ground import roles

    assert "format" not in document.build_export(conn, roles.ORGANISER, event.id)


def test_phones_take_part_in_an_open_forum_only_when_the_organiser_chose_it(conn):
    from sessions.evening.demo import DEMO_EVENT
    from sessions.ground import roles

    with_phones = events.create(conn, SECRET.encode(), roles.ORGANISER, DEMO_EVENT | {"phones": "1"})
    phone = _phone(conn, with_phones, "Åsa")
    in_phase(conn, with_phones, "brainstorm")
    idea, _ = takepart.send_idea(conn, phone, str(uuid.uuid4()), "Från mobilen")
    assert idea.kind == takepart.PHONE_IDEA
    in_phase(conn, with_phones, "closing")
    assert takepart.evaluate(conn, phone, str(uuid.uuid4()), 5, "").rating == 5
    assert [step.phase.value for step in events.get(conn, with_phones.id).steps] == [
        "setup", "warmup", "brainstorm", "prioritise", "theming", "deepen", "closing"]
    from sessions.documents import document

    exported = document.build_export(conn, roles.ORGANISER, with_phones.id)
    assert exported["format"]["evaluation"]["answers"] == 1 and exported["format"]["phone_ideas_waiting"] == 1


def test_a_question_the_table_takes_back_leaves_the_list_the_room_votes_on(conn):
    from sessions.evening import domain_events

    event = create_demo_event(conn, SECRET.encode(), format_id="upphandlingsdialog")
    in_phase(conn, event, "panel")
    secretary = principal(event, Role.SECRETARY, 1)
    question, _ = ideas.add(conn, secretary, str(uuid.uuid4()), "Fel fråga")
    with domain_events.recording() as recorded:
        ideas.withdraw(conn, secretary, question.id)
    assert domain_events.VotesChanged(event.id) in recorded
    assert views.votes(conn, principal(event, Role.PROJECTOR))["items"] == []
