"""Pass 2, rotation and the parking lot, on the domain alone."""

import threading
import uuid

import pytest

from sessions import storage
from sessions.evening import board, deepen, events, ideas, parking, priorities, rotation, views
from sessions.ground import roles
from sessions.ground.errors import DomainError
from sessions.ground.roles import Role
from sessions.people import people, seating
from support.evening import advance, in_phase, principal, refused


@pytest.fixture
def deepening(conn, event):
    """Six finalised themes (one priority per table) and the evening in pass 2."""
    in_phase(conn, event, "prioritise")
    for table in range(1, 7):
        priorities.add_text(conn, principal(event, Role.SECRETARY, table), str(uuid.uuid4()), f"Tema {table}")
    in_phase(conn, event, "theming")
    leader = principal(event, Role.LEADER)
    board.suggest(conn, leader, lambda texts, n: [(text, [i]) for i, text in enumerate(texts)])
    board.finalise(conn, leader)
    advance(conn, leader)
    return leader


def participant_at(conn, event, table, name="Deltagare"):
    anonymous = principal(event, Role.PARTICIPANT)
    person, key = rotation.join(conn, anonymous, name, table)
    return rotation.identify(conn, anonymous, key)


# --- pass 2 --------------------------------------------------------------------------------------

def test_entering_pass_two_needs_finalised_themes_and_proposes_one_per_table(conn, event, deepening):
    view = views.screen(conn, principal(event, Role.PROJECTOR))
    assert [table["theme"]["title"] for table in view["tables"]] == [f"Tema {n}" for n in range(1, 7)]


def themed_by(conn, event, groups):
    """Tables' priorities (``{table: [text, ...]}``), grouped on the board as ``groups`` (lists of
    texts, in board order), finalised, and the evening moved into pass 2."""
    in_phase(conn, event, "prioritise")
    for table, texts in groups["priorities"].items():
        for text in texts:
            priorities.add_text(conn, principal(event, Role.SECRETARY, table), str(uuid.uuid4()), text)
    in_phase(conn, event, "theming")
    leader = principal(event, Role.LEADER)

    def group(texts, n):
        return [(title, [texts.index(text) for text in members]) for title, members in groups["themes"]]

    board.suggest(conn, leader, group)
    board.finalise(conn, leader)
    advance(conn, leader, force=True)
    return [table["theme"]["title"] for table in views.screen(conn, principal(event, Role.PROJECTOR))["tables"]]


def test_each_table_is_proposed_the_theme_that_holds_its_own_priorities(conn, event):
    # The board lists the themes in the opposite order of the tables that wrote them.
    texts = {table: [f"Bord {table} a", f"Bord {table} b"] for table in range(1, 7)}
    themes = [(f"Tema för bord {table}", texts[table]) for table in range(6, 0, -1)]
    assert themed_by(conn, event,
                     {"priorities": texts, "themes": themes}) == [f"Tema för bord {n}" for n in range(1, 7)]


def test_two_tables_wanting_one_theme_share_the_themes_by_the_best_match_for_all(conn, event):
    texts = {1: ["Bygglov", "Lots"], 2: ["Bygglov snabbare", "Pendling"], 3: ["Skola"], 4: ["Bredband"],
             5: ["Bostäder"], 6: ["Kultur"]}
    themes = [("Service", ["Bygglov", "Lots", "Bygglov snabbare"]), ("Resor", ["Pendling"]), ("Skola", ["Skola"]),
              ("Bredband", ["Bredband"]), ("Bostäder", ["Bostäder"]), ("Kultur", ["Kultur"])]
    # Table 1 has two priorities in Service, table 2 one there and one in Resor: table 2 takes Resor.
    assert themed_by(conn, event, {"priorities": texts, "themes": themes}) == \
        ["Service", "Resor", "Skola", "Bredband", "Bostäder", "Kultur"]


def test_tables_without_a_lead_follow_the_board_order_and_more_tables_than_themes_share_them_evenly(conn, event):
    events.edit(conn, b"secret", roles.ORGANISER, event.id, {"table_count": 8})
    texts = {1: ["Ett"], 2: ["Två"]}
    themes = [("A", ["Ett"]), ("B", ["Två"]), ("C", []), ("D", []), ("E", []), ("F", [])]
    titles = themed_by(conn, event, {"priorities": texts, "themes": themes})
    assert titles[:6] == ["A", "B", "C", "D", "E", "F"]
    assert sorted(titles[6:]) == ["A", "B"]
    assert max(titles.count(title) for title in set(titles)) == 2


