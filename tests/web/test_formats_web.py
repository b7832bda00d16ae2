"""The formats on the organiser's page, the leader's page and the command line."""

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
