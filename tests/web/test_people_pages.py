"""The organiser's lists on the web: import with preview, check-in at the door, the dashboard, seating."""

import re

import pytest

from dialog_app.db import get_db
from sessions.evening import events
from sessions.ground import roles
from sessions.people import balance, people
from support.evening import received
from support.people_files import large, sample

LERUM = "\n".join(["Namn;Kön;Status;Inbjuden av;Bransch"] + [
    f"Person {n};{'Kvinna' if n < 20 else 'Man'};{'Deltog' if n < 17 or 20 <= n < 54 else 'Anmäld'};"
    f"{'Politiker A' if n % 2 else 'Politiker B'};{'företag' if n % 3 else 'skola'}" for n in range(60)])


def upload(client, evening, csrf, content: bytes, filename="lista.csv"):
    # The body is encoded here: werkzeug's test client spools a large one to a file it never closes.
    boundary = "----lista"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"/organiser/events/{evening.event.id}/people/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def import_list(client, evening, csrf, content: bytes, filename="lista.csv", attended_now=False):
    """Upload, then confirm the preview as it stands; returns the confirm's response. ``attended_now``:
    LERUM's "Deltog" marks people checked in (the organiser's choice before the evening)."""
    preview = upload(client, evening, csrf, content, filename)
    if attended_now:
        chosen = {f"map_{index}": name for index, name in enumerate(("name", "gender", "status", "inviter", "sector"))}
        client.post(preview.headers["Location"] + "/columns",
                    data={"csrf_token": csrf, **chosen, "before_evening:attended": "attended"})
    return client.post(preview.headers["Location"] + "/confirm", data={"csrf_token": csrf})


def listed(app, evening):
    with app.app_context():
        return people.list_people(get_db(), roles.ORGANISER, evening.event.id)


def test_import_shows_a_preview_then_imports_on_confirmation(client, app, evening):
    csrf = evening.log_in(client)
    uploaded = upload(client, evening, csrf, LERUM.encode("cp1252"))
    assert uploaded.status_code == 302 and "/people/import/" in uploaded.headers["Location"]
    page = client.get(uploaded.headers["Location"]).get_data(as_text=True)
    assert 'data-add="60"' in page and "60 nya personer läggs till" in page
    assert "teckenkodning cp1252, avgränsare semikolon" in page
    assert listed(app, evening) == []
    confirmed = client.post(uploaded.headers["Location"] + "/confirm", data={"csrf_token": csrf})
    assert confirmed.status_code == 302
    assert "Listan är importerad: 60 nya personer, 0 uppdaterade, 0 oförändrade." in \
        client.get(confirmed.headers["Location"]).get_data(as_text=True)


def test_a_double_click_on_importera_imports_the_list_once(client, app, evening):
    csrf = evening.log_in(client)
    location = upload(client, evening, csrf, LERUM.encode()).headers["Location"]
    first = client.post(location + "/confirm", data={"csrf_token": csrf})
    second = client.post(location + "/confirm", data={"csrf_token": csrf})
    assert (first.status_code, second.status_code) == (302, 302)
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Listan är redan importerad: 60 nya personer" in page and "Inget har importerats en gång till" in page
    assert len(listed(app, evening)) == 60
    assert 'data-testid="import-done"' in client.get(location).get_data(as_text=True)


def test_resubmitting_an_updated_list_updates_instead_of_doubling(client, app, evening):
    csrf = evening.log_in(client)
    import_list(client, evening, csrf, sample("omgang-v1.csv"), "omgang-v1.csv")
    location = upload(client, evening, csrf, sample("omgang-v2.csv"), "omgang-v2.csv").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert re.findall(r'data-line="(\d)" data-action="(\w+)"', page) == [
        ("2", "update"), ("3", "update"), ("4", "update"), ("5", "add")]
    assert "Status Inbjuden → Anmäld" in page and 'data-update="3"' in page
    assert "3 personer som redan finns uppdateras" in page and "1 ny person läggs till" in page
    client.post(location + "/confirm", data={"csrf_token": csrf})
    assert sorted(p.name for p in listed(app, evening)) == ["Märta Ström Lind", "Per Ek", "Sven Dahl", "Åsa Öberg"]


