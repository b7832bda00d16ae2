"""HTTP pages: each role's page opens only with its own token; the organiser's desk works."""

import re

import pytest

from dialog_app.db import get_db
from sessions import storage
from sessions.evening import events
from sessions.ground import roles
from sessions.people import accounts
from support.evening import log_in_with_password

ROLE_PAGES = {"leader": "/leader/{}", "projector": "/projector/{}", "participant": "/join/{}"}


def test_each_role_page_opens_with_its_own_token(client, evening):
    for role, path in ROLE_PAGES.items():
        response = client.get(path.format(evening.tokens[role]))
        assert response.status_code == 200, role
    assert client.get(f"/table/{evening.secretary(1)}").status_code == 200
    assert client.get(f"/o/{evening.organiser}").status_code == 302
    assert client.get("/organiser/").status_code == 200


@pytest.mark.parametrize("path", ["/leader/{}", "/projector/{}", "/join/{}", "/o/{}"])
def test_a_secretary_link_opens_no_other_page(client, evening, path):
    response = client.get(path.format(evening.secretary(1)))
    assert response.status_code == 403
    assert "Den här länken ger inte behörighet att göra det." in response.get_data(as_text=True)


def test_a_projector_link_cannot_open_the_leaders_page_or_a_tablet(client, evening):
    assert client.get(f"/leader/{evening.tokens['projector']}").status_code == 403
    assert client.get(f"/table/{evening.tokens['projector']}").status_code == 403


