"""The participants' link is public (on the projector, on printed cards): what anyone outside the room can
do with it is bounded, and the leader can take off a phone that does not belong."""

import uuid

import pytest

from dialog_app import limits
from dialog_app.db import get_db
from sessions import storage
from sessions.evening import domain_events, ideas, parking, priorities, rotation, tokens, views
from sessions.ground.roles import Role
from support.evening import SECRET, in_phase, principal, received, refused


class Clock:
    """The rate limits' clock, moved by the test instead of by sleeping."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def limits_clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(limits, "clock", clock)
    return clock


def phone_from(evening, address: str):
    """A phone on the participants' link, connecting from ``address`` (as request.remote_addr sees it)."""
    from dialog_app.realtime import socketio

    browser = evening.app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return socketio.test_client(evening.app, auth={"token": evening.tokens["participant"], "lang": "sv"},
                                flask_test_client=browser)


def join(phone, name: str, table: int = 1) -> dict:
    return phone.emit("participant:join", {"name": name, "table": table}, callback=True)


def joined_count(evening) -> int:
    with evening.app.app_context():
        return storage.count_participants(get_db(), evening.event.id)


# --- the short code, /j/<code> ---------------------------------------------------------------------

def test_a_guessed_code_costs_one_lookup_however_many_events_there_are(app, evening, client, monkeypatch):
    """Every guess used to derive the token of every event (52 ms with 300 events, on the event loop)."""
    from dialog_app.db import token_secret
    from sessions.evening import events
    from sessions.evening.demo import DEMO_EVENT
    from sessions.ground import roles

    with app.app_context():
        for _ in range(40):
            events.create(get_db(), token_secret(), roles.ORGANISER, DEMO_EVENT)
    derived = []
    original = tokens.derive_token
    monkeypatch.setattr(tokens, "derive_token", lambda *args: derived.append(args) or original(*args))
    assert client.get("/j/abcdEFGH").status_code == 404
    assert derived == []
    code = evening.tokens["participant"][:tokens.JOIN_CODE_LENGTH]
    response = client.get(f"/j/{code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/join/{evening.tokens['participant']}")
    assert len(derived) == 1


@pytest.mark.parametrize("code", ["abc", "abcdefghi", "åäöåäöåä", "abcd fgh", "abc.defg"])
def test_a_code_of_the_wrong_shape_is_not_a_link(client, evening, code):
    response = client.get(f"/j/{code}")
    assert response.status_code == 404
    assert "Länken gäller inte längre" in response.get_data(as_text=True)