def test_the_leader_can_give_a_table_another_theme(conn, event, deepening):
    themes = storage.fetch_themes(conn, event.id)
    deepen.assign_theme(conn, deepening, 1, themes[5].id)
    assert views.tablet(conn, principal(event, Role.SECRETARY, 1))["theme"]["title"] == "Tema 6"
    refused("table.unknown", deepen.assign_theme, conn, deepening, 9, themes[0].id)
    refused("theme.not_found", deepen.assign_theme, conn, deepening, 1, "no-such-theme")
    refused("role.forbidden", deepen.assign_theme, conn, principal(event, Role.SECRETARY, 1), 1, themes[0].id)


def test_in_pass_two_the_tablet_writes_proposals_for_its_theme(conn, event, deepening):
    secretary = principal(event, Role.SECRETARY, 2)
    proposal, is_new = ideas.add(conn, secretary, str(uuid.uuid4()), "Ett företagscenter")
    assert is_new and proposal.kind == "proposal"
    assert proposal.theme_id == storage.fetch_themes(conn, event.id)[1].id
    view = views.tablet(conn, secretary)
    assert [p["text"] for p in view["proposals"]] == ["Ett företagscenter"] and view["ideas"] == []


def test_pass_one_ideas_are_settled_in_pass_two(conn, event):
    in_phase(conn, event, "brainstorm")
    secretary = principal(event, Role.SECRETARY, 1)
    idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), "Tidig idé")
    in_phase(conn, event, "deepen")
    refused("phase.not_allowed", ideas.edit, conn, secretary, idea.id, "Ändrad")


# --- rotation ------------------------------------------------------------------------------------

def test_participants_join_with_a_name_and_their_table(conn, event):
    person = participant_at(conn, event, 3, "  Anna   Svensson ")
    assert person.table_number == 3 and person.participant_id
    assert storage.fetch_participant(conn, person.participant_id).display_name == "Anna Svensson"
    refused("participant.name_empty", rotation.join, conn, principal(event, Role.PARTICIPANT), "  ", 1)
    refused("table.unknown", rotation.join, conn, principal(event, Role.PARTICIPANT), "Bo", 7)
    refused("participant.name_too_long", rotation.join, conn, principal(event, Role.PARTICIPANT), "x" * 61, 1)


def test_a_phone_is_recognised_by_its_key_only(conn, event):
    anonymous = principal(event, Role.PARTICIPANT)
    _, key = rotation.join(conn, anonymous, "Bo", 1)
    assert rotation.identify(conn, anonymous, key).participant_id is not None
    assert rotation.identify(conn, anonymous, "guess").participant_id is None


def test_rounds_open_and_close_at_most_twice(conn, event, deepening):
    assert rotation.open_round(conn, deepening, 1) == 1
    refused("rotation.already_open", rotation.open_round, conn, deepening, 1)
    rotation.close_round(conn, deepening, 1)
    refused("rotation.not_open", rotation.close_round, conn, deepening, 1)
    assert rotation.open_round(conn, deepening, 2) == 2
    rotation.close_round(conn, deepening, 2)
    refused("rotation.no_more_rounds", rotation.open_round, conn, deepening, 3)


def test_a_leader_whose_page_is_behind_opens_or_closes_nothing(conn, event, deepening):
    rotation.open_round(conn, deepening, 1)
    rotation.close_round(conn, deepening, 1)
    # A second leader's page still shows round 1 as the next one: their click must not open round 2.
    error = refused("rotation.changed", rotation.open_round, conn, deepening, 1)
    assert error.params == {"number": 1}
    rotation.open_round(conn, deepening, 2)
    # Closing "round 1" (the page behind) must not close round 2.
    refused("rotation.not_open", rotation.close_round, conn, deepening, 1)
    assert views.seats(conn, principal(event, Role.PROJECTOR))["round"] == {"number": 2, "open": True}


def test_moving_only_while_a_round_is_open(conn, event, deepening):
    person = participant_at(conn, event, 1)
    refused("rotation.not_open", rotation.choose_table, conn, person, 2)
    rotation.open_round(conn, deepening, 1)
    assert rotation.choose_table(conn, person, 2) == 2
    assert views.seats(conn, principal(event, Role.PROJECTOR))["moving"] == 1


def test_a_full_table_refuses_and_names_free_ones(conn, event, deepening):
    rotation.set_seats(conn, roles.ORGANISER, event.id, 2)
    people = [participant_at(conn, event, 1, f"P{i}") for i in range(2)] + [participant_at(conn, event, 2, "Q")]
    rotation.open_round(conn, deepening, 1)
    mover = participant_at(conn, event, 3, "Mover")
    assert rotation.choose_table(conn, people[2], 3) == 3
    error = refused("rotation.full", rotation.choose_table, conn, mover, 1)
    assert error.params["table"] == 1 and 1 not in error.params["free"] and 2 in error.params["free"]