@pytest.mark.parametrize("path", ["/leader/x", "/table/not-a-real-token-at-all-but-long", "/o/guess"])
def test_an_unknown_token_gets_a_clear_page(client, evening, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Länken gäller inte längre" in response.get_data(as_text=True)


ORGANISER_GETS = ["/organiser/", "/organiser/events/{id}", "/organiser/events/{id}/export?format=json",
                  "/organiser/events/{id}/people", "/organiser/events/{id}/people.csv",
                  "/organiser/events/{id}/checkin", "/organiser/events/{id}/dashboard",
                  "/organiser/events/{id}/people/x", "/organiser/account"]
ORGANISER_POSTS = ["/organiser/events", "/organiser/events/{id}", "/organiser/events/{id}/rotate",
                   "/organiser/events/{id}/delete", "/organiser/events/{id}/people",
                   "/organiser/events/{id}/people/import", "/organiser/events/{id}/people/x/status",
                   "/organiser/events/{id}/people/x/table", "/organiser/events/{id}/seating",
                   "/organiser/events/{id}/dashboard/band", "/organiser/account", "/organiser/logout",
                   "/organiser/events/{id}/people/x"]


def test_every_organiser_route_needs_an_organiser(client, evening):
    for path in ORGANISER_GETS:
        response = client.get(path.format(id=evening.event.id))
        assert response.status_code == 302 and "/organiser/login" in response.headers["Location"], path
    for path in ORGANISER_POSTS:
        assert client.post(path.format(id=evening.event.id), data={"confirm": "yes"}).status_code == 403, path
    for token in (evening.tokens["leader"], evening.secretary(1), evening.tokens["projector"],
                  evening.tokens["participant"]):
        assert client.get(f"/o/{token}").status_code == 403
        assert client.get("/organiser/").status_code == 302


def test_organiser_forms_need_the_sessions_csrf_token(client, evening):
    csrf = evening.log_in(client)
    event_id = evening.event.id
    for path in ORGANISER_POSTS:
        assert client.post(path.format(id=event_id), data={"confirm": "yes"}).status_code == 400, path
    assert client.post(f"/organiser/events/{event_id}/delete",
                       data={"confirm": "yes", "csrf_token": "forged"}).status_code == 400
    assert client.get(f"/organiser/events/{event_id}").status_code == 200
    assert client.post(f"/organiser/events/{event_id}/delete",
                       data={"confirm": "yes", "csrf_token": csrf}).status_code == 302


def test_an_organiser_sets_a_password_and_logs_in_with_it(app, client, evening):
    csrf = evening.log_in(client)
    assert "Sätt ett lösenord" in client.get("/organiser/").get_data(as_text=True)
    client.post("/organiser/account", data={"username": "anna", "password": "kort", "csrf_token": csrf})
    assert "minst 10 tecken" in client.get("/organiser/").get_data(as_text=True)
    client.post("/organiser/account", data={"username": "anna", "password": "ett långt lösenord",
                                            "organisation": "Sundsvall", "csrf_token": csrf})
    client.post("/organiser/logout", data={"csrf_token": csrf})
    assert client.get("/organiser/").status_code == 302
    wrong = log_in_with_password(client, "anna", "fel lösenord!")
    assert wrong.status_code == 401 and "Fel användarnamn eller lösenord" in wrong.get_data(as_text=True)
    right = log_in_with_password(client, "Anna", "ett långt lösenord",
                                 "/organiser/login?next=/organiser/events/" + evening.event.id)
    assert right.headers["Location"] == "/organiser/events/" + evening.event.id
    assert client.get("/organiser/").status_code == 200
    assert "Sätt ett lösenord" not in client.get("/organiser/").get_data(as_text=True)
    # With an account in place, the printed organiser link is no longer a key.
    stranger = app.test_client()
    assert stranger.get(f"/o/{evening.organiser}").headers["Location"] == "/organiser/login"
    assert stranger.get("/organiser/").status_code == 302


def test_the_session_cookie_is_not_readable_by_scripts(client, evening):
    response = client.get(f"/o/{evening.organiser}")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_are_swedish_first_and_english_on_request(client, evening):
    page = client.get(f"/table/{evening.secretary(1)}")
    assert '<html lang="sv">' in page.get_data(as_text=True)
    assert "Spara idén" in page.get_data(as_text=True)
    english = client.get(f"/table/{evening.secretary(1)}?lang=en")
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Save the idea" in english.get_data(as_text=True)
    # The choice is remembered for the next page.
    assert "Save the idea" in client.get(f"/table/{evening.secretary(1)}").get_data(as_text=True)


def test_the_browsers_language_is_honoured(app, evening):
    fresh = app.test_client()
    page = fresh.get(f"/leader/{evening.tokens['leader']}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Next phase" in page.get_data(as_text=True)


def test_pages_do_not_leak_tokens_or_run_foreign_scripts(client, evening):
    response = client.get(f"/projector/{evening.tokens['projector']}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_organiser_creates_an_event_and_gets_links_and_qr_codes(client, evening):
    csrf = evening.log_in(client)
    response = client.post("/organiser/events", data={"csrf_token": csrf,
        "title": "Forum i Lerum", "event_date": "2036-12-03", "place": "Kulturhuset",
        "vision_question": "Hur ser det ut om tio år?", "deepen_question": "Hur når vi dit?",
        "warmup_story": "Det är 2036.", "table_count": "4"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Forum i Lerum" in page
    assert page.count('data-testid="link-table"') == 4
    assert page.count("<svg") == 7  # leader, projector, participant, four tables
    leader_url = re.search(r'href="(http://localhost/leader/[^"]+)"', page).group(1)
    assert client.get(leader_url.removeprefix("http://localhost")).status_code == 200


def test_links_use_the_public_url_when_set(app, client, evening):
    evening.log_in(client)
    app.config["PUBLIC_URL"] = "http://192.168.1.20:5000"
    page = client.get(f"/organiser/events/{evening.event.id}").get_data(as_text=True)
    assert "http://192.168.1.20:5000/projector/" in page


def test_a_bad_event_form_explains_itself_and_creates_nothing(client, evening, app):
    csrf = evening.log_in(client)
    response = client.post("/organiser/events", data={"csrf_token": csrf,
        "title": "", "vision_question": "Fråga", "deepen_question": "Fråga 2", "table_count": "6"})
    assert response.status_code == 400
    assert "Fyll i fältet ”Rubrik”" in response.get_data(as_text=True)
    with app.app_context():
        assert len(events.listed(get_db(), roles.ORGANISER)) == 1


def test_titles_typed_by_people_are_escaped(client, evening):
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}", data={"csrf_token": csrf,
        "title": "<script>alert('x')</script>", "vision_question": "Q", "deepen_question": "Q2", "table_count": "6"})
    page = client.get(f"/organiser/events/{evening.event.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_a_new_link_replaces_the_old_one(client, evening):
    csrf = evening.log_in(client)
    old = evening.tokens["projector"]
    response = client.post(f"/organiser/events/{evening.event.id}/rotate",
                           data={"csrf_token": csrf, "role": "projector"})
    assert response.status_code == 302
    assert client.get(f"/projector/{old}").status_code == 404


def test_deleting_an_event_needs_confirmation_and_then_removes_it(client, evening):
    csrf = evening.log_in(client)
    event_id = evening.event.id
    assert client.post(f"/organiser/events/{event_id}/delete", data={"csrf_token": csrf}).status_code == 400
    assert client.get(f"/leader/{evening.tokens['leader']}").status_code == 200
    response = client.post(f"/organiser/events/{event_id}/delete", data={"csrf_token": csrf, "confirm": "yes"})
    assert response.status_code == 302
    assert client.get(f"/leader/{evening.tokens['leader']}").status_code == 404
    assert client.get(f"/organiser/events/{event_id}").status_code == 404


def test_the_organiser_downloads_the_export_and_nobody_else_can(client, evening):
    csrf = evening.log_in(client)
    path = f"/organiser/events/{evening.event.id}/export"
    response = client.get(path + "?format=json")
    assert response.status_code == 200 and response.json["event"]["title"] == evening.event.title
    assert response.json["anonymous"] is True
    docx = client.get(path + "?format=docx")
    assert docx.headers["Content-Disposition"].endswith('.docx"') and docx.data[:2] == b"PK"
    assert client.get(path + "?format=exe").status_code == 400
    client.post("/organiser/logout", data={"csrf_token": csrf})
    assert client.get(path + "?format=json").status_code == 302


def test_the_export_command_writes_a_file(app, evening, tmp_path):
    from click.testing import CliRunner

    from dialog_app.cli import cli

    out = tmp_path / "kvall.xlsx"
    result = CliRunner().invoke(cli, ["export", evening.event.id, "--format", "xlsx", "--out", str(out),
                                                "--db", app.config["DATABASE"]])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
    missing = CliRunner().invoke(cli, ["export", "nosuchevent", "--out", str(out),
                                                 "--db", app.config["DATABASE"]])
    assert missing.exit_code != 0


def test_the_organiser_sets_seats_and_rotation_rounds(client, app, evening):
    csrf = evening.log_in(client)
    from sessions import storage
    from sessions.evening import rotation

    response = client.post(f"/organiser/events/{evening.event.id}", data={"csrf_token": csrf,
        "title": "Kväll", "vision_question": "Q", "deepen_question": "Q2", "table_count": "6", "theme_count": "6",
        "rotation_rounds_max": "1", "seats_per_table": "9"})
    assert response.status_code == 302
    with app.app_context():
        assert set(rotation.seats(get_db(), evening.event.id).values()) == {9}
        assert storage.fetch_event(get_db(), evening.event.id).rotation_rounds_max == 1


def test_password_guessing_is_slowed_down(app, client, evening):
    with app.app_context():
        accounts.create_account(get_db(), accounts.COMMAND_LINE, "anna", "ett långt lösenord")
    for _ in range(5):
        assert log_in_with_password(client, "anna", "gissning1").status_code == 401
    blocked = log_in_with_password(client, "anna", "ett långt lösenord")
    assert blocked.status_code == 429 and "För många misslyckade försök" in blocked.get_data(as_text=True)


def test_an_unknown_event_in_the_organisers_area_is_a_clear_404(client, evening):
    evening.log_in(client)
    for path in ("people", "checkin", "dashboard"):
        response = client.get(f"/organiser/events/nosuchevent/{path}")
        assert response.status_code == 404 and "Evenemanget finns inte" in response.get_data(as_text=True)


def test_logging_out_closes_the_session_on_the_server_even_for_a_copied_cookie(app, client, evening):
    csrf = evening.log_in(client)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/organiser/").status_code == 200
    client.post("/organiser/logout", data={"csrf_token": csrf})
    assert copy.get("/organiser/").status_code == 302
    assert copy.post(f"/organiser/events/{evening.event.id}/delete",
                     data={"confirm": "yes", "csrf_token": csrf}).status_code == 403


def test_someone_elses_guesses_do_not_lock_the_organiser_out(app, evening):
    with app.app_context():
        accounts.create_account(get_db(), accounts.COMMAND_LINE, "anna", "ett långt lösenord")
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "10.0.0.66"
    for _ in range(5):
        assert log_in_with_password(stranger, "anna", "gissning1").status_code == 401
    assert log_in_with_password(stranger, "anna", "gissning2").status_code == 429
    at_the_desk = app.test_client()
    at_the_desk.environ_base["REMOTE_ADDR"] = "10.0.0.5"
    assert log_in_with_password(at_the_desk, "anna", "ett långt lösenord").status_code == 302
    # Guessing at another name from the same address does not count against "anna" there either.
    app.extensions.pop("dialog_app.login_guard")
    for _ in range(5):
        log_in_with_password(stranger, "bertil", "gissning1")
    assert log_in_with_password(stranger, "anna", "ett långt lösenord").status_code == 302


def test_a_login_with_an_unknown_name_costs_the_same_one_hash_check(app, client, monkeypatch):
    with app.app_context():
        accounts.create_account(get_db(), accounts.COMMAND_LINE, "anna", "ett långt lösenord")
    log_in_with_password(client, "okänd", "x" * 12)  # makes the stand-in once
    calls = []
    real_check = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda *a: calls.append("check") or real_check(*a))
    monkeypatch.setattr(accounts, "generate_password_hash", lambda *a, **k: calls.append("generate"))
    for name in ("anna", "okänd"):
        calls.clear()
        assert log_in_with_password(client, name, "fel lösenord!").status_code == 401
        assert calls == ["check"], name


def test_the_database_and_its_log_are_readable_by_the_owner_only(app, evening):
    import os
    import stat

    with app.app_context():
        get_db().execute("SELECT 1")
    path = app.config["DATABASE"]
    for name in (path, path + "-wal", path + "-shm"):
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o600, name


def test_pages_that_carry_a_role_token_are_never_cached_and_connect_only_home(client, evening):
    for path in (f"/table/{evening.secretary(1)}", f"/leader/{evening.tokens['leader']}",
                 f"/projector/{evening.tokens['projector']}", f"/join/{evening.tokens['participant']}",
                 f"/o/{evening.organiser}", "/organiser/login"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
        assert "connect-src 'self';" in response.headers["Content-Security-Policy"], path
        assert "ws:" not in response.headers["Content-Security-Policy"], path
    with client.get("/static/css/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_an_oversized_upload_gets_a_clear_page_not_a_bare_error(client, evening):
    csrf = evening.log_in(client)
    response = client.post(f"/organiser/events/{evening.event.id}",
                           data={"csrf_token": csrf, "warmup_story": "A" * (5 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Det som skickades är för stort" in response.get_data(as_text=True)



def test_an_unknown_address_gets_a_page_in_swedish(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Sidan finns inte" in response.get_data(as_text=True)


def form_defaults(html: str, action: str) -> dict:
    """The values a browser would send for the form posting to ``action``, as the page fills it."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.values, self.textarea = False, {}, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form":
                self.inside = attrs.get("action") == action
            elif (self.inside and tag == "input" and attrs.get("name")
                  and attrs.get("type") not in ("checkbox", "submit")):
                self.values[attrs["name"]] = attrs.get("value") or ""
            elif self.inside and tag == "textarea":
                self.textarea = attrs["name"]
                self.values[self.textarea] = ""

        def handle_data(self, data):
            if self.textarea:
                self.values[self.textarea] += data

        def handle_endtag(self, tag):
            if tag == "textarea":
                self.textarea = None
            elif tag == "form":
                self.inside = False

    parser = Form()
    parser.feed(html)
    return parser.values


def test_the_new_event_form_works_with_its_defaults(app, client, evening):
    evening.log_in(client)
    page = client.get("/organiser/").get_data(as_text=True)
    sent = form_defaults(page, "/organiser/events")
    assert sent["rotation_rounds_max"] == "2" and sent["table_count"] == "6" and sent["theme_count"] == "6"
    response = client.post("/organiser/events", data=sent | {"title": "Höstens forum"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        created = [event for event in events.listed(get_db(), roles.ORGANISER) if event.title == "Höstens forum"][0]
    assert (created.table_count, created.theme_count, created.rotation_rounds_max) == (6, 6, 2)


def test_a_number_left_empty_in_the_new_event_form_takes_its_default(app, client, evening):
    csrf = evening.log_in(client)
    response = client.post("/organiser/events", data={
        "csrf_token": csrf, "title": "Vårens forum", "vision_question": "Tio år framåt?", "deepen_question": "Hur?",
        "table_count": "", "theme_count": "", "rotation_rounds_max": "3"})
    assert response.status_code == 302
    with app.app_context():
        created = [event for event in events.listed(get_db(), roles.ORGANISER) if event.title == "Vårens forum"][0]
    assert (created.table_count, created.theme_count, created.rotation_rounds_max) == (6, 6, 3)


def test_table_cards_print_one_per_table_with_the_participants_code_and_no_secret_link(client, evening):
    evening.log_in(client)
    page = client.get(f"/organiser/events/{evening.event.id}/table-cards").get_data(as_text=True)
    cards = re.findall(r'data-testid="printed-url">([^<]+)<', page)
    participant = evening.tokens["participant"]
    assert [url.rsplit("/", 1)[1] for url in cards] == [f"{participant}?table={number}" for number in range(1, 7)]
    assert page.count('data-testid="printed-table-card"') == 6
    secrets = [evening.tokens["leader"], evening.tokens["projector"], *evening.tokens["secretaries"].values()]
    assert [token for token in secrets if token in page] == []


def test_the_secret_links_sheet_is_the_organisers_alone(client, evening):
    path = f"/organiser/events/{evening.event.id}/secret-links"
    assert client.get(path).status_code == 302  # not logged in: to the login page
    evening.log_in(client)
    page = client.get(path).get_data(as_text=True)
    for token in (evening.tokens["leader"], evening.tokens["projector"], *evening.tokens["secretaries"].values()):
        assert token in page
    assert evening.tokens["participant"] not in page
    assert page.count('data-testid="secret-link"') == 8


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_organiser_page_shows_a_key_or_a_broken_value(client, evening, lang):
    from support.wording import BROKEN, visible_text

    evening.set_phase("deepen")
    evening.log_in(client)
    event = f"/organiser/events/{evening.event.id}"
    pages = ["/organiser/", event, f"{event}/table-cards", f"{event}/secret-links", f"{event}/people",
             f"{event}/checkin?q=a", f"{event}/dashboard", f"{event}/seating", f"{event}/followup", f"{event}/imprint",
             "/organiser/login", f"/table/{evening.secretary(1)}", f"/leader/{evening.tokens['leader']}",
             f"/projector/{evening.tokens['projector']}", f"/join/{evening.tokens['participant']}", "/no-such-page"]
    found = {}
    for path in pages:
        response = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert response.status_code in (200, 404), (path, response.status_code)
        problems = BROKEN.findall(visible_text(response.get_data(as_text=True)))
        if problems:
            found[path] = problems
    assert found == {}


def test_the_app_migrates_its_database_at_start(app):
    conn = storage.connect(app.config["DATABASE"])
    assert storage.schema_version(conn) == storage.latest_schema_version()


def test_the_organiser_sets_the_reports_author_and_time_zone_on_the_event_form(evening, client):
    from dialog_app.db import get_db

    csrf = evening.log_in(client)
    url = f"/organiser/events/{evening.event.id}"
    assert 'name="time_zone"' in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf, "organisation": "Lerums kommun",
                                      "time_zone": "Europe/Helsinki"})
    assert response.status_code == 302
    with evening.app.app_context():
        event = events.get(get_db(), evening.event.id)
    assert (event.organisation, event.time_zone) == ("Lerums kommun", "Europe/Helsinki")
    wrong = client.post(url, data={"csrf_token": csrf, "time_zone": "Mars/Olympus"})
    assert wrong.status_code == 400
    assert "Tidszonen ”Mars/Olympus” finns inte. Skriv till exempel Europe/Stockholm." in wrong.get_data(as_text=True)


def test_a_date_in_the_past_is_asked_about_before_it_is_saved(client, evening):
    csrf = evening.log_in(client)
    fields = {"csrf_token": csrf, "title": "Forum i Lerum", "event_date": "2025-12-07",
              "vision_question": "Hur ser det ut om tio år?", "deepen_question": "Hur når vi dit?"}
    asked = client.post("/organiser/events", data=fields)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 400
    assert "Datumet 2025-12-07 har redan varit. Stämmer det?" in page and 'data-testid="past-date-confirm"' in page
    assert "Forum i Lerum" not in client.get("/organiser/").get_data(as_text=True)
    saved = client.post("/organiser/events", data=fields | {"past_date_confirmed": "1"})
    assert saved.status_code == 302
    edited = client.post(saved.headers["Location"], data={"csrf_token": csrf, "event_date": "2024-01-14"})
    assert edited.status_code == 400 and "Datumet 2024-01-14 har redan varit" in edited.get_data(as_text=True)


def test_a_practice_reset_is_asked_first_and_every_page_starts_again(client, evening):
    import uuid

    from support.evening import received

    csrf = evening.log_in(client)
    evening.set_phase("brainstorm")
    tablet = evening.socket(evening.secretary(1))
    assert tablet.emit("idea:add", {"id": str(uuid.uuid4()), "text": "Övningsidé"}, callback=True)["ok"]
    tablet.get_received()
    address = f"/organiser/events/{evening.event.id}/reset"
    assert client.post(address, data={"csrf_token": csrf}).status_code == 400  # not without the tick
    assert received(tablet, "evening:reset") == []
    assert client.post(address, data={"csrf_token": csrf, "confirm": "yes"}).status_code == 302
    assert received(tablet, "evening:reset") == [{}]
    again = evening.socket(evening.secretary(1))
    snapshot = received(again, "snapshot")[0]
    assert snapshot["ideas"] == [] and snapshot["phase"]["key"] == "setup"


def test_the_phone_says_truthfully_who_sees_the_name(client, evening):
    """The table's tablet lists who sits there, so the phone may not promise that only organisers see it."""
    page = client.get(f"/join/{evening.tokens['participant']}").get_data(as_text=True)
    assert ("Namnet syns för arrangörerna och på ditt bords surfplatta. "
            "Projektorn och rapporten visar bara antal.") in page
    assert "Namnet syns bara för arrangörerna" not in page