def test_an_unknown_status_is_mapped_in_the_preview(client, app, evening):
    csrf = evening.log_in(client)
    location = upload(client, evening, csrf, sample("statusar-som-listor-skriver.csv")).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert 'data-testid="unknown-values"' in page and "Status ”kanske” (2 rader) betyder" in page
    assert not re.search(r'data-testid="import-confirm"[^>]*disabled', page)
    # Changing a meaning and pressing Importera at once shows the new preview first.
    form = {"csrf_token": csrf, "map_0": "name", "map_1": "gender", "map_2": "status",
            "status:kanske": "registered", "status:väntelista": "invited"}
    waited = client.post(location + "/confirm", data=form)
    assert waited.headers["Location"].endswith(location)
    assert listed(app, evening) == []
    client.post(location + "/confirm", data=form)
    statuses = {p.name: p.status for p in listed(app, evening)}
    assert (statuses["Person 14"], statuses["Person 15"]) == ("registered", "invited")


def test_confirming_the_preview_as_shown_imports_at_once(client, app, evening):
    csrf = evening.log_in(client)
    location = upload(client, evening, csrf, "Namn;Kön;Status\nOlle;robot;kanske\n".encode()).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    # The form as the page shows it: the columns as guessed, the unknown values at their defaults.
    form = {"csrf_token": csrf,
            **dict(re.findall(r'<select name="(map_\d)"[^>]*>.*?<option value="(\w+)" selected', page, re.S))}
    form |= {name: value for name,
             value in re.findall(r'name="((?:status|gender):\w+)"[^>]*>.*?<option value="(\w+)" selected',
                                                      page, re.S)}
    assert form == {"csrf_token": csrf, "map_0": "name", "map_1": "gender", "map_2": "status",
                    "gender:robot": "unknown", "status:kanske": "invited"}
    confirmed = client.post(location + "/confirm", data=form)
    assert confirmed.headers["Location"].endswith("/people")
    assert [(p.name, p.gender, p.status) for p in listed(app, evening)] == [("Olle", "unknown", "invited")]


def test_the_preview_pages_through_every_row(client, evening):
    csrf = evening.log_in(client)
    content = ("Namn;Kön\n" + "\n".join(f"Person {n};K" for n in range(1, 121)) + "\n").encode()
    location = upload(client, evening, csrf, content).headers["Location"]
    second = client.get(location + "?page=2").get_data(as_text=True)
    assert re.findall(r'data-line="(\d+)"', second) == [str(line) for line in range(52, 102)]
    assert "Sida 2 av 3 (rad 52–101 av 120)" in second
    last = client.get(location + "?page=3").get_data(as_text=True)
    assert len(re.findall('data-testid="preview-row"', last)) == 20


@pytest.mark.parametrize("name, message", [
    ("avbruten-export.xlsx", "Filen är skadad eller ofullständig"),
    ("gammal-excel-ole2.xls", "äldre Excel-fil (XLS)"),
])
def test_an_unreadable_file_gets_a_swedish_sentence_and_imports_nothing(client, app, evening, name, message):
    csrf = evening.log_in(client)
    refused = upload(client, evening, csrf, sample(name), name)
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/people")
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert message in page and 'data-testid="error"' in page
    assert listed(app, evening) == []


def test_the_bombs_are_refused_with_a_sentence(client, app, evening):
    csrf = evening.log_in(client)
    for name, message in (("bomb-en-miljon-rader.xlsx", "mer än 40 MB uppackad"),
                          ("bomb-fyra-miljoner-tomma-rader.xlsx", "fler än 100\u00a0000 rader, tomma rader medräknade"),
                          ("personer-5001.csv", "fler än 5\u00a0000 rader med innehåll")):
        refused = upload(client, evening, csrf, large(name), name)
        assert message in client.get(refused.headers["Location"]).get_data(as_text=True), name
    assert listed(app, evening) == []


def test_a_file_over_two_megabytes_is_refused_while_it_is_sent(client, evening):
    csrf = evening.log_in(client)
    refused = upload(client, evening, csrf, b"Namn\n" + b"x" * (3 * 1024 * 1024))
    assert refused.status_code == 302
    assert "Filen är för stor (högst 2 MB)." in client.get(refused.headers["Location"]).get_data(as_text=True)


