"""The formats on the organiser's page, the leader's page and the command line."""

import uuid

from click.testing import CliRunner

from dialog_app.db import get_db
from sessions.evening import events, formats
from sessions.ground import roles
from support.evening import received


def test_the_command_lists_the_formats_one_a_line_id_first():
    from dialog_app.cli import cli

    outcome = CliRunner().invoke(cli, ["formats"])
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.output.splitlines()
    assert [line.split("\t")[0] for line in lines] == list(formats.FORMATS)
    assert lines[0].startswith("oppet-forum\tÖppet forum\tsetup → warmup → brainstorm")


def test_a_demo_of_an_unknown_format_is_refused_before_serving():
    from dialog_app.cli import cli

    outcome = CliRunner().invoke(cli, ["demo", "--format", "kafferep", "--port", "1"])
    assert outcome.exit_code == 1 and "event.bad_format" in outcome.output


def test_the_organiser_chooses_the_format_when_creating_an_event(app, client, evening):
    csrf = evening.log_in(client)
    page = client.get("/organiser/").get_data(as_text=True)
    assert 'data-testid="event-format"' in page and '<option value="oppet-forum" selected>Öppet forum' in page
    response = client.post("/organiser/events", data={"csrf_token": csrf, "format_id": "oppet-forum",
                                                      "title": "Höstens forum", "vision_question": "Hur?",
                                                      "deepen_question": "Hur då?"})
    assert response.status_code == 302
    with app.app_context():
        created = [event for event in events.listed(get_db(), roles.ORGANISER) if event.title == "Höstens forum"][0]
    assert created.format_id == "oppet-forum"


def test_an_unknown_format_in_the_form_is_explained_and_nothing_is_made(app, client, evening):
    csrf = evening.log_in(client)
    response = client.post("/organiser/events", data={"csrf_token": csrf, "format_id": "kafferep",
                                                      "title": "Kafferep", "vision_question": "Hur?",
                                                      "deepen_question": "Hur då?"})
    assert response.status_code == 400
    assert "Formen ”kafferep” finns inte." in response.get_data(as_text=True)
    with app.app_context():
        assert [event.title for event in events.listed(get_db(), roles.ORGANISER)] == [evening.event.title]


def test_the_leader_gets_the_events_steps(evening):
    leader = evening.socket(evening.tokens["leader"])
    snapshot = received(leader, "snapshot")[-1]
    assert snapshot["phase"]["order"] == ["setup", "warmup", "brainstorm", "prioritise", "theming", "deepen",
                                          "closing"]
    assert snapshot["phase"]["phones"] == []


def test_the_command_makes_a_programme_of_two_formats_and_reports_it(tmp_path):
    import json

    from docx import Document

    from dialog_app import create_app
    from dialog_app.cli import cli
    from dialog_app.db import token_secret
    from sessions.evening import ideas
    from sessions.evening.demo import create_demo_event
    from sessions.ground.roles import Role
    from support.evening import in_phase, principal

    db = str(tmp_path / "programme.sqlite")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": db})
    with app.app_context():
        conn = get_db()
        made = [create_demo_event(conn, token_secret(), format_id=f) for f in ("oppet-forum", "upphandlingsdialog")]
        for event in made:
            in_phase(conn, event, "brainstorm")
        for event, text in ((made[0], "Enklare upphandlingar för små företag"),
                            (made[1], "Dela upp upphandlingarna så att små företag kan lämna anbud")):
            ideas.add(conn, principal(event, Role.SECRETARY, 1), str(uuid.uuid4()), text)
    runner = CliRunner()
    outcome = runner.invoke(cli, ["programme", "create", "Underlag till näringslivsstrategin 2027", "--events",
                                  f"{made[0].id},{made[1].id}", "--db", db])
    assert outcome.exit_code == 0, outcome.output
    programme_id = outcome.output.splitlines()[-1]
    out = tmp_path / "programme.json"
    outcome = runner.invoke(cli, ["programme", "report", programme_id, "--format", "json", "--out", str(out),
                                  "--db", db])
    assert outcome.exit_code == 0, outcome.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [event["format"] for event in doc["events"]] == ["oppet-forum", "upphandlingsdialog"]
    drawn_from = {source["event_id"] for theme in doc["themes"] for source in theme["sources"]}
    assert drawn_from == {made[0].id, made[1].id}
    docx = tmp_path / "programme.docx"
    assert runner.invoke(cli, ["programme", "report", programme_id, "--format", "docx", "--out", str(docx),
                               "--db", db]).exit_code == 0
    assert Document(str(docx)).core_properties.title == "Underlag till näringslivsstrategin 2027"
    strategy = tmp_path / "strategi.md"
    strategy.write_text("# Upphandling\n\nKommunen delar upp upphandlingarna så att små företag kan lämna anbud.\n",
                        encoding="utf-8")
    found = runner.invoke(cli, ["programme", "imprint", programme_id, str(strategy), "--format", "json", "--out",
                                str(tmp_path / "avtryck.json"), "--db", db])
    assert found.exit_code == 0, found.output
    assert json.loads((tmp_path / "avtryck.json").read_text(encoding="utf-8"))["summary"]["themes_reached"] >= 1
    missing = runner.invoke(cli, ["programme", "report", "finnsinte", "--out", str(out), "--db", db])
    assert missing.exit_code == 1 and "programme.not_found" in missing.output


