"""Commands record what they did, once, and only when they did it; the publisher sends it on."""

import uuid

from sessions.evening import board, domain_events, events, ideas, phase_changes, priorities, rotation
from sessions.ground import roles
from sessions.ground.roles import Role
from support.evening import in_phase, principal, received, refused


def test_an_idea_is_recorded_and_a_resend_records_it_again_but_a_refusal_records_nothing(conn, event):
    in_phase(conn, event, "brainstorm")
    secretary, idea_id = principal(event, Role.SECRETARY, 2), str(uuid.uuid4())
    with domain_events.recording() as recorded:
        idea, _ = ideas.add(conn, secretary, idea_id, "Fler mötesplatser")
    assert recorded == [domain_events.IdeaAdded(event.id, idea)]
    with domain_events.recording() as recorded:
        # The server that stored it may have gone down before telling the screens.
        ideas.add(conn, secretary, idea_id, "Fler mötesplatser")
    assert recorded == [domain_events.IdeaAdded(event.id, idea)]
    with domain_events.recording() as recorded:
        refused("idea.empty", ideas.add, conn, secretary, str(uuid.uuid4()), "  ")
    assert recorded == []


def test_withdrawing_a_chosen_idea_records_the_priorities_left(conn, event):
    in_phase(conn, event, "brainstorm")
    secretary = principal(event, Role.SECRETARY, 1)
    idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), "Bygglov på en vecka")
    in_phase(conn, event, "prioritise")
    priorities.choose_idea(conn, secretary, idea.id, True)
    with domain_events.recording() as recorded:
        ideas.withdraw(conn, secretary, idea.id)
    assert recorded == [domain_events.IdeaWithdrawn(event.id, 1, idea.id),
                        domain_events.PrioritiesChanged(event.id, 1, ())]


def test_entering_pass_two_records_the_phase_and_the_tables_themes(conn, event):
    in_phase(conn, event, "theming")
    leader = principal(event, Role.LEADER)
    board.create_theme(conn, leader, "Kompetens")
    with domain_events.recording() as recorded:
        entered = phase_changes.advance(conn, leader, expected="theming", force=True)
    assert recorded == [domain_events.PhaseChanged(entered), domain_events.TableThemesChanged(event.id)]


def test_a_move_records_both_tables_whose_people_changed(conn, event):
    in_phase(conn, event, "deepen")
    phone = principal(event, Role.PARTICIPANT)
    person, key = rotation.join(conn, phone, "Åsa", 1)
    rotation.open_round(conn, principal(event, Role.LEADER), 1)
    with domain_events.recording() as recorded:
        rotation.choose_table(conn, rotation.identify(conn, phone, key), 4)
    assert recorded == [domain_events.SeatsChanged(event.id, (1, 4))]


def test_a_replaced_link_is_recorded(conn, event):
    with domain_events.recording() as recorded:
        events.replace_link(conn, b"secret", roles.ORGANISER, event.id, "secretary", 3)
    assert recorded == [domain_events.LinkReplaced(event.id, "secretary", 3)]


def test_an_organisers_edit_reaches_the_screens_and_phones_at_once(evening, client):
    projector = evening.socket(evening.tokens["projector"])
    phone = evening.socket(evening.tokens["participant"])
    for socket in (projector, phone):
        socket.get_received()
    csrf = evening.log_in(client)
    response = client.post(f"/organiser/events/{evening.event.id}", data={
        "csrf_token": csrf, "title": "Framtidens näringsliv", "vision_question": "Tio år framåt?",
        "deepen_question": "Hur når vi dit?", "table_count": "6", "theme_count": "6", "rotation_rounds_max": "2"})
    assert response.status_code == 302
    for socket in (projector, phone):
        [changed] = received(socket, "event:changed")
        assert changed["event"]["title"] == "Framtidens näringsliv"
    # A refused edit changes nothing and tells nobody.
    client.post(f"/organiser/events/{evening.event.id}", data={"csrf_token": csrf, "title": ""})
    assert received(projector, "event:changed") == []