def test_the_last_import_is_undone_from_the_list(client, app, evening):
    csrf = evening.log_in(client)
    import_list(client, evening, csrf, sample("excel-windows-semikolon-cp1252.csv"), "inbjudna.csv")
    page = client.get(f"/organiser/events/{evening.event.id}/people").get_data(as_text=True)
    assert "Ångra den senaste importen (inbjudna.csv)" in page
    undone = client.post(f"/organiser/events/{evening.event.id}/people/import/undo", data={"csrf_token": csrf})
    assert "Importen av inbjudna.csv är ångrad. Borttagna: 8. Återställda: 0." in \
        client.get(undone.headers["Location"]).get_data(as_text=True)
    assert listed(app, evening) == []


def test_a_person_is_deleted_from_the_edit_page(client, app, evening):
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/people", data={"csrf_token": csrf, "name": "Fel Rad"})
    person = listed(app, evening)[0]
    edit = client.get(f"/organiser/events/{evening.event.id}/people/{person.id}").get_data(as_text=True)
    assert "Ja, ta bort Fel Rad" in edit
    deleted = client.post(f"/organiser/events/{evening.event.id}/people/{person.id}/delete", data={"csrf_token": csrf})
    assert "Fel Rad är borttagen från listan." in client.get(deleted.headers["Location"]).get_data(as_text=True)
    assert listed(app, evening) == []


def test_the_dashboard_shows_the_funnel_and_warns(client, evening):
    csrf = evening.log_in(client)
    import_list(client, evening, csrf, LERUM.encode(), attended_now=True)
    dashboard = client.get(f"/organiser/events/{evening.event.id}/dashboard").get_data(as_text=True)
    assert 'data-invited="60" data-registered="60"' in dashboard and 'data-attended="51"' in dashboard
    warnings = re.findall(r'data-testid="balance-warning"[^>]*>\s*(.*?)\s*</p>', dashboard, re.S)
    assert [" ".join(w.split()) for w in warnings] == [
        "Bland de inbjudna är 20 kvinnor och 40 män: kvinnor utgör 33 procent (gränserna är 40–60 procent).",
        "Bland de anmälda är 20 kvinnor och 40 män: kvinnor utgör 33 procent (gränserna är 40–60 procent).",
        "Bland deltagarna är 17 kvinnor och 34 män: kvinnor utgör 33 procent (gränserna är 40–60 procent).",
        "Politiker A har bjudit in 10 kvinnor och 20 män. Be om fler namn på kvinnor medan det finns tid.",
        "Politiker B har bjudit in 10 kvinnor och 20 män. Be om fler namn på kvinnor medan det finns tid."]
    assert "Av de anmälda kom 85 procent" in dashboard and "Anmälda som inte har checkats in än: 9." in dashboard
    assert 'data-testid="balance-chart"' in dashboard and "css/people.css" in dashboard
    client.post(f"/organiser/events/{evening.event.id}/dashboard/band",
                data={"csrf_token": csrf, "low": "30", "high": "70"})
    relaxed = client.get(f"/organiser/events/{evening.event.id}/dashboard").get_data(as_text=True)
    assert relaxed.count('data-testid="balance-warning"') == 0


def test_the_dashboard_counts_uteblev_once_the_evening_is_under_way(client, evening):
    csrf = evening.log_in(client)
    import_list(client, evening, csrf, LERUM.encode(), attended_now=True)
    evening.set_phase("brainstorm")
    dashboard = client.get(f"/organiser/events/{evening.event.id}/dashboard").get_data(as_text=True)
    assert 'data-no-show="9"' in dashboard and "Uteblev: 9." in dashboard


def test_the_dashboard_in_english(client, evening):
    csrf = evening.log_in(client)
    import_list(client, evening, csrf, LERUM.encode(), attended_now=True)
    dashboard = client.get(f"/organiser/events/{evening.event.id}/dashboard?lang=en").get_data(as_text=True)
    assert "Politiker A has invited 10 women and 20 men. Ask for the names of more women while there is time." in \
        " ".join(dashboard.split())


