"""The programme's follow-up page: each theme across its events with the event's follow-up form, the history
kept with who and when, and the report for the council downloaded with and without the strategy."""

import io
import uuid

from docx import Document

from dialog_app.db import get_db
from sessions.documents import programme
from sessions.ground import roles


def _programme(app, evening) -> tuple[str, str]:
    from sessions.evening import ideas
    from sessions.evening.demo import create_demo_event
    from sessions.ground.roles import Role
    from support.evening import in_phase, principal

    with app.app_context():
        conn = get_db()
        breakfast = create_demo_event(conn, b"x" * 32, format_id="frukostmote")
        for event, text in ((evening.event, "Snabbare bygglov"), (evening.event, "Bättre pendeltåg"),
                            (breakfast, "Bygglov på tre veckor")):
            in_phase(conn, event, "brainstorm")
            ideas.add(conn, principal(event, Role.SECRETARY, 1), str(uuid.uuid4()), text)
        made = programme.create(conn, roles.ORGANISER, "Underlag till näringslivsstrategin 2027",
                                [evening.event.id, breakfast.id])
        programme.suggest(conn, roles.ORGANISER, made.id,
                          lambda texts, n: [("Bygglov", [i for i, t in enumerate(texts) if "ygglov" in t]),
                                            ("Resor", [i for i, t in enumerate(texts) if "ygglov" not in t])])
        found, _ = programme.get(conn, roles.ORGANISER, made.id)
        return made.id, programme.themes_of(found)[0]["key"]


def test_the_organiser_follows_up_a_programmes_theme_and_downloads_the_report(app, client, evening):
    csrf = evening.log_in(client)
    programme_id, key = _programme(app, evening)
    url = f"/organiser/programmes/{programme_id}/followup"
    assert f'href="{url}"' in client.get(f"/organiser/programmes/{programme_id}").get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert page.count('data-testid="followup-theme"') == 2 and "Bygglov på tre veckor (Frukostmöte" in page
    assert 'data-testid="followup-status" data-status=""' in page
    form = {"csrf_token": csrf, "kind": "theme", "subject_id": key, "status": "in_progress",
            "responsible": "Samhällsbyggnad", "status_date": "2027-02-01", "note": ""}
    saved = client.post(url, data=form)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"{url}#theme-{key}")
    again = client.post(url, data=form, follow_redirects=True).get_data(as_text=True)
    assert "Inget ändrades." in again
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="followup-status" data-status="in_progress"' in page and "Samhällsbyggnad" in page
    assert 'data-testid="followup-history"' in page and "1 ändring" in page
    assert 'data-status="in_progress" data-count="1"' in page and 'data-status="none" data-count="1"' in page
    refused = client.post(url, data=form | {"status_date": "1 februari"}, follow_redirects=True)
    assert "Datumet ska skrivas som ÅÅÅÅ-MM-DD." in refused.get_data(as_text=True)

    markdown = client.get(f"{url}/report?format=md")
    assert markdown.status_code == 200 and "attachment" in markdown.headers["Content-Disposition"]
    text = markdown.get_data(as_text=True)
    assert "| Bygglov | Ej prövat | Pågår | Samhällsbyggnad |" in text and "| Resor | Ej prövat | – |  |" in text
    docx = client.get(f"{url}/report?format=docx")
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert client.get(f"{url}/report?format=exe").status_code == 400

    strategy = io.BytesIO(b"# Bygglov\n\nKommunen ger snabbare beslut om bygglov.\n")
    answer = client.post(f"{url}/report", data={"csrf_token": csrf, "strategy": (strategy, "strategi.md")},
                         content_type="multipart/form-data")
    assert answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
    rows = [[cell.text for cell in row.cells] for table in Document(io.BytesIO(answer.data)).tables
            if table.rows[0].cells[0].text == "Tema" for row in table.rows]
    assert rows[1][0] == "Bygglov" and rows[1][1].startswith("Tas upp") and rows[1][2] == "Pågår"
    nothing = client.post(f"{url}/report", data={"csrf_token": csrf}, follow_redirects=True)
    assert nothing.status_code == 200 and "strategi" in nothing.get_data(as_text=True).lower()
    assert client.get("/organiser/programmes/finnsinte/followup").status_code == 404


def test_the_command_writes_the_programmes_follow_up_report(tmp_path):
    from click.testing import CliRunner

    from dialog_app import create_app
    from dialog_app.cli import cli
    from dialog_app.db import token_secret
    from sessions.documents import followup
    from sessions.evening import ideas
    from sessions.evening.demo import create_demo_event
    from sessions.ground.roles import Role
    from support.evening import in_phase, principal

    db = str(tmp_path / "programme.sqlite")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE": db})
    with app.app_context():
        conn = get_db()
        event = create_demo_event(conn, token_secret(), format_id="frukostmote")
        in_phase(conn, event, "brainstorm")
        for text in ("Snabbare bygglov", "Bättre pendeltåg"):
            ideas.add(conn, principal(event, Role.SECRETARY, 1), str(uuid.uuid4()), text)
        made = programme.create(conn, roles.ORGANISER, "Underlag till näringslivsstrategin 2027", [event.id])
        programme.suggest(conn, roles.ORGANISER, made.id, lambda texts, n: [("Bygglov", [0]), ("Resor", [1])])
        found, _ = programme.get(conn, roles.ORGANISER, made.id)
        followup.set_programme_followup(conn, roles.ORGANISER, made.id, programme.themes_of(found)[0]["key"],
                                        {"status": "done", "responsible": "Näringslivsenheten"}, "anna")
    runner = CliRunner()
    out = tmp_path / "uppfoljning.md"
    outcome = runner.invoke(cli, ["programme", "followup", made.id, "--format", "md", "--out", str(out), "--db", db])
    assert outcome.exit_code == 0, outcome.output
    assert "1 of 2 themes followed up; no strategy read, so no imprint" in outcome.output
    text = out.read_text(encoding="utf-8")
    assert "| Bygglov | Ej prövat | Genomförd | Näringslivsenheten |" in text
    strategy = tmp_path / "strategi.md"
    strategy.write_text("# Bygglov\n\nKommunen ger snabbare beslut om bygglov.\n", encoding="utf-8")
    docx = tmp_path / "uppfoljning.docx"
    outcome = runner.invoke(cli, ["programme", "followup", made.id, "--out", str(docx), "--strategy", str(strategy),
                                  "--db", db])
    assert outcome.exit_code == 0, outcome.output
    rows = [[cell.text for cell in row.cells] for table in Document(str(docx)).tables
            if table.rows[0].cells[0].text == "Tema" for row in table.rows]
    assert rows[1][0] == "Bygglov" and rows[1][1].startswith("Tas upp")
    missing = runner.invoke(cli, ["programme", "followup", "finnsinte", "--out", str(out), "--db", db])
    assert missing.exit_code == 1 and "programme.not_found" in missing.output