def test_guessing_codes_from_one_address_is_refused_with_a_clear_page_and_others_still_get_in(
        app, evening, limits_clock):
    guesser = app.test_client()
    burst, rate = limits.ADDRESS_LIMITS["join.code"]
    answers = [guesser.get(f"/j/guess{number:03d}").status_code for number in range(burst + 50)]
    assert answers == [404] * burst + [429] * 50
    refused_page = guesser.get("/j/guess999")
    assert refused_page.status_code == 429 and refused_page.headers["Retry-After"] == "1"
    page = refused_page.get_data(as_text=True)
    assert "För många försök från din uppkoppling på kort tid. Vänta en stund och försök igen." in page
    english = guesser.get("/j/guess999", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Too many attempts from your connection in a short time. Wait a moment and try again." in english
    # A phone elsewhere types the right code and gets in.
    code = evening.tokens["participant"][:tokens.JOIN_CODE_LENGTH]
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.20.30.40"
    assert elsewhere.get(f"/j/{code}").status_code == 302
    # The address's budget comes back at its rate.
    limits_clock.now += 2
    assert [guesser.get(f"/j/{code}").status_code for _ in range(6)] == [302] * int(2 * rate) + [429]


def test_a_link_issued_before_codes_were_stored_opens_by_its_code_after_an_upgrade(tmp_path):
    """An evening created by the previous release: its code is filled in when the server starts."""
    from dialog_app import create_app
    from support.evening import Evening
    config = {"TESTING": True, "SECRET_KEY": SECRET, "DATABASE": str(tmp_path / "upgraded.sqlite")}
    evening = Evening(create_app(config))
    with evening.app.app_context():
        get_db().execute("UPDATE access_token SET join_code_key = NULL")
    code = evening.tokens["participant"][:tokens.JOIN_CODE_LENGTH]
    assert evening.app.test_client().get(f"/j/{code}").status_code == 404
    restarted = create_app(config)
    response = restarted.test_client().get(f"/j/{code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/join/{evening.tokens['participant']}")


def test_short_codes_are_kept_only_as_keyed_hashes(conn, event):
    """A copy of the database holds no code, nor a plain hash of one to guess offline."""
    import hashlib

    token = tokens.join_token(conn, SECRET.encode(), principal(event, Role.PROJECTOR))
    code = tokens.join_code(token)
    stored = [row[0] for row in conn.execute("SELECT join_code_key FROM access_token WHERE join_code_key IS NOT NULL")]
    assert stored == [tokens.join_code_key(SECRET.encode(), code)]
    assert code not in stored[0] and hashlib.sha256(code.encode()).hexdigest() not in stored


# --- joining: a budget per address -----------------------------------------------------------------

def test_a_flood_of_joins_from_one_address_is_held_back_while_another_address_joins(evening, limits_clock):
    """110 connections made 500 joins in 3 s and real people got "join.room_full"."""
    burst, rate = limits.ADDRESS_LIMITS["participant:join"]
    with evening.app.app_context():
        get_db().execute("UPDATE event_table SET seats = 60")
    flooders = [phone_from(evening, "203.0.113.9") for _ in range(burst // 4 + 10)]
    answers = [join(flooder, f"Spöke {number}-{attempt}", 1 + number % 6)
               for number, flooder in enumerate(flooders) for attempt in range(4)]
    assert sum(answer["ok"] for answer in answers) == burst
    held_back = [answer["error"] for answer in answers if not answer["ok"]]
    assert {error["code"] for error in held_back} == {"rate.limited"}
    assert held_back[0]["params"] == {"retry_after": 1}
    assert joined_count(evening) == burst
    # A real person on another connection joins at once.
    assert join(phone_from(evening, "198.51.100.7"), "Anna", 2)["ok"]
    # And the flooding address gets its rate back, not a burst.
    limits_clock.now += 2
    assert [join(flooder, "Igen")["ok"] for flooder in flooders[-8:]] == [True] * int(2 * rate) + [False] * 3


def test_two_evenings_at_once_behind_one_address_have_a_join_budget_each(app, evening, limits_clock):
    """Behind a proxy every phone of every evening may come from one address."""
    from support.evening import Evening
    other = Evening(app)
    burst, _ = limits.ADDRESS_LIMITS["participant:join"]
    with app.app_context():
        get_db().execute("UPDATE event_table SET seats = 60")
    phones = [phone_from(evening, "127.0.0.1") for _ in range(burst // 4 + 1)]
    answers = [join(phone, f"Deltagare {n}", 1 + n % 6) for n, phone in enumerate(phones) for _ in range(4)]
    assert [answer["ok"] for answer in answers] == [True] * burst + [False] * 4
    from dialog_app.realtime import socketio
    at_the_other = socketio.test_client(app, auth={"token": other.tokens["participant"], "lang": "sv"})
    assert join(at_the_other, "Anna", 1)["ok"]


def test_the_addresses_remembered_are_bounded_and_the_oldest_forgotten_first(limits_clock):
    allowances = limits.AddressAllowances({"participant:join": (1, 0.001)}, size=3)
    for address in ("a", "b", "c"):
        assert allowances.wait_for(address, "participant:join") is None
    assert allowances.wait_for("a", "participant:join") is not None  # a is counted, and now the newest
    assert allowances.wait_for("d", "participant:join") is None       # b, the oldest, is forgotten
    assert allowances.wait_for("a", "participant:join") is not None
    assert allowances.wait_for("b", "participant:join") is None
    assert len(allowances._allowances) == 3
    assert allowances.wait_for("a", "rotation:choose") is None         # nothing else is counted by address


@pytest.mark.parametrize("arrival", ["over two minutes", "all at once"])
def test_a_room_of_300_phones_behind_one_address_all_join_within_two_minutes(evening, limits_clock, arrival):
    """Venue Wi-Fi: every phone has the same public address. A phone told to wait sends its join
    again after ``retry_after`` seconds, as the phone's page does."""
    phones = 300
    with evening.app.app_context():
        get_db().execute("UPDATE event_table SET seats = 60")
    sockets = [phone_from(evening, "192.0.2.1") for _ in range(phones)]
    start = limits_clock.now
    due = [(start + (120 * number / phones if arrival == "over two minutes" else 0), number)
           for number in range(phones)]
    joined_at, waits = {}, 0
    while due:
        due.sort()
        moment, number = due.pop(0)
        limits_clock.now = max(limits_clock.now, moment)
        answer = join(sockets[number], f"Deltagare {number}", 1 + number % 6)
        if answer["ok"]:
            joined_at[number] = limits_clock.now - start
        else:
            assert answer["error"]["code"] == "rate.limited", answer
            waits += 1
            due.append((limits_clock.now + answer["error"]["params"]["retry_after"], number))
    assert len(joined_at) == phones == joined_count(evening)
    assert max(joined_at.values()) <= 120
    if arrival == "over two minutes":
        assert waits == 0


# --- the leader sees the joined phones and removes one --------------------------------------------

def test_the_leader_removes_a_joined_phone_and_its_seat_is_free(conn, event):
    anonymous = principal(event, Role.PARTICIPANT)
    anna, anna_key = rotation.join(conn, anonymous, "Anna", 2)
    ghost, ghost_key = rotation.join(conn, anonymous, "xXx", 2)
    leader = principal(event, Role.LEADER)
    assert [(phone["name"], phone["table"]) for phone in views.joined_phones(conn, leader, event.id)] == [
        ("xXx", 2), ("Anna", 2)]
    with domain_events.recording() as recorded:
        rotation.remove(conn, leader, event.id, ghost.id)
    assert recorded == [domain_events.ParticipantRemoved(event.id, ghost.id),
                        domain_events.SeatsChanged(event.id, (2,))]
    assert storage.count_seated(conn, event.id) == {2: 1}
    assert [phone["name"] for phone in views.joined_phones(conn, leader, event.id)] == ["Anna"]
    # The removed phone's key opens nothing more; it may join again like anyone.
    assert rotation.identify(conn, anonymous, ghost_key).participant_id is None
    assert rotation.identify(conn, anonymous, anna_key).participant_id == anna.id
    refused("participant.not_found", rotation.remove, conn, leader, event.id, ghost.id)
    refused("participant.not_found", rotation.remove, conn, leader, event.id, None)


@pytest.mark.parametrize("role", [Role.PROJECTOR, Role.SECRETARY, Role.PARTICIPANT])
def test_only_a_leader_or_organiser_sees_or_removes_joined_phones(conn, event, role):
    from sessions.ground import roles

    anna, _ = rotation.join(conn, principal(event, Role.PARTICIPANT), "Anna", 1)
    someone = principal(event, role, 1 if role is Role.SECRETARY else None)
    refused("role.forbidden", views.joined_phones, conn, someone, event.id)
    refused("role.forbidden", rotation.remove, conn, someone, event.id, anna.id)
    assert storage.count_participants(conn, event.id) == 1
    rotation.remove(conn, roles.ORGANISER, event.id, anna.id)
    assert storage.count_participants(conn, event.id) == 0


def test_a_removed_phone_is_told_in_its_language_and_every_screen_counts_the_free_seat(evening):
    from dialog_app import publisher
    from dialog_app.rooms import socketio

    leader = evening.socket(evening.tokens["leader"])
    projector = evening.socket(evening.tokens["projector"])
    ghost = evening.socket(evening.tokens["participant"], lang="en")
    anna = evening.socket(evening.tokens["participant"])
    assert join(ghost, "Spöke", 3)["ok"] and join(anna, "Anna", 3)["ok"]
    socketio.sleep(publisher.SEAT_UPDATE_INTERVAL * 3)
    for socket in (leader, projector, ghost, anna):
        socket.get_received()
    listed = leader.emit("participants:list", {}, callback=True)
    assert [(phone["name"], phone["table"]) for phone in listed["phones"]] == [("Anna", 3), ("Spöke", 3)]
    assert leader.emit("participant:remove", {"id": listed["phones"][1]["id"]}, callback=True) == {"ok": True}
    socketio.sleep(publisher.SEAT_UPDATE_INTERVAL * 3)
    assert [message["name"] for message in ghost.get_received()] == ["participant:removed", "seats:changed"]
    assert received(anna, "participant:removed") == []
    [seats] = received(projector, "seats:changed")
    assert [table["seated"] for table in seats["tables"]] == [0, 0, 1, 0, 0, 0]
    # The removed phone is a phone that has not joined; it may join again.
    refusal = ghost.emit("parking:add", {"id": str(uuid.uuid4()), "text": "Hallå?"}, callback=True)
    assert refusal["error"]["code"] == "participant.not_joined"
    assert refusal["error"]["message"] == "Join with your name first."
    assert join(ghost, "Spöke igen", 4)["ok"]
    # The list is the leader's: the projector may not ask for names.
    assert projector.emit("participants:list", {}, callback=True)["error"]["code"] == "role.forbidden"


# --- a replayed id is answered only to its sender --------------------------------------------------

def stored_by_their_senders(conn, event) -> dict:
    """Table 2's idea, written priority and note, and the note of a phone at table 2: kind -> (command,
    its id, who sent it), with the others who may try the same id."""
    secretary = principal(event, Role.SECRETARY, 2)
    anonymous = principal(event, Role.PARTICIPANT)

    def phone_at_table_2(name):
        return rotation.identify(conn, anonymous, rotation.join(conn, anonymous, name, 2)[1])

    in_phase(conn, event, "brainstorm")
    idea, _ = ideas.add(conn, secretary, str(uuid.uuid4()), "Bredband")
    in_phase(conn, event, "prioritise")
    priority_id = str(uuid.uuid4())
    priorities.add_text(conn, secretary, priority_id, "Pendeltåg")
    note, _ = parking.add_note(conn, secretary, str(uuid.uuid4()), "Kaffe?")
    anna = phone_at_table_2("Anna")
    phone_note, _ = parking.add_note(conn, anna, str(uuid.uuid4()), "Mikrofonen")
    people = {"Anna's phone": anna, "Bo's phone": phone_at_table_2("Bo"), "projector": principal(event, Role.PROJECTOR),
              "leader": principal(event, Role.LEADER), "table 2's tablet": secretary,
              "table 3's tablet": principal(event, Role.SECRETARY, 3)}
    stored = {"idea": (ideas.add, idea.id), "priority": (priorities.add_text, priority_id),
              "note": (parking.add_note, note.id), "Anna's note": (parking.add_note, phone_note.id)}
    return stored, people


# What each one who sends a stored id again is answered: "resend" is the sender's own resend (told to
# the screens again); everyone else is refused and nothing is told to anyone.
REPLAYS = """
kind          Anna's phone     Bo's phone       projector       leader          table 2's tablet  table 3's tablet
idea          role.forbidden   role.forbidden   role.forbidden  role.forbidden  resend            request.bad_id
priority      role.forbidden   role.forbidden   role.forbidden  role.forbidden  resend            request.bad_id
note          request.bad_id   request.bad_id   role.forbidden  role.forbidden  resend            request.bad_id
Anna's note   resend           request.bad_id   role.forbidden  role.forbidden  request.bad_id    request.bad_id
"""
_REPLAY_ROWS = [[cell.strip() for cell in line.split("  ") if cell.strip()] for line in REPLAYS.strip().splitlines()]
REPLAY_CASES = [(row[0], who, row[column])
                for row in _REPLAY_ROWS[1:] for column, who in enumerate(_REPLAY_ROWS[0]) if column]


@pytest.mark.parametrize("kind, who, answer", REPLAY_CASES)
def test_a_stored_id_sent_again_by_anyone_but_its_sender_is_refused_and_told_to_nobody(conn, event, kind, who, answer):
    """A phone replaying its table's idea id used to get ``ok`` and a re-broadcast to every screen."""
    stored, people = stored_by_their_senders(conn, event)
    command, stored_id = stored[kind]
    with domain_events.recording() as recorded:
        if answer == "resend":
            command(conn, people[who], stored_id, "Igen")
        else:
            refused(answer, command, conn, people[who], stored_id, "Igen")
    assert bool(recorded) is (answer == "resend")


def test_a_phone_replaying_its_tables_idea_id_gets_no_ok_and_no_screen_hears_it(evening):
    evening.set_phase("brainstorm")
    tablet, projector = evening.socket(evening.secretary(2)), evening.socket(evening.tokens["projector"])
    idea_id = str(uuid.uuid4())
    assert tablet.emit("idea:add", {"id": idea_id, "text": "Bredband"}, callback=True)["ok"]
    phone = evening.socket(evening.tokens["participant"])
    assert join(phone, "Anna", 2)["ok"]
    projector.get_received()
    answer = phone.emit("idea:add", {"id": idea_id, "text": "Bredband"}, callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "role.forbidden"
    assert received(projector, "idea:saved") == []


# --- numbers no person types ----------------------------------------------------------------------

@pytest.mark.parametrize("event_name, sender, payload", [
    ("participant:join", "participant", {"name": "Anna", "table": 10**30}),
    ("participant:join", "participant", {"name": "Anna", "table": -10**30}),
    ("idea:add", "secretary", {"id": "5d1f1c1e-7f3c-4c41-9d3e-3f1e2b1c0a99", "text": "x", "table": 10**30}),
])
def test_a_table_number_no_person_types_is_refused_clearly(evening, event_name, sender, payload):
    """``{"table": 10**30}`` made writing the refusal raise, so the sender got no answer at all."""
    evening.set_phase("brainstorm")
    socket = evening.socket(evening.tokens["participant"] if sender == "participant" else evening.secretary(1))
    answer = socket.emit(event_name, payload, callback=True)
    assert answer["ok"] is False
    assert answer["error"]["code"] == "table.unknown"
    assert answer["error"]["message"] == "Det finns inget bord – vid det här evenemanget."


@pytest.mark.parametrize("number", [10**15, 10**25, 10**30, -10**30, 10**400])
def test_a_refusal_naming_any_integer_can_be_written(app, number):
    from dialog_app.i18n import error_message

    with app.test_request_context():
        assert error_message("table.unknown", {"table": number}) == "Det finns inget bord – vid det här evenemanget."
        assert error_message("table.unknown", {"table": 12}) == "Det finns inget bord 12 vid det här evenemanget."
