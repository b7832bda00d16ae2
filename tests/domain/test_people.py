"""The organiser's lists: import from the files organisers keep, statuses, and the balance figures."""

import io

import pytest
from openpyxl import Workbook

from sessions.documents.document import build_export
from sessions.evening import events
from sessions.evening.demo import DEMO_EVENT
from sessions.ground import roles
from sessions.ground.roles import Role
from sessions.people import balance, imports, people, seating
from sessions.people.imports import confirm_import, preview, start_import
from support.evening import SECRET, in_phase, principal, refused

ORGANISER = roles.ORGANISER


def load(conn, event, filename, content, attended_now=False):
    """Import a list; ``attended_now``: its "Deltog" checks people in (the organiser's choice)."""
    import_id = start_import(conn, ORGANISER, event.id, filename, content)
    if attended_now:
        shown = preview(conn, ORGANISER, event.id, import_id)
        imports.choose(conn, ORGANISER, event.id, import_id, shown.mapping,
                       {"before_evening": {"attended": "attended"}})
    shown = preview(conn, ORGANISER, event.id, import_id)
    return shown, confirm_import(conn, ORGANISER, event.id, import_id)["added"]


def test_a_swedish_list_from_excel_imports_as_it_stands(conn, event):
    content = ("Namn;Organisation;Bransch/Sektor;Kön;Inbjuden av;E-post;Status;Anteckning\r\n"
               "Åsa Öberg;Ödsmåls Bygg AB;företag;Kvinna;Kommunalrådet;asa@example.se;Anmäld;ringer tillbaka\r\n"
               "Per Ek;Lerums gymnasium;skola;M;Kommunalrådet;;Deltog;\r\n"
               ";;;;;;;\r\n"
               "Kim Lund;Region Väst;region;;Näringslivschefen;kim@example.se;;\r\n").encode("cp1252")
    shown, count = load(conn, event, "lista.csv", content)
    assert shown.counts()["skip"] == 0 and count == 3
    listed = {p.name: p for p in people.list_people(conn, ORGANISER, event.id)}
    assert listed["Åsa Öberg"].gender == "woman" and listed["Åsa Öberg"].status == "registered"
    # "Deltog" before the evening is a registration unless the organiser chooses otherwise.
    assert listed["Per Ek"].gender == "man" and listed["Per Ek"].status == "registered"
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
    shown, count = load(conn, event, "list.xlsx", buffer.getvalue())
    assert count == 2 and 7 not in shown.mapping
    assert [p.status for p in people.list_people(conn, ORGANISER, event.id)] == ["registered", "declined"]


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
    load(conn, event, "lerum.csv", "\n".join(rows).encode(), attended_now=True)
    return event


def test_the_dashboard_shows_lerums_funnel_and_warns_once_per_group(conn, lerum):
    shown = balance.dashboard(conn, ORGANISER, lerum.id)
    assert shown["funnel"] == {"invited": 60, "registered": 60, "attended": 51}
    assert shown["show_up_rate"] == 0.85
    attended = shown["stages"]["attended"]
    assert (attended["woman"], attended["man"], attended["share_woman"]) == (17, 34, 0.333)
    assert (shown["stages"]["registered"]["woman"], shown["stages"]["registered"]["man"]) == (20, 40)
    # One warning per group, naming the fewer: each stage from the invitations on, and each inviter.
    assert [(w["scope"], w["stage"], w.get("inviter"), w["fewer"], w["woman"],
             w["man"]) for w in shown["warnings"]] == [
        ("stage", "invited", None, "woman", 20, 40), ("stage", "registered", None, "woman", 20, 40),
        ("stage", "attended", None, "woman", 17, 34),
        ("inviter", "invited", "Politiker A", "woman", 10, 20), ("inviter", "invited", "Politiker B", "woman", 10, 20)]
    assert sum(inviter["attended"] for inviter in shown["per_inviter"]) == 51


