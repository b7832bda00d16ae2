"""The organiser's lists: import from the files organisers keep, statuses, and the balance figures."""

import io

import pytest
from openpyxl import Workbook

from conftest import principal, refused
from sessions import people, service
from sessions.export import build_export
from sessions.invite_import import import_people, parse, read_table
from sessions.roles import Role

ORGANISER = service.ORGANISER


def load(conn, event, filename, content, mapping=None):
    header, rows = read_table(filename, content)
    parsed = parse(header, rows, mapping)
    return parsed, (import_people(conn, ORGANISER, event.id, parsed) if not parsed.errors else None)


def test_a_swedish_list_from_excel_imports_as_it_stands(conn, event):
    content = ("Namn;Organisation;Bransch/Sektor;Kön;Inbjuden av;E-post;Status;Anteckning\r\n"
               "Åsa Öberg;Ödsmåls Bygg AB;företag;Kvinna;Kommunalrådet;asa@example.se;Anmäld;ringer tillbaka\r\n"
               "Per Ek;Lerums gymnasium;skola;M;Kommunalrådet;;Deltog;\r\n"
               ";;;;;;;\r\n"
               "Kim Lund;Region Väst;region;;Näringslivschefen;kim@example.se;;\r\n").encode("cp1252")
    parsed, count = load(conn, event, "lista.csv", content)
    assert parsed.errors == [] and count == 3
    listed = {p.name: p for p in people.list_people(conn, ORGANISER, event.id)}
    assert listed["Åsa Öberg"].gender == "woman" and listed["Åsa Öberg"].status == "registered"
    assert listed["Per Ek"].gender == "man" and listed["Per Ek"].status == "attended"
    assert listed["Kim Lund"].gender == "unknown" and listed["Kim Lund"].status == "invited"
    assert listed["Åsa Öberg"].organisation == "Ödsmåls Bygg AB"


def test_an_xlsx_list_with_english_columns_imports(conn, event):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Company", "Sector", "Gender", "Invited by", "Email", "Status", "Extra"])
    sheet.append(["Ann Berg", "Berg AB", "företag", "Woman", "Mayor", "ann@example.se", "Registered", 42])
    sheet.append(["Bo Dal", "Skolan", "skola", "male", "Mayor", None, "declined", None])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed, count = load(conn, event, "list.xlsx", buffer.getvalue())
    assert count == 2 and 7 not in parsed.mapping
    assert [p.status for p in people.list_people(conn, ORGANISER, event.id)] == ["registered", "declined"]


def test_bad_rows_are_reported_by_line_and_nothing_is_half_imported(conn, event):
    content = ("Namn,Kön,Status\n"
               "Eva,K,Anmäld\n"
               ",K,Anmäld\n"
               "Olle,robot,Anmäld\n"
               "Siv,K,kanske\n").encode()
    header, rows = read_table("lista.csv", content)
    parsed = parse(header, rows)
    assert [(error["line"], error["code"]) for error in parsed.errors] == [
        (3, "person.name_empty"), (4, "import.bad_gender"), (5, "import.bad_status")]
    error = refused("import.bad_rows", import_people, conn, ORGANISER, event.id, parsed)
    assert error.params["lines"] == [3, 4, 5]
    assert people.list_people(conn, ORGANISER, event.id) == []


def test_columns_can_be_mapped_by_hand(conn, event):
    content = "Deltagarens fullständiga namn,Vem bjöd in\nLisa Ek,Ordföranden\n".encode()
    header, rows = read_table("lista.csv", content)
    refused("import.no_name_column", parse, header, rows)
    parsed = parse(header, rows, {0: "name", 1: "inviter"})
    assert import_people(conn, ORGANISER, event.id, parsed) == 1
    assert people.list_people(conn, ORGANISER, event.id)[0].inviter == "Ordföranden"