def test_the_organiser_makes_a_programme_corrects_its_themes_and_downloads_its_report(app, client, evening):
    from sessions.evening import ideas
    from sessions.evening.demo import create_demo_event
    from sessions.ground.roles import Role
    from support.evening import in_phase, principal

    csrf = evening.log_in(client)
    with app.app_context():
        conn = get_db()
        breakfast = create_demo_event(conn, b"x" * 32, format_id="frukostmote")
        for event, text in ((evening.event, "Snabbare bygglov"), (breakfast, "Bygglov på tre veckor")):
            in_phase(conn, event, "brainstorm")
            ideas.add(conn, principal(event, Role.SECRETARY, 1), str(uuid.uuid4()), text)
    page = client.get("/organiser/programmes/").get_data(as_text=True)
    assert 'data-testid="programme-event"' in page and "Frukostmöte" in page
    response = client.post("/organiser/programmes/", data={"csrf_token": csrf, "title": "Business Focus vecka 41–42",
                                                           "event_ids": [evening.event.id, breakfast.id]})
    assert response.status_code == 302
    programme_url = response.headers["Location"]
    client.post(f"{programme_url}/suggest", data={"csrf_token": csrf})
    client.post(f"{programme_url}/rename", data={"csrf_token": csrf, "theme": "1", "title": "Snabba beslut"})
    page = client.get(programme_url).get_data(as_text=True)
    assert "Business Focus vecka 41–42" in page and 'value="Snabba beslut"' in page
    assert 'data-format="frukostmote"' in page and 'data-format="oppet-forum"' in page
    refused = client.post(f"{programme_url}/rename", data={"csrf_token": csrf, "theme": "9", "title": "x"},
                          follow_redirects=True)
    assert "Temat finns inte längre" in refused.get_data(as_text=True)
    report = client.get(f"{programme_url}/report?format=json")
    assert report.status_code == 200 and report.json["themes"][0]["title"] == "Snabba beslut"
    import io

    strategy = io.BytesIO(b"# Bygglov\n\nKommunen ger snabbare beslut om bygglov.\n")
    answer = client.post(f"{programme_url}/imprint", data={"csrf_token": csrf, "strategy": (strategy, "strategi.md")},
                         content_type="multipart/form-data")
    assert answer.status_code == 200 and answer.data[:2] == b"PK"  # the answer to the council, as DOCX
    assert "attachment" in answer.headers["Content-Disposition"]
    nothing = client.post(f"{programme_url}/imprint", data={"csrf_token": csrf}, follow_redirects=True)
    assert nothing.status_code == 200 and "strategi" in nothing.get_data(as_text=True).lower()
    assert client.get("/organiser/programmes/finnsinte").status_code == 404
    assert client.post("/organiser/programmes/", data={"title": "x"}).status_code == 400  # no CSRF token


def test_a_phone_sending_ideas_faster_than_a_person_is_told_to_wait_and_its_excess_is_not_stored(app, monkeypatch):
    from dialog_app import limits
    from dialog_app.db import token_secret
    from dialog_app.realtime import socketio
    from sessions.evening.demo import create_demo_event
    from support.evening import in_phase

    monkeypatch.setattr(limits, "clock", lambda: 1000.0)
    with app.app_context():
        event = create_demo_event(get_db(), token_secret(), format_id="frukostmote")
        links = events.role_links(get_db(), token_secret(), roles.ORGANISER, event.id)
        in_phase(get_db(), event, "brainstorm")
    phone = socketio.test_client(app, auth={"token": links["participant"], "lang": "sv"})
    assert phone.emit("participant:join", {"name": "Åsa", "table": 1}, callback=True)["ok"]
    too_long = phone.emit("phone:idea", {"id": str(uuid.uuid4()), "text": "x" * 501}, callback=True)
    assert too_long["error"]["code"] == "idea.too_long"
    answers = [phone.emit("phone:idea", {"id": str(uuid.uuid4()), "text": f"Idé {n}"}, callback=True)
               for n in range(10)]
    assert [answer["ok"] for answer in answers] == [True] * 9 + [False]  # ten a burst, the long one counted
    assert answers[9]["error"]["code"] == "rate.limited"
    with app.app_context():
        assert len(get_db().execute("SELECT id FROM idea WHERE kind = 'phone_idea'").fetchall()) == 9