def test_check_in_at_the_door_and_a_walk_in(client, app, evening):
    csrf = evening.log_in(client)
    with app.app_context():
        people.add_person(get_db(), roles.ORGANISER, evening.event.id, {"name": "Åsa Öberg", "status": "registered"})
    found = client.get(f"/organiser/events/{evening.event.id}/checkin?q=oberg").get_data(as_text=True)
    assert "Åsa Öberg" in found
    person_id = re.search(r'/checkin/([0-9a-f-]+)"', found).group(1)
    client.post(f"/organiser/events/{evening.event.id}/checkin/{person_id}", data={"csrf_token": csrf})
    client.post(f"/organiser/events/{evening.event.id}/people",
                data={"csrf_token": csrf, "name": "Gäst Utan Anmälan", "gender": "man", "walk_in": "1"})
    with app.app_context():
        shown = balance.dashboard(get_db(), roles.ORGANISER, evening.event.id)
    assert shown["funnel"]["attended"] == 2 and shown["walk_ins"] == 1
    # A second undo (a double tap) says so by name and changes nothing.
    undo = f"/organiser/events/{evening.event.id}/checkin/{person_id}/undo"
    client.post(undo, data={"csrf_token": csrf})
    again = client.post(undo, data={"csrf_token": csrf}, follow_redirects=True).get_data(as_text=True)
    assert "Åsa Öberg är inte incheckad. Inget ändrades." in again
    with app.app_context():
        assert people.get_person(get_db(), roles.ORGANISER, evening.event.id, person_id).status == "registered"


def test_the_list_downloads_as_csv_for_excel(client, app, evening):
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/people", data={"csrf_token": csrf, "name": "Kim Åberg"})
    response = client.get(f"/organiser/events/{evening.event.id}/people.csv")
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffNamn;Organisation") and "Kim Åberg" in text


def test_seating_mixes_tables_and_explains_itself_and_the_tablet_shows_who_sits_there(client, app, evening):
    csrf = evening.log_in(client)
    import_list(client, evening, csrf, LERUM.encode(), attended_now=True)
    suggested = client.post(f"/organiser/events/{evening.event.id}/seating", data={"csrf_token": csrf})
    page = client.get(suggested.headers["Location"]).get_data(as_text=True)
    assert "sorterade efter kön och sedan bransch" in page
    assert re.findall(r'data-table="(\d)" data-count="(\d)" data-women="(\d)" data-men="(\d)"', page) == [
        ("1", "9", "3", "6"), ("2", "9", "3", "6"), ("3", "9", "3", "6"), ("4", "8", "2", "6"), ("5", "8", "3", "5"),
        ("6", "8", "3", "5")]
    tablet = evening.socket(evening.secretary(1))
    seated = received(tablet, "snapshot")[0]["seated"]
    assert len(seated) == 9
    projector = evening.socket(evening.tokens["projector"])
    assert "Person" not in repr(received(projector, "snapshot")[0])


def test_the_invites_command_imports_a_list_and_refuses_a_bad_one(app, evening, tmp_path):
    from click.testing import CliRunner

    from dialog_app.cli import cli

    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(LERUM, encoding="utf-8")
    bad.write_text("Namn,Kön\nEva,K\n,K\n", encoding="utf-8")
    db = app.config["DATABASE"]
    refused = CliRunner().invoke(cli, ["invites", "import", evening.event.id, str(bad), "--db", db], obj={})
    assert refused.exit_code != 0 and "line 3" in refused.output
    imported = CliRunner().invoke(cli, ["invites", "import", evening.event.id, str(good), "--db", db], obj={})
    assert imported.exit_code == 0 and "Imported 60" in imported.output
    again = CliRunner().invoke(cli, ["invites", "import", evening.event.id, str(good), "--db", db], obj={})
    assert again.exit_code == 0 and "Imported 0 people" in again.output and "60 unchanged" in again.output
    account = CliRunner().invoke(cli, ["create-organiser", "anna", "--organisation", "Sundsvall",
                                       "--password", "ett långt lösenord", "--db", db], obj={})
    assert account.exit_code == 0, account.output


def test_the_csv_download_does_not_carry_formulas(client, evening):
    csrf = evening.log_in(client)
    client.post(f"/organiser/events/{evening.event.id}/people", data={"csrf_token": csrf, "name": "=cmd|' /C calc'!A0"})
    text = client.get(f"/organiser/events/{evening.event.id}/people.csv").data.decode("utf-8")
    assert "'=cmd" in text