def test_two_phones_racing_for_the_last_seat_one_wins(database, conn, event, deepening):
    rotation.set_seats(conn, roles.ORGANISER, event.id, 1)
    first, second = participant_at(conn, event, 1, "A"), participant_at(conn, event, 2, "B")
    rotation.open_round(conn, deepening, 1)
    results = {}
    barrier = threading.Barrier(2)

    def race(name, person):
        own = storage.connect(database)
        barrier.wait()
        try:
            results[name] = rotation.choose_table(own, person, 3)
        except DomainError as error:
            results[name] = error.code
        finally:
            own.close()

    threads = [threading.Thread(target=race, args=(name, person)) for name, person in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, results.values())) == ["3", "rotation.full"]
    assert storage.count_seated(conn, event.id).get(3) == 1


def test_evenly_filled_tables_still_leave_seats_to_move_to(conn, event, deepening):
    phones = [participant_at(conn, event, number % 6 + 1, f"P{number}") for number in range(12)]
    # Two at each table: a quarter more than that, but never fewer than two free seats per table.
    assert set(rotation.seats(conn, event.id).values()) == {4}
    assert rotation.open_round(conn, deepening, 1) == 1
    assert rotation.choose_table(conn, phones[0], 2) == 2


def test_default_seats_follow_the_list_or_the_organisers_expectation(conn, event):
    for number in range(60):
        people.add_person(conn, roles.ORGANISER, event.id, {"name": f"Person {number}", "status": "registered"})
    # Lerum: 60 registered at six tables, ten each: 10 × 1.25 rounds up to 13.
    assert set(rotation.seats(conn, event.id).values()) == {13}
    events.edit(conn, b"s", roles.ORGANISER, event.id, {"expected_participants": "90"})
    assert set(rotation.seats(conn, event.id).values()) == {19}
    rotation.set_seats(conn, roles.ORGANISER, event.id, 17)
    assert set(rotation.seats(conn, event.id).values()) == {17}


def test_a_full_table_refuses_a_join_and_names_the_free_ones(conn, event):
    rotation.set_seats(conn, roles.ORGANISER, event.id, 2)
    participant_at(conn, event, 1, "A")
    participant_at(conn, event, 1, "B")
    error = refused("join.table_full", rotation.join, conn, principal(event, Role.PARTICIPANT), "C", 1)
    assert error.params == {"table": 1, "free": [2, 3, 4, 5, 6]}
    for table in range(2, 7):
        participant_at(conn, event, table, "D")
        participant_at(conn, event, table, "E")
    error = refused("join.room_full", rotation.join, conn, principal(event, Role.PARTICIPANT), "F", 3)
    assert error.params == {"table": 3, "limit": 500}
    assert storage.count_participants(conn, event.id) == 12


def test_no_more_phones_join_than_the_event_allows(conn, event):
    events.edit(conn, b"s", roles.ORGANISER, event.id, {"participant_cap": "3"})
    for name in ("A", "B", "C"):
        participant_at(conn, event, 1, name)
    error = refused("join.room_full", rotation.join, conn, principal(event, Role.PARTICIPANT), "D", 2)
    assert error.params == {"limit": 3}
    refused("event.bad_participant_cap", events.edit, conn, b"s", roles.ORGANISER, event.id,
            {"participant_cap": "0"})


def test_the_leader_is_told_before_opening_a_round_in_which_nobody_can_move(conn, event, deepening):
    rotation.set_seats(conn, roles.ORGANISER, event.id, 1)
    for table in range(1, 7):
        participant_at(conn, event, table, f"P{table}")
    refused("rotation.no_free_seats", rotation.open_round, conn, deepening, 1)
    assert views.seats(conn, principal(event, Role.PROJECTOR))["round"] == {"number": 0, "open": False}
    assert rotation.open_round(conn, deepening, 1, force=True) == 1


def test_the_seat_view_has_counts_and_no_names(conn, event, deepening):
    participant_at(conn, event, 1, "Hemlig Person")
    view = views.seats(conn, principal(event, Role.PARTICIPANT))
    assert "Hemlig" not in repr(view)
    assert view["tables"][0] == {"number": 1, "seated": 1, "seats": 3}


# --- parking lot ---------------------------------------------------------------------------------

def test_parking_notes_come_from_tablets_and_joined_phones_and_are_stored_once(conn, event):
    note_id = str(uuid.uuid4())
    parking.add_note(conn, principal(event, Role.SECRETARY, 4), note_id, "Parkeringen är full")
    _, again = parking.add_note(conn, principal(event, Role.SECRETARY, 4), note_id, "Parkeringen är full")
    person = participant_at(conn, event, 2)
    parking.add_note(conn, person, str(uuid.uuid4()), "Mikrofonen hörs dåligt")
    assert again is False
    assert [n["text"] for n in views.parking(conn, principal(event, Role.LEADER))] == [
        "Parkeringen är full", "Mikrofonen hörs dåligt"]
    refused("participant.not_joined", parking.add_note, conn, principal(event, Role.PARTICIPANT), str(uuid.uuid4()),
            "x")
    refused("role.forbidden", parking.add_note, conn, principal(event, Role.PROJECTOR), str(uuid.uuid4()), "x")
    refused("role.forbidden", views.parking, conn, principal(event, Role.PROJECTOR))


