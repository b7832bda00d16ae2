"""Registration's rules on both databases: the last seat taken once when two register at the same moment,
a second registration changes details but never mails twice, consent needed, a declined seat passed on."""

import threading

from sessions import storage
from sessions.ground import roles
from sessions.people import invitations, people, registration
from support.evening import SECRET, refused

KEY = SECRET.encode()


def listed(conn, event, *names):
    ids = [people.add_person(conn, roles.ORGANISER, event.id, {"name": name, "contact": f"{name.lower()}@ex.se"})
           for name in names]
    invitations.send(conn, KEY, roles.ORGANISER, event.id)
    return [registration.person_token(KEY, person_id, "register") for person_id in ids]


def test_two_people_registering_for_the_last_seat_at_once_get_one_seat_and_one_waiting_place(conn, event,
                                                                                            database):
    anna, bo = listed(conn, event, "Anna", "Bo")
    registration.set_capacity(conn, roles.ORGANISER, event.id, "1")
    outcomes, start = [], threading.Barrier(2)

    def register(token):
        own = storage.connect(database)
        try:
            start.wait()
            outcomes.append(registration.register(own, KEY, token, {"consent": "yes"}))
        finally:
            storage.close(own)

    threads = [threading.Thread(target=register, args=(token,)) for token in (anna, bo)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["registered", "waiting"]
    assert registration.capacity(conn, roles.ORGANISER, event.id) == {"capacity": 1, "taken": 1, "waiting": 1}


def test_registering_twice_changes_the_details_and_mails_the_ticket_once(conn, event):
    [anna] = listed(conn, event, "Anna")
    assert registration.register(conn, KEY, anna, {"consent": "yes", "sector": "Handel"}) == "registered"
    assert registration.register(conn, KEY, anna, {"consent": "yes", "sector": "Skola"}) == "registered"
    assert [p.sector for p in people.list_people(conn, roles.ORGANISER, event.id)] == ["Skola"]
    purposes = [mail.purpose for mail in storage.fetch_event_mails(conn, event.id)]
    assert sorted(purposes) == ["confirmation", "invitation"]


def test_without_consent_nothing_is_registered(conn, event):
    [anna] = listed(conn, event, "Anna")
    refused("register.consent_needed", registration.register, conn, KEY, anna, {"gender": "woman"})
    [person] = people.list_people(conn, roles.ORGANISER, event.id)
    assert (person.status, person.gender) == ("invited", "unknown")
    refused("token.invalid", registration.register, conn, KEY, "x" * 43, {"consent": "yes"})


def test_a_declined_seat_goes_to_the_first_on_the_waiting_list(conn, event):
    anna, bo, cecilia = listed(conn, event, "Anna", "Bo", "Cecilia")
    registration.set_capacity(conn, roles.ORGANISER, event.id, "1")
    registration.register(conn, KEY, anna, {"consent": "yes"})
    assert registration.register(conn, KEY, bo, {"consent": "yes"}) == "waiting"
    assert registration.register(conn, KEY, cecilia, {"consent": "yes"}) == "waiting"
    assert registration.decline(conn, anna).status == "declined"
    statuses = {p.name: p.status for p in people.list_people(conn, roles.ORGANISER, event.id)}
    assert statuses == {"Anna": "declined", "Bo": "registered", "Cecilia": "invited"}
    assert registration.view(conn, cecilia).state == "waiting"
