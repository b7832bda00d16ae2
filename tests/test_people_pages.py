"""The organiser's lists on the web: import with preview, check-in at the door, the dashboard, seating."""

import io
import re

from dialog_app.db import get_db
from sessions import people, service
from test_realtime import received

LERUM = "\n".join(["Namn;Kön;Status;Inbjuden av;Bransch"] + [
    f"Person {n};{'Kvinna' if n < 20 else 'Man'};{'Deltog' if n < 17 or 20 <= n < 54 else 'Anmäld'};"
    f"{'Politiker A' if n % 2 else 'Politiker B'};{'företag' if n % 3 else 'skola'}" for n in range(60)])


def upload(client, evening, csrf, content: bytes, filename="lista.csv", **extra):
    return client.post(f"/organiser/events/{evening.event.id}/people/import",
                       data={"csrf_token": csrf, "file": (io.BytesIO(content), filename), **extra},
                       content_type="multipart/form-data")


def test_import_shows_a_preview_then_imports_on_confirmation(client, app, evening):
    csrf = evening.log_in(client)
    preview = upload(client, evening, csrf, LERUM.encode("cp1252"))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "60 personer är klara att importeras" in page
    content = re.search(r'name="content" value="([^"]+)"', page).group(1)
    with app.app_context():
        assert people.list_people(get_db(), service.ORGANISER, evening.event.id) == []
    confirmed = client.post(f"/organiser/events/{evening.event.id}/people/import",
                            data={"csrf_token": csrf, "content": content, "filename": "lista.csv", "confirm": "1"})
    assert confirmed.status_code == 302
    assert "60 personer är importerade" in client.get(confirmed.headers["Location"]).get_data(as_text=True)


def test_a_bad_file_lists_its_rows_and_imports_nothing(client, app, evening):
    csrf = evening.log_in(client)
    page = upload(client, evening, csrf, "Namn,Kön\nEva,K\nOlle,robot\n".encode()).get_data(as_text=True)
    assert "Rad 3" in page and "okänt värde för kön" in page
    assert re.search(r'<button type="submit" name="confirm" value="1" disabled', page)
    with app.app_context():
        assert people.list_people(get_db(), service.ORGANISER, evening.event.id) == []


def test_the_dashboard_shows_the_funnel_and_warns(client, evening):
    csrf = evening.log_in(client)
    page = upload(client, evening, csrf, LERUM.encode()).get_data(as_text=True)
    content = re.search(r'name="content" value="([^"]+)"', page).group(1)
    client.post(f"/organiser/events/{evening.event.id}/people/import",
                data={"csrf_token": csrf, "content": content, "filename": "l.csv", "confirm": "1"})
    dashboard = client.get(f"/organiser/events/{evening.event.id}/dashboard").get_data(as_text=True)
    assert 'data-invited="60" data-registered="60"' in dashboard and 'data-attended="51"' in dashboard
    assert dashboard.count('data-testid="balance-warning"') == 4
    assert "Av de anmälda kom 85 procent" in dashboard
    client.post(f"/organiser/events/{evening.event.id}/dashboard/band", data={"csrf_token": csrf, "low": "30", "high": "70"})
    relaxed = client.get(f"/organiser/events/{evening.event.id}/dashboard").get_data(as_text=True)
    assert relaxed.count('data-testid="balance-warning"') == 0


def test_check_in_at_the_door_and_a_walk_in(client, app, evening):
    csrf = evening.log_in(client)
    with app.app_context():
        people.add_person(get_db(), service.ORGANISER, evening.event.id, {"name": "Åsa Öberg", "status": "registered"})
    found = client.get(f"/organiser/events/{evening.event.id}/checkin?q=åsa").get_data(as_text=True)
    person_id = re.search(r'/people/([0-9a-f-]+)/status', found).group(1)
    client.post(f"/organiser/events/{evening.event.id}/people/{person_id}/status",
                data={"csrf_token": csrf, "status": "attended"})
    client.post(f"/organiser/events/{evening.event.id}/people",
                data={"csrf_token": csrf, "name": "Gäst Utan Anmälan", "gender": "man", "walk_in": "1"})
    with app.app_context():
        shown = people.figures(get_db(), service.ORGANISER, evening.event.id)
    assert shown["funnel"]["attended"] == 2 and shown["walk_ins"] == 1


def test_the_list_downloads_as_csv_for_excel(client, app, evening):
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/people", data={"csrf_token": csrf, "name": "Kim Åberg"})
    response = client.get(f"/organiser/events/{evening.event.id}/people.csv")
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffNamn;Organisation") and "Kim Åberg" in text


def test_seating_mixes_tables_and_the_tablet_shows_who_sits_there(client, app, evening):
    csrf = evening.log_in(client)
    page = upload(client, evening, csrf, LERUM.encode()).get_data(as_text=True)
    content = re.search(r'name="content" value="([^"]+)"', page).group(1)
    client.post(f"/organiser/events/{evening.event.id}/people/import",
                data={"csrf_token": csrf, "content": content, "filename": "l.csv", "confirm": "1"})
    client.post(f"/organiser/events/{evening.event.id}/seating", data={"csrf_token": csrf})
    with app.app_context():
        listed = people.list_people(get_db(), service.ORGANISER, evening.event.id)
    attending = [p for p in listed if p.status == "attended"]
    for table in range(1, 7):
        at_table = [p for p in attending if p.table_number == table]
        women = sum(p.gender == "woman" for p in at_table)
        assert len(at_table) in (8, 9) and women in (2, 3), (table, len(at_table), women)
    tablet = evening.socket(evening.secretary(1))
    seated = received(tablet, "snapshot")[0]["seated"]
    assert len(seated) in (8, 9)
    projector = evening.socket(evening.tokens["projector"])
    assert "Person" not in repr(received(projector, "snapshot")[0])


def test_the_invites_command_imports_a_list_and_refuses_a_bad_one(app, evening, tmp_path):
    from click.testing import CliRunner

    from dialog_app.cli import cli

    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(LERUM, encoding="utf-8")
    bad.write_text("Namn,Kön\nEva,K\nOlle,robot\n", encoding="utf-8")
    db = app.config["DATABASE"]
    refused = CliRunner().invoke(cli, ["invites", "import", evening.event.id, str(bad), "--db", db], obj={})
    assert refused.exit_code != 0 and "line 3" in refused.output
    imported = CliRunner().invoke(cli, ["invites", "import", evening.event.id, str(good), "--db", db], obj={})
    assert imported.exit_code == 0 and "Imported 60" in imported.output
    account = CliRunner().invoke(cli, ["create-organiser", "anna", "--password", "ett långt lösenord", "--db", db], obj={})
    assert account.exit_code == 0, account.output


def test_the_csv_download_does_not_carry_formulas(client, evening):
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/people", data={"csrf_token": csrf, "name": "=cmd|' /C calc'!A0"})
    text = client.get(f"/organiser/events/{evening.event.id}/people.csv").data.decode("utf-8")
    assert "'=cmd" in text
