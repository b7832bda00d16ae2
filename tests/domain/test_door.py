"""At the door: a check-in, its undo (a wrong tap on a namesake), and who is still expected."""

from sessions.ground import roles
from sessions.ground.roles import Role
from sessions.people import people
from support.evening import principal, refused

ORGANISER = roles.ORGANISER


def add(conn, event, name, status):
    return people.add_person(conn, ORGANISER, event.id, {"name": name, "status": status})


def test_an_undone_check_in_leaves_the_person_as_before_it(conn, event):
    registered, invited = add(conn, event, "Anna Berg", "registered"), add(conn, event, "Bo Ek", "invited")
    assert people.check_in(conn, ORGANISER, event.id, registered).status == "attended"
    assert people.check_in(conn, ORGANISER, event.id, invited).status == "attended"
    assert people.undo_check_in(conn, ORGANISER, event.id, registered).status == "registered"
    assert people.undo_check_in(conn, ORGANISER, event.id, invited).status == "invited"


def test_a_double_tap_checks_in_once_and_a_second_undo_is_refused_by_name(conn, event):
    person_id = add(conn, event, "Anna Berg", "registered")
    people.check_in(conn, ORGANISER, event.id, person_id)
    people.check_in(conn, ORGANISER, event.id, person_id)
    assert people.undo_check_in(conn, ORGANISER, event.id, person_id).status == "registered"
    error = refused("checkin.not_checked_in", people.undo_check_in, conn, ORGANISER, event.id, person_id)
    assert error.params == {"name": "Anna Berg"}
    assert people.get_person(conn, ORGANISER, event.id, person_id).status == "registered"


def test_a_walk_in_whose_check_in_is_undone_is_expected(conn, event):
    walk_in = people.add_person(conn, ORGANISER, event.id, {"name": "Kim Ny"}, walk_in=True)
    assert people.undo_check_in(conn, ORGANISER, event.id, walk_in).status == "registered"
    assert [p.name for p in people.still_expected(conn, ORGANISER, event.id)[0]] == ["Kim Ny"]


def test_still_expected_are_the_registered_not_yet_checked_in(conn, event):
    for name, status in (("Cecilia Dal", "registered"), ("Anna Berg", "registered"), ("Bo Ek", "invited"),
                         ("Dan Fors", "declined")):
        add(conn, event, name, status)
    cecilia = [p for p in people.list_people(conn, ORGANISER, event.id) if p.name == "Cecilia Dal"][0]
    assert [p.name for p in people.still_expected(conn, ORGANISER, event.id)[0]] == ["Anna Berg", "Cecilia Dal"]
    assert people.still_expected(conn, ORGANISER, event.id, limit=1) == ([people.list_people(
        conn, ORGANISER, event.id, "Anna Berg")[0]], 2)
    people.check_in(conn, ORGANISER, event.id, cecilia.id)
    assert [p.name for p in people.still_expected(conn, ORGANISER, event.id)[0]] == ["Anna Berg"]
    assert people.checked_in_count(conn, ORGANISER, event.id) == 1


def test_only_the_organiser_checks_people_in(conn, event):
    person_id = add(conn, event, "Anna Berg", "registered")
    leader = principal(event, Role.LEADER)
    refused("role.forbidden", people.check_in, conn, leader, event.id, person_id)
    refused("role.forbidden", people.undo_check_in, conn, leader, event.id, person_id)
    refused("role.forbidden", people.still_expected, conn, leader, event.id)