def test_the_organiser_narrows_the_balance_band_and_a_bad_band_changes_nothing(client, evening):
    csrf = evening.log_in(client)
    path = f"/organiser/events/{evening.event.id}/dashboard/band"
    assert client.post(path, data={"csrf_token": csrf, "low": "45", "high": "55"}).status_code == 302
    with evening.app.app_context():
        event = events.get(get_db(), evening.event.id)
        assert (event.balance_low, event.balance_high) == (0.45, 0.55)
    for low, high in (("60", "40"), ("fyrtio", "60"), ("", ""), ("-5", "50"), ("40", "101")):
        page = client.get(client.post(path, data={"csrf_token": csrf, "low": low, "high": high}).headers["Location"])
        assert "Ange gränserna i procent, med den undre lägre än den övre." in page.get_data(as_text=True)
    with evening.app.app_context():
        event = events.get(get_db(), evening.event.id)
        assert (event.balance_low, event.balance_high) == (0.45, 0.55)


def five_thousand_people(app, evening) -> None:
    """5,000 people on the list, names in the order they were made; every 40th from a school."""
    from sessions import storage

    with app.app_context():
        conn = get_db()
        with storage.transaction(conn):
            storage.insert_people(conn, evening.event.id, [
                {"name": f"Person {n:04d}", "organisation": "Skola" if n % 40 == 0 else f"Företag {n} AB",
                 "sector": "", "gender": "unknown", "inviter": "", "contact": "", "status": "invited"}
                for n in range(5000)], False, 1_700_000_000.0)


def shown_names(page: str) -> list[str]:
    return re.findall(r'<tr data-testid="person-row">\s*<td><a href="[^"]+">([^<]+)</a>', page)


def test_a_list_of_five_thousand_is_shown_a_hundred_at_a_time_with_the_whole_lists_counts(client, app, evening):
    five_thousand_people(app, evening)
    evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}/people"
    page = client.get(base).get_data(as_text=True)
    assert shown_names(page) == [f"Person {n:04d}" for n in range(100)]
    assert 'data-testid="people-total">5\u00a0000<' in page
    assert "Sida 1 av 50 (1–100 av 5\u00a0000)" in page
    assert f'href="{base}?page=2" rel="next"' in page and 'rel="prev"' not in page
    second = client.get(f"{base}?page=2").get_data(as_text=True)
    assert shown_names(second) == [f"Person {n:04d}" for n in range(100, 200)]
    assert "Sida 2 av 50 (101–200 av 5\u00a0000)" in second and f'href="{base}?page=1" rel="prev"' in second
    # A page past the end shows the last one; the list stays whole in the download.
    last = client.get(f"{base}?page=999").get_data(as_text=True)
    assert shown_names(last)[-1] == "Person 4999" and "Sida 50 av 50 (4\u00a0901–5\u00a0000 av 5\u00a0000)" in last
    assert client.get(f"/organiser/events/{evening.event.id}/people.csv").get_data(as_text=True).count("\n") == 5001


def test_a_search_in_the_long_list_is_paged_and_says_how_many_it_found(client, app, evening):
    five_thousand_people(app, evening)
    evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}/people"
    page = client.get(f"{base}?q=skola").get_data(as_text=True)
    assert "Sökningen ger 125 personer av 5\u00a0000." in page
    assert shown_names(page) == [f"Person {n:04d}" for n in range(0, 4000, 40)]
    assert "Sida 1 av 2 (1–100 av 125)" in page and f'href="{base}?q=skola&amp;page=2" rel="next"' in page
    second = client.get(f"{base}?q=skola&page=2").get_data(as_text=True)
    assert shown_names(second) == [f"Person {n:04d}" for n in range(4000, 5000, 40)]
    # Saving a person's status from page 2 of the search comes back to it.
    assert f'name="back" value="/organiser/events/{evening.event.id}/people?q=skola&amp;page=2"' in second
    nobody = client.get(f"{base}?q=ingen-alls").get_data(as_text=True)
    assert "Sökningen ger 0 personer av 5\u00a0000." in nobody and "Ingen på listan matchar sökningen." in nobody