def test_an_inviter_whose_invitations_are_skewed_is_named_with_the_numbers(conn, event):
    for number in range(7):
        people.add_person(conn, ORGANISER, event.id,
                          {"name": f"Man {number}", "gender": "man", "inviter": "Kommunalrådet"})
    for number in range(4):
        people.add_person(conn, ORGANISER, event.id,
                          {"name": f"Kvinna {number}", "gender": "woman", "inviter": "Rektorn"})
    for number in range(3):  # fewer than five: counts, not shares, and no judgement
        people.add_person(conn, ORGANISER, event.id,
                          {"name": f"Gäst {number}", "gender": "man", "inviter": "Företagarna"})
    shown = balance.dashboard(conn, ORGANISER, event.id)
    inviters = {row["inviter"]: row for row in shown["per_inviter"]}
    assert inviters["Kommunalrådet"]["warning"] == {"fewer": "woman", "share": 0.0, "woman": 0, "man": 7, "unknown": 0}
    assert inviters["Företagarna"]["invited"] == {"count": 3, "woman": 0, "man": 3, "unknown": 0, "judged": False,
                                                  "share_woman": None, "share_man": None}
    assert inviters["Företagarna"]["warning"] is None and inviters["Rektorn"]["warning"] is None
    # Overall 4 women of 14: the invited stage is out of balance too, said once.
    assert [(w["scope"], w.get("inviter")) for w in shown["warnings"]] == [("stage", None),
                                                                           ("inviter", "Kommunalrådet")]


def test_uteblev_is_counted_once_the_evening_is_under_way(conn, event):
    import datetime

    for name, status in (("Anna", "registered"), ("Bo", "registered"), ("Cia", "attended"), ("Dan", "no_show")):
        people.add_person(conn, ORGANISER, event.id, {"name": name, "status": status})
    before = balance.dashboard(conn, ORGANISER, event.id, today=datetime.date(2024, 5, 2))
    assert (before["no_show"], before["waiting"], before["evening_begun"]) == (1, 2, False)
    dated = dict(DEMO_EVENT, event_date="2024-05-02", past_date_confirmed="1")  # kept after the evening
    events.edit(conn, SECRET.encode(), ORGANISER, event.id, dated)
    on_the_day = balance.dashboard(conn, ORGANISER, event.id, today=datetime.date(2024, 5, 2))
    assert (on_the_day["no_show"], on_the_day["waiting"]) == (1, 2)
    after_the_day = balance.dashboard(conn, ORGANISER, event.id, today=datetime.date(2024, 5, 3))
    assert (after_the_day["no_show"], after_the_day["waiting"]) == (3, 0)
    events.edit(conn, SECRET.encode(), ORGANISER, event.id, dict(DEMO_EVENT, event_date=""))
    in_phase(conn, event, "brainstorm")
    under_way = balance.dashboard(conn, ORGANISER, event.id, today=datetime.date(2024, 5, 2))
    assert (under_way["no_show"], under_way["waiting"], under_way["funnel"]["registered"]) == (3, 0, 4)


def test_sectors_are_counted_at_every_stage_however_they_are_capitalised(conn, event):
    for name, sector, status in (("A", "Företag", "attended"), ("B", "företag", "registered"),
                                 ("C", "Skola", "invited"), ("D", "Företag", "declined"), ("E", "", "attended")):
        people.add_person(conn, ORGANISER, event.id, {"name": name, "sector": sector, "status": status})
    assert balance.dashboard(conn, ORGANISER, event.id)["sectors"] == [
        {"sector": "Företag", "invited": 3, "registered": 2, "attended": 1},
        {"sector": "Skola", "invited": 1, "registered": 0, "attended": 0},
        {"sector": "", "invited": 1, "registered": 1, "attended": 1}]


def test_check_in_search_ignores_case_and_accents(conn, event):
    for name, organisation in (("Åsa Öberg", "Öbergs Bygg"), ("Asa Oberg", "Kommunen"), ("Søren Ærø", "Dansk AB"),
                               ("Per Ek", "Skolan")):
        people.add_person(conn, ORGANISER, event.id, {"name": name, "organisation": organisation})

    def found(query):
        return sorted(p.name for p in people.list_people(conn, ORGANISER, event.id, query))

    assert found("oberg") == ["Asa Oberg", "Åsa Öberg"]
    assert found("asa") == ["Asa Oberg", "Åsa Öberg"]
    assert found("ÖBERGS") == ["Åsa Öberg"]
    assert found("soren aero") == ["Søren Ærø"]
    assert found("  per   EK ") == ["Per Ek"]