def test_only_organisers_see_and_change_the_list(conn, event):
    for role in (Role.LEADER, Role.PROJECTOR, Role.SECRETARY, Role.PARTICIPANT):
        refused("role.forbidden", people.list_people, conn, principal(event, role, 1), event.id)
        refused("role.forbidden", people.add_person, conn, principal(event, role, 1), event.id, {"name": "X"})


@pytest.fixture
def lerum(conn, event):
    """Lerum 2011: 60 invited, all 60 registered, 51 came: 17 women and 34 men."""
    rows = ["Namn,Kön,Status,Inbjuden av,Bransch"]
    for number in range(60):
        gender = "Kvinna" if number < 20 else "Man"
        came = number < 17 or 20 <= number < 54
        rows.append(f"Person {number},{gender},{'Deltog' if came else 'Anmäld'},"
                    f"{'Politiker A' if number % 2 else 'Politiker B'},{'företag' if number % 3 else 'skola'}")
    header, parsed_rows = read_table("lerum.csv", "\n".join(rows).encode())
    import_people(conn, ORGANISER, event.id, parse(header, parsed_rows))
    return event


def test_the_dashboard_shows_lerums_funnel_and_warns_about_the_balance(conn, lerum):
    shown = people.figures(conn, ORGANISER, lerum.id)
    assert shown["funnel"] == {"invited": 60, "registered": 60, "attended": 51}
    assert shown["show_up_rate"] == 0.85
    assert shown["stages"]["attended"]["by_gender"] == {"man": 34, "woman": 17}
    assert shown["stages"]["registered"]["by_gender"] == {"man": 40, "woman": 20}
    assert {(w["stage"], w["gender"]) for w in shown["warnings"]} == {
        ("registered", "woman"), ("registered", "man"), ("attended", "woman"), ("attended", "man")}
    assert sum(stage["attended"]["count"] for stage in shown["per_inviter"].values()) == 51


def test_checking_in_moves_a_person_to_attended_and_walk_ins_count(conn, lerum):
    waiting = [p for p in people.list_people(conn, ORGANISER, lerum.id, "person 5") if p.status == "registered"][0]
    people.set_status(conn, ORGANISER, lerum.id, waiting.id, "attended")
    people.add_person(conn, ORGANISER, lerum.id, {"name": "Ny Gäst", "gender": "woman"}, walk_in=True)
    shown = people.figures(conn, ORGANISER, lerum.id)
    assert shown["funnel"]["attended"] == 53 and shown["walk_ins"] == 1
    refused("person.not_found", people.set_status, conn, ORGANISER, lerum.id, "nobody", "attended")


def test_the_strategy_export_gets_counts_and_never_names(conn, lerum):
    document = build_export(conn, ORGANISER, lerum.id)
    assert document["attendance"] == {"list_kept": True, "invited": 60, "registered": 60, "attended": 51,
                                      "by_gender": {"man": 34, "woman": 17},
                                      "gender_shares": {"man": 0.667, "woman": 0.333},
                                      "by_sector": {"företag": 34, "skola": 17},
                                      "by_stage": {"invited": {"man": 40, "woman": 20},
                                                   "registered": {"man": 40, "woman": 20},
                                                   "attended": {"man": 34, "woman": 17}},
                                      "participants_joined": 0}
    assert "Person 1" not in repr(document)


def test_deleting_the_event_deletes_its_people(conn, lerum):
    service.delete_event(conn, ORGANISER, lerum.id)
    assert conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0


def test_a_person_is_corrected_by_hand(conn, event):
    person_id = people.add_person(conn, ORGANISER, event.id, {"name": "Ana Svenson"})
    fixed = people.edit_person(conn, ORGANISER, event.id, person_id,
                               {"name": "Anna Svensson", "gender": "woman", "status": "registered", "sector": "akademi"})
    assert (fixed.name, fixed.gender, fixed.status, fixed.sector) == ("Anna Svensson", "woman", "registered", "akademi")
    refused("person.name_empty", people.edit_person, conn, ORGANISER, event.id, person_id, {"name": " "})
    refused("role.forbidden", people.edit_person, conn, principal(event, Role.LEADER), event.id, person_id, {"name": "X"})