def test_the_projector_shows_the_parking_lot_only_when_the_leader_does(conn, event):
    parking.add_note(conn, principal(event, Role.SECRETARY, 1), str(uuid.uuid4()), "Kaffe?")
    projector = principal(event, Role.PROJECTOR)
    assert views.projector_parking(conn, projector) == []
    parking.show_on_projector(conn, principal(event, Role.LEADER), True)
    assert [n["text"] for n in views.projector_parking(conn, projector)] == ["Kaffe?"]


@pytest.mark.parametrize("seats", ["many", -1, 501])
def test_seats_per_table_must_be_a_sensible_number(conn, event, seats):
    refused("rotation.bad_seats", rotation.set_seats, conn, roles.ORGANISER, event.id, seats)


def test_the_printed_table_cards_name_each_tables_theme_once_set(conn, event, deepening):
    cards = views.table_cards(conn, roles.ORGANISER, event.id)["tables"]
    assert [(card["number"], card["theme"]["title"]) for card in cards] == [(n, f"Tema {n}") for n in range(1, 7)]
    refused("role.forbidden", views.table_cards, conn, principal(event, Role.LEADER), event.id)


def test_a_person_is_counted_once_whether_seated_by_the_plan_joined_by_phone_or_both(conn, event):
    for name, status in (("Åsa Öberg", "registered"), ("Per Ek", "attended"), ("Lo Berg", "declined")):
        person_id = people.add_person(conn, roles.ORGANISER, event.id, {"name": name, "status": status})
        seating.seat_person(conn, roles.ORGANISER, event.id, person_id, 5)
    # The plan's two who come (not the one who declined) sit at table 5 on every screen.
    assert rotation.count_seated(conn, event.id) == {5: 2}
    assert views.tablet(conn, principal(event, Role.SECRETARY, 5))["seated"] == ["Per Ek", "Åsa Öberg"]
    participant_at(conn, event, 5, "asa oberg")  # she joins by phone as well: still one person
    participant_at(conn, event, 5, "Nils")  # joined by phone only
    seats = views.seats(conn, principal(event, Role.PROJECTOR))
    assert next(table for table in seats["tables"] if table["number"] == 5)["seated"] == 3
    assert seats["phones"] == 2
    assert views.tablet(conn, principal(event, Role.SECRETARY, 5))["seated"] == ["asa oberg", "Nils", "Per Ek"]


def test_the_seating_plans_people_fill_a_table_for_joins_except_their_own_place(conn, event):
    rotation.set_seats(conn, roles.ORGANISER, event.id, 2)
    for name in ("Åsa Öberg", "Per Ek"):
        person_id = people.add_person(conn, roles.ORGANISER, event.id, {"name": name, "status": "registered"})
        seating.seat_person(conn, roles.ORGANISER, event.id, person_id, 1)
    error = refused("join.table_full", rotation.join, conn, principal(event, Role.PARTICIPANT), "Nils", 1)
    assert error.params["table"] == 1
    participant_at(conn, event, 1, "Per Ek")  # his place is kept for him
    assert rotation.count_seated(conn, event.id) == {1: 2}


def test_the_leader_hides_a_note_from_the_projector_and_marks_another_answered(conn, event):
    leader, projector = principal(event, Role.LEADER), principal(event, Role.PROJECTOR)
    secretary = principal(event, Role.SECRETARY, 2)
    warm, _ = parking.add_note(conn, secretary, str(uuid.uuid4()), "Det är för varmt i lokalen")
    coffee, _ = parking.add_note(conn, secretary, str(uuid.uuid4()), "Mer kaffe?")
    parking.show_on_projector(conn, leader, True)
    parking.set_note(conn, leader, warm.id, hidden=True)
    parking.set_note(conn, leader, coffee.id, answered=True)
    assert [(n["text"], n["answered"]) for n in views.projector_parking(conn, projector)] == [("Mer kaffe?", True)]
    assert [(n["text"], n["hidden"]) for n in views.parking(conn, leader)] == [
        ("Det är för varmt i lokalen", True), ("Mer kaffe?", False)]
    refused("role.forbidden", parking.set_note, conn, secretary, coffee.id, hidden=True)
    refused("parking.not_found", parking.set_note, conn, leader, str(uuid.uuid4()), hidden=True)