def test_a_person_can_be_deleted(conn, event):
    person_id = people.add_person(conn, ORGANISER, event.id, {"name": "Fel Rad"})
    assert people.delete_person(conn, ORGANISER, event.id, person_id).name == "Fel Rad"
    assert people.list_people(conn, ORGANISER, event.id) == []
    refused("person.not_found", people.delete_person, conn, ORGANISER, event.id, person_id)
    refused("role.forbidden", people.delete_person, conn, principal(event, Role.LEADER), event.id, person_id)


def test_the_seating_says_each_tables_mix_of_gender_and_sector(conn, lerum):
    seating.suggest_seating(conn, ORGANISER, lerum.id)
    shown = seating.seating(conn, ORGANISER, lerum.id)
    assert shown["basis"] == "attended" and shown["seated"] == 51 and shown["unseated"] == 0
    assert [(t["count"], t["woman"], t["man"]) for t in shown["tables"]] == [
        (9, 3, 6), (9, 3, 6), (9, 3, 6), (8, 2, 6), (8, 3, 5), (8, 3, 5)]
    for table in shown["tables"]:
        assert set(table["by_sector"]) == {"företag", "skola"}, table


def test_seating_frees_the_seats_of_people_who_did_not_come(conn, event):
    anna = people.add_person(conn, ORGANISER, event.id, {"name": "Anna", "status": "registered"})
    people.add_person(conn, ORGANISER, event.id, {"name": "Bo", "status": "registered"})
    seating.suggest_seating(conn, ORGANISER, event.id)
    people.set_status(conn, ORGANISER, event.id, anna, "attended")
    assert seating.suggest_seating(conn, ORGANISER, event.id) == {1: 1}
    assert {p.name: p.table_number for p in people.list_people(conn, ORGANISER, event.id)} == {"Anna": 1, "Bo": None}


def test_checking_in_moves_a_person_to_attended_and_walk_ins_count(conn, lerum):
    waiting = [p for p in people.list_people(conn, ORGANISER, lerum.id, "person 5") if p.status == "registered"][0]
    people.set_status(conn, ORGANISER, lerum.id, waiting.id, "attended")
    people.add_person(conn, ORGANISER, lerum.id, {"name": "Ny Gäst", "gender": "woman"}, walk_in=True)
    shown = balance.dashboard(conn, ORGANISER, lerum.id)
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
    events.delete(conn, ORGANISER, lerum.id)
    assert conn.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0


def test_a_person_is_corrected_by_hand(conn, event):
    person_id = people.add_person(conn, ORGANISER, event.id, {"name": "Ana Svenson"})
    fixed = people.edit_person(conn, ORGANISER, event.id, person_id,
                               {"name": "Anna Svensson", "gender": "woman", "status": "registered",
                                "sector": "akademi"})
    assert (fixed.name, fixed.gender, fixed.status, fixed.sector) == ("Anna Svensson", "woman", "registered", "akademi")
    refused("person.name_empty", people.edit_person, conn, ORGANISER, event.id, person_id, {"name": " "})
    refused("role.forbidden", people.edit_person, conn, principal(event, Role.LEADER), event.id, person_id,
            {"name": "X"})


def test_the_show_up_rate_counts_those_who_registered_beforehand_not_the_walk_ins(conn, event):
    """Five registered, four of them came, one walked in: 80 percent came, not 5 of 6."""
    for number in range(5):
        person = people.add_person(conn, ORGANISER, event.id, {"name": f"Anmäld {number}", "status": "registered"})
        if number < 4:
            people.check_in(conn, ORGANISER, event.id, person)
    people.add_person(conn, ORGANISER, event.id, {"name": "Kim Ny"}, walk_in=True)
    shown = balance.dashboard(conn, ORGANISER, event.id)
    assert (shown["walk_ins"], shown["show_up_rate"]) == (1, 0.8)
